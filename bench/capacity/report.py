"""What the callers' ramp prints: percentiles, a row per phase of each level, the verdict and the transcript delays."""

from __future__ import annotations

import os
from collections.abc import Iterable

from bench.capacity.callers import BRANCHES
from bench.capacity.callers import NOTE_LENGTHS
from bench.capacity.callers import Tally
from hotline.models import TranscriptStatus

P99_LIMIT_MS = 100.0


def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks; nan for no values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def report_header(seconds: float) -> None:
    print("\n== callers at a human pace: gunicorn gthread 2x4 (deploy/gunicorn.conf.py), "
          "2 transcription workers ==")
    print(f"   branches: {', '.join(f'{int(share * 100)}% {name}' for name, (share, _) in BRANCHES.items())}; "
          f"3-8 s before each answer; notes of {'/'.join(map(str, NOTE_LENGTHS))} s; "
          f"{seconds:.0f} s per phase; load average {os.getloadavg()[0]:.1f} at start")
    print(f"{'callers':>7} {'phase':<16} {'steps/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} "
          f"{'steps':>6}")


def report_level(tally: Tally, callers: int, seconds: float) -> bool:
    passed = True
    for phase, label in (("idle", "workers stopped"), ("busy", "2 workers busy")):
        lat = [s * 1000 for s in tally.steps.get((callers, phase), [])]
        errs = tally.errors.get((callers, phase), [])
        p99 = percentile(lat, 99)
        print(f"{callers:>7} {label:<16} {len(lat) / seconds:>7.1f} {percentile(lat, 50):>7.1f} "
              f"{percentile(lat, 95):>7.1f} {p99:>7.1f} {len(errs):>6} {len(lat):>6}")
        if phase == "busy":
            idle = [s * 1000 for s in tally.steps.get((callers, "idle"), [])]
            print(f"{callers:>7} p99 busy / stopped: {p99 / percentile(idle, 99):.2f}"
                  + (f"   errors: {sorted(set(errs))[:3]}" if errs else ""))
            passed = bool(lat) and p99 < P99_LIMIT_MS and not errs
    return passed


def report_verdict(tally: Tally, passed_levels: list[int]) -> None:
    print(f"\nlargest callers count passing (busy p99 < {P99_LIMIT_MS:.0f} ms, no errors): "
          f"{passed_levels[-1] if passed_levels else 'none'}")
    print(f"calls placed: {dict(sorted(tally.calls.items()))}")


def report_delays(tally: Tally, done: dict[str, tuple[float, str]], levels: list[int]) -> None:
    print("\n== hang-up to stored transcript, notes spoken and hung up within a busy phase ==")
    print("   excess = delay - (note length + 10 s); target: excess <= 0")
    print(f"{'callers':>7} {'notes':>6} {'done':>5} {'delay p50':>10} {'p95':>6} {'excess p50':>11} {'p95':>6} "
          f"{'met':>5}")
    for callers in levels:
        delays, excess, missing = [], [], 0
        for sid, (length, spoken, hung_up, at_hangup) in tally.notes.items():
            if spoken != (callers, "busy") or at_hangup != (callers, "busy"):
                continue
            if sid not in done or done[sid][1] != TranscriptStatus.DONE.value:
                missing += 1
                continue
            delay = done[sid][0] - hung_up
            delays.append(delay)
            excess.append(delay - (length + 10))
        if not delays and not missing:
            continue
        met = sum(1 for e in excess if e <= 0)
        print(f"{callers:>7} {len(delays) + missing:>6} {len(delays):>5} {percentile(delays, 50):>10.1f} "
              f"{percentile(delays, 95):>6.1f} {percentile(excess, 50):>11.1f} {percentile(excess, 95):>6.1f} "
              f"{met:>2}/{len(delays) + missing}")
