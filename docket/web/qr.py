"""QR codes drawn on the server (segno) as inline SVG: a phone's camera reads a feed link or an
authenticator secret off the screen, with no script, no image request and no third party that
would see the secret."""

from __future__ import annotations

import segno
from markupsafe import Markup

#: Medium error correction (15 %): a phone reads it off a glossy or scratched screen, and a
#: 90-character feed link still fits a version-6 code that a 360 px screen shows sharply.
ERROR_LEVEL = "m"
#: Pixels per module; the SVG scales with the page (see .qr in docket.css).
SCALE = 4


def qr_code(text: str) -> segno.QRCode:
    """The code a page shows for `text`; tests compare its matrix with what a page embeds."""
    return segno.make_qr(text, error=ERROR_LEVEL, boost_error=False)


def qr_svg(text: str, *, title: str) -> Markup:
    """`text` as an inline SVG QR code, black on white with its quiet zone (a dark page or a
    dark-mode browser must not eat the border a camera needs), titled for screen readers."""
    svg = qr_code(text).svg_inline(
        scale=SCALE, dark="#000", light="#fff", title=title, svgclass="qr", omitsize=True
    )
    # segno escapes the title; the rest is its own drawing.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704 - segno's own SVG
