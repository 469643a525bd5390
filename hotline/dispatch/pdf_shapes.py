"""QR codes and Code128 barcodes as raw PDF path operators, one filled path per symbol.

Drawing each module as its own shape is what makes a 2,000-stop manifest slow (SPEC §10); here a
symbol becomes one string of `re` operators in module units, placed with a single `cm` transform.
"""

from __future__ import annotations

import re

import segno
from reportlab.graphics.barcode.code128 import Code128

# A fixed mask skips segno's evaluation of all eight masks, which is most of its time; every mask
# gives a valid symbol, the evaluation only tunes contrast patterns that scanners cope with anyway.
QR_MASK = 0
QR_QUIET_MODULES = 2


def qr_matrix(data: str) -> tuple[bytearray, ...]:
    qr = segno.make_qr(data, error="m", mask=QR_MASK, boost_error=False)
    matrix: tuple[bytearray, ...] = qr.matrix
    return matrix


_DARK_RUN = re.compile(rb"\x01+")


def _row_runs(row: bytearray) -> set[tuple[int, int]]:
    """Dark runs of one row as (start, length); the regex scan runs in C."""
    return {(m.start(), m.end() - m.start()) for m in _DARK_RUN.finditer(row)}


def matrix_rectangles(matrix: tuple[bytearray, ...]) -> list[tuple[int, int, int, int]]:
    """Cover the dark modules with rectangles (x, y, w, h): row runs, stacked where rows repeat."""
    done: list[tuple[int, int, int, int]] = []
    open_runs: dict[tuple[int, int], int] = {}
    for y, row in enumerate(matrix):
        runs = _row_runs(row)
        for run in [r for r in open_runs if r not in runs]:
            top = open_runs.pop(run)
            done.append((run[0], top, run[1], y - top))
        for run in runs:
            open_runs.setdefault(run, y)
    height = len(matrix)
    done.extend((x, top, w, height - top) for (x, w), top in open_runs.items())
    return done


def qr_operators(data: str, x: float, y: float, size: float) -> str:
    """PDF operators filling a QR code for `data` in the square with lower-left corner (x, y)."""
    matrix = qr_matrix(data)
    modules = len(matrix) + 2 * QR_QUIET_MODULES
    scale = size / modules
    # Flip y so matrix row 0 is the top of the square; module units keep the numbers short integers.
    top = y + size - QR_QUIET_MODULES * scale
    left = x + QR_QUIET_MODULES * scale
    rects = " ".join(f"{rx} {ry} {rw} {rh} re" for rx, ry, rw, rh in matrix_rectangles(matrix))
    return f"q 0 g {scale:.4f} 0 0 {-scale:.4f} {left:.2f} {top:.2f} cm {rects} f Q"


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
