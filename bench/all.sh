#!/usr/bin/env bash
# Every figure in docs/BENCHMARKS.md in one go (about 35 min on 2 cores): kernels and Parquet codecs
# (BenchmarkDotNet), end to end over 1M/3M/10M bars, then the wrk load run on both backends (cache path).
set -euo pipefail
cd "$(dirname "$0")/.."
bash bench/run.sh
bash bench/e2e.sh
bash bench/load.sh 60
echo "results: bench/results/ (BenchmarkDotNet reports under artifacts/results, e2e.md, load.md, machine.txt)"
