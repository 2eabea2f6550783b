// Copy buttons: <button data-copy="ID"> copies the text of the element with that id.
// A file, not an inline script, so that a strict Content-Security-Policy can forbid inline code.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.textContent.trim()).then(() => {
    const label = button.textContent;
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = label; }, 2000);
  });
});

// Print buttons: <button data-print> opens the browser's print dialog (the hearing calendar).
document.addEventListener("click", (event) => {
  if (event.target.closest("button[data-print]")) window.print();
});
