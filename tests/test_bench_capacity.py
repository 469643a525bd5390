"""The capacity benchmark's pure helpers: percentiles and the proportional set size read from /proc."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.capacity.processes import process_tree
from bench.capacity.processes import pss_kib
from bench.capacity.processes import tree_pss_kib
from bench.capacity.report import percentile

SMAPS_ROLLUP = """55d1c1a3e000-7ffd4a1f3000 ---p 00000000 00:00 0                          [rollup]
Rss:              640400 kB
Pss_Anon:          20100 kB
Pss:              318236 kB
Pss_Dirty:         20112 kB
Shared_Clean:     620240 kB
"""


def test_percentiles_interpolate_between_ranks() -> None:
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 0) == 1.0
    assert percentile(values, 50) == 3.0
    assert percentile(values, 100) == 5.0
    assert percentile(values, 95) == pytest.approx(4.8)
    assert percentile(range(1, 101), 99) == pytest.approx(99.01)
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) != percentile([], 50)  # nan: no steps, no figure


def test_pss_is_read_from_its_own_line_not_pss_dirty_or_anon() -> None:
    assert pss_kib(SMAPS_ROLLUP) == 318236
    with pytest.raises(ValueError):
        pss_kib("Rss: 10 kB\n")


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_a_process_tree_sums_the_children() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in process_tree(os.getpid())
        alone = pss_kib(Path(f"/proc/{os.getpid()}/smaps_rollup").read_text())
        total, count = tree_pss_kib(os.getpid())
        assert count >= 2
        assert total > alone
    finally:
        child.kill()
        child.wait()
