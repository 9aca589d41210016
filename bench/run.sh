#!/usr/bin/env bash
# Reproduces every figure in docs/BENCHMARKS.md: builds Release (the plugin packs land in
# artifacts/plugins, where the benchmarks load them through the host's registry), records the machine,
# then runs all kernel and Parquet benchmarks with the short in-process job (see Program.cs).
# Extra arguments go to BenchmarkDotNet, e.g. bench/run.sh --filter '*Parquet*'.
# FEATURES_BENCH_FILTER=technical.sma,technical.bb narrows the kernels.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/results
mkdir -p "$out"
dotnet build Features.sln -c Release -nologo -v q -clp:ErrorsOnly
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD)"
  echo "nproc: $(nproc)"
  lscpu | head -20
  free -h
  echo "load: $(cat /proc/loadavg)"
  dotnet --version
} > "$out/machine.txt"
filter=("--filter" "*")
if [ "$#" -gt 0 ]; then filter=(); fi
time dotnet run -c Release --no-build --project tests/Features.Benchmarks -- "${filter[@]}" --artifacts "$out/artifacts" "$@"
echo "load after: $(cat /proc/loadavg)" >> "$out/machine.txt"
ls "$out"/artifacts/results/*-report-github.md
