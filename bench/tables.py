#!/usr/bin/env python3
"""Turns BenchmarkDotNet's GitHub reports in bench/results/artifacts/results into the tables of docs/BENCHMARKS.md.

Usage: python3 bench/tables.py            # prints markdown: the targets, every kernel, Parquet
"""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "artifacts", "results")
TARGETS = {
    "technical.sma": 0.4, "technical.ema": 0.4, "technical.rsi": 0.4, "technical.atr": 0.4, "technical.obv": 0.4,
    "technical.macd": 0.4, "technical.bb": 0.1, "technical.stoch": 0.1, "statistical.rolling_moments": 0.1,
    "technical.adx": 0.1, "technical.donchian": 0.1,
}


def rows(report):
    """The table rows of a report as dicts keyed by header, bold markers removed."""
    lines = [l for l in open(report, encoding="utf-8") if l.startswith("|")]
    header = [h.strip() for h in lines[0].strip("|\n").split("|")]
    for line in lines[2:]:
        cells = [c.strip().replace("**", "") for c in line.strip("|\n").split("|")]
        if any(cells):
            yield dict(zip(header, cells))


def ns(text):
    value, unit = text.replace(",", "").split()
    return float(value) * {"ns": 1, "us": 1e3, "μs": 1e3, "ms": 1e6}[unit]


def kernels():
    result = {}
    for report in glob.glob(os.path.join(ROOT, "*KernelBenchmarks-report-github.md")):
        baseline = None
        for row in rows(report):
            if not row.get("Method"):
                continue
            if row["Method"] == "EmaLoop":
                baseline = ns(row["Mean"])
            elif row["Method"] == "Kernel":
                mean = ns(row["Mean"])
                result[row["Plugin"]] = (mean, 1e3 / mean, baseline / mean, float(row["B/bar"]), baseline)
    return result


def main():
    measured = kernels()
    if not measured:
        sys.exit(f"no kernel reports under {ROOT}; run bench/run.sh first")
    print("| Kernel | ns/bar | M bars/s | × EMA loop | EMA loop ns/bar | B/bar | Target |")
    print("|---|--:|--:|--:|--:|--:|---|")
    met = 0
    for key, target in TARGETS.items():
        if key not in measured:
            continue
        mean, rate, ratio, allocated, baseline = measured[key]
        ok = ratio >= target
        met += ok
        print(f"| {key} | {mean:.3f} | {rate:.1f} | {ratio:.3f} | {baseline:.3f} | {allocated:.3f} | {'met' if ok else 'MISSED'} (≥ {target}) |")
    print(f"\nMet: {met} of {sum(k in measured for k in TARGETS)}.\n")
    print("| Kernel | ns/bar | M bars/s | × EMA loop | B/bar |")
    print("|---|--:|--:|--:|--:|")
    for key in sorted(measured):
        mean, rate, ratio, allocated, _ = measured[key]
        print(f"| {key} | {mean:.3f} | {rate:.1f} | {ratio:.3f} | {allocated:.3f} |")
    for report in glob.glob(os.path.join(ROOT, "*ParquetBenchmarks-report-github.md")):
        print("\n| Codec | Dictionary | ms per 1M rows | File MB | MB/s (Arrow bytes) | Allocated |")
        print("|---|---|--:|--:|--:|--:|")
        for row in rows(report):
            if row.get("Method") == "Write":
                print(f"| {row['Codec']} | {row['Dictionary']} | {ns(row['Mean']) / 1e6:.1f} | {row['File MB']} | {row['MB/s']} | {row['Allocated']} |")


if __name__ == "__main__":
    main()
