"""QR codes and Code128 barcodes as raw PDF operators, for the manifests and the receipt.

Drawing each module as its own shape is what makes a 2,000-stop manifest slow (SPEC §10). A QR code here
is one inline image mask, a bit per module, scaled to its square: the viewer or printer paints the dark
modules in the fill colour, and with /Interpolate left false it is asked not to smooth their edges. A
barcode is one string of `re` operators in bar units, placed with a single `cm` transform.
"""

from __future__ import annotations

import zxingcpp
from reportlab.graphics.barcode.code128 import Code128

QR_QUIET_MODULES = 2
# zxing-cpp draws a module a pixel, black (0) when dark and white (255) when light.
_PIXEL_TO_MODULE = bytes.maketrans(b"\x00\xff", b"\x01\x00")
_MODULE_TO_DIGIT = bytes.maketrans(b"\x00\x01", b"01")


def qr_matrix(data: str) -> tuple[bytes, ...]:
    """The QR code for `data` (error correction M), top row first: a byte per module, 1 dark and 0 light.

    zxing-cpp encodes in C++, four to five times as fast as segno, the pure-Python encoder used before;
    on a 2,000-stop manifest that was most of the PDF's time. The tests read printed codes back with it.
    """
    image = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image(
        scale=1, add_quiet_zones=False)
    size = image.shape[1]
    # The image is a buffer of 8-bit pixels; the type stubs do not say so.
    modules = bytes(image).translate(_PIXEL_TO_MODULE)  # type: ignore[call-overload]
    return tuple(modules[top:top + size] for top in range(0, len(modules), size))


def packed_rows(matrix: tuple[bytes, ...]) -> bytes:
    """The matrix a bit per module, 1 for dark, each row padded to whole bytes (PDF image sample order)."""
    width = len(matrix[0])
    pad = b"0" * (-width % 8)
    return b"".join(int(row.translate(_MODULE_TO_DIGIT) + pad, 2).to_bytes((width + len(pad)) // 8, "big")
                    for row in matrix)


def qr_operators(data: str, x: float, y: float, size: float) -> str:
    """PDF operators filling a QR code for `data` in the square with lower-left corner (x, y).

    The square keeps a quiet zone of QR_QUIET_MODULES light modules on every side.
    """
    matrix = qr_matrix(data)
    modules = len(matrix)
    scale = size / (modules + 2 * QR_QUIET_MODULES)
    inner = modules * scale
    left, bottom = x + QR_QUIET_MODULES * scale, y + QR_QUIET_MODULES * scale
    # /IM true: a stencil painted in the fill colour where a sample is 1 (/D [1 0]); /F /AHx keeps the
    # content stream text. The unit square maps to the code's square; image row 0 lands at the top.
    return (f"q 0 g {inner:.3f} 0 0 {inner:.3f} {left:.2f} {bottom:.2f} cm "
            f"BI /W {modules} /H {modules} /IM true /BPC 1 /D [1 0] /F /AHx ID "
            f"{packed_rows(matrix).hex()}> EI Q")


def code128_operators(value: str, x: float, y: float, width: float, height: float) -> str:
    """PDF operators filling a Code128 barcode of `value`, scaled to `width`, bars `height` tall."""
    barcode = Code128(value)
    barcode.validate()
    barcode.encode()
    barcode.decompose()
    bars = []
    left = 0
    # reportlab's Code128 spells the symbol as widths: upper case a bar, lower case a space.
    for ch in barcode.decomposed:
        units = ord(ch.lower()) - ord("a") + 1
        if ch.isupper():
            bars.append(f"{left} 0 {units} 1 re")
        left += units
    return f"q 0 g {width / left:.4f} 0 0 {height:.2f} {x:.2f} {y:.2f} cm {' '.join(bars)} f Q"
