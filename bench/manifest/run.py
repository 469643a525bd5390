"""A 2,000-stop manifest as PDF beside the same rows as CSV, in the same run; seconds and ratio.

Run: .venv/bin/python bench/manifest/run.py [--stops 2000] [--repeat 3]. Target: the PDF within 3 s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from hotline.dispatch.render_pdf import write_pdf
from hotline.dispatch.render_tabular import write_csv
from hotline.domain.manifest import ManifestSheet
from hotline.domain.manifest import ShipmentLine
from hotline.domain.manifest import build_manifest
from hotline.domain.s10 import make_s10
from hotline.infra.fonts import register_fonts

COMMUNES = ("Đặc khu Lý Sơn", "Phường Sa Huỳnh", "Xã Bình Sơn", "Xã Tịnh Khê", "Phường Đức Phổ", "Xã Vạn Tường")


def sample_sheet(stops: int) -> ManifestSheet:
    lines = [ShipmentLine(make_s10("RR", n), "delivery", f"Nguyễn Thị Hường {n}", "+84912345678",
                          COMMUNES[n % len(COMMUNES)], f"Thôn Đông, tổ {n % 17}, số nhà {n}",
                          "Kết quả: Cấp giấy chứng nhận an toàn kỹ thuật tàu cá", 65000 + n % 3 * 10000, n % 3)
             for n in range(stops)]
    return build_manifest(date(2026, 3, 2), "courier", "Bưu tá Lý Sơn",
                          "Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi", lines, "https://hotline.example.vn")


def best_of(repeat: int, write: Callable[[ManifestSheet, Path], Path], sheet: ManifestSheet, path: Path) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        write(sheet, path)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stops", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    register_fonts()
    sheet = sample_sheet(args.stops)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = best_of(args.repeat, write_pdf, sheet, Path(tmp) / "m.pdf")
        csv = best_of(args.repeat, write_csv, sheet, Path(tmp) / "m.csv")
        size = (Path(tmp) / "m.pdf").stat().st_size
    print(f"{args.stops} stops, best of {args.repeat}")
    print(f"  PDF (QR + Code128 per stop): {pdf:6.3f} s  ({size / 1e6:.1f} MB)  target ≤ 3 s: "
          f"{'met' if pdf <= 3 else 'NOT met'}")
    print(f"  CSV (same rows, baseline):   {csv:6.3f} s")
    print(f"  ratio PDF / CSV:             {pdf / csv:6.1f}×")


if __name__ == "__main__":
    main()
