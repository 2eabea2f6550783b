// After a save, the page shows its confirmation beside what was saved (<p id="saved">) and the
// address ends in that part's #anchor, so the browser scrolls there without this file. This
// moves the focus to the confirmation, so a screen reader reads it and the next Tab starts
// there, and centres it, so the saved item is in view on a phone with the message above it.
// On "load", not before: the browser's own scroll to the #anchor comes after the page is
// parsed and would take the focus back to the page.
window.addEventListener("load", () => {
  const saved = document.getElementById("saved");
  if (!saved) return;
  saved.focus({ preventScroll: true });
  saved.scrollIntoView({ block: "center" });
});
