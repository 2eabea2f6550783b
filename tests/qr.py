"""Reading QR codes back, locally: zxing-cpp (a C++ port of the ZXing barcode reader, from the
test extra) on a PNG — segno's own drawing or a screenshot of the page a phone would scan."""

from __future__ import annotations

import io
from pathlib import Path

import zxingcpp
from PIL import Image

from docket.web.qr import qr_code


def decode_all(image: Image.Image | Path) -> list[str]:
    """The text of every QR code in an image."""
    picture = Image.open(image) if isinstance(image, Path) else image
    # One format stands for the set of one (zxing-cpp's stubs ask for the set's type).
    qr_only = zxingcpp.BarcodeFormat.QRCode
    found = zxingcpp.read_barcodes(picture.convert("L"), formats=qr_only)  # type: ignore[arg-type]
    return [barcode.text for barcode in found]


def decode_drawn(text: str) -> list[str]:
    """What a scanner reads off the code Docket draws for `text` (segno's matrix as a PNG)."""
    png = io.BytesIO()
    qr_code(text).save(png, kind="png", scale=4, border=4)
    png.seek(0)
    return decode_all(Image.open(png))
