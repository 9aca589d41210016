#!/usr/bin/env bash
# Side-by-side kernel timings of two commits in one run: builds BASE (default: the commit before the typed SDK,
# d5aa564) in a temporary worktree and this work tree, both Release, then times every kernel of the published table
# with the benchmarks' --quick mode (best of 15 runs over 1,000,000 bars, each beside the EMA loop baseline),
# alternating base, new, base, new (ROUNDS rounds, default 3). Prints each kernel's ratio to the EMA loop for both builds (best of the
# rounds) and new/base, by best and by medians of the rounds. Usage: [KEYS=zigzag,pivots] [ROUNDS=3] bench/ab.sh [BASE] (KEYS: only those kernels)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-d5aa564}
out=bench/results/ab
mkdir -p "$out"
rm -f "$out"/base-*.txt "$out"/new-*.txt # a shorter run must not pick up an earlier run's rounds
base_tree=$(mktemp -d /tmp/features-ab.XXXXXX)
trap 'git worktree remove --force "$base_tree" >/dev/null 2>&1 || true' EXIT
git worktree add --detach -f "$base_tree" "$BASE" >/dev/null
(cd "$base_tree" && dotnet build Features.sln -c Release -nologo -v q -clp:ErrorsOnly >/dev/null)
dotnet build Features.sln -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
{ echo "base: $BASE"; echo "new: $(git rev-parse --short HEAD)$(git diff --quiet || echo '+dirty')"; echo "load: $(cat /proc/loadavg)"; } > "$out/machine.txt"
run() { # tree label round
  (cd "$1" && dotnet run -c Release --no-build --project tests/Features.Benchmarks -- --quick "$keys") > "$out/$2-$3.txt"
}
# The base build may not know "all": ask the new build for the list once.
keys=${KEYS:-$(dotnet run -c Release --no-build --project tests/Features.Benchmarks -- --quick all | awk '{print $1}' | paste -sd, -)}
for round in $(seq 1 "${ROUNDS:-3}"); do run "$base_tree" base "$round"; run . new "$round"; done
echo "load after: $(cat /proc/loadavg)" >> "$out/machine.txt"
python3 - "$out" <<'PY'
import sys, glob, os, statistics
out = sys.argv[1]
def rounds(label):
    r = {}
    for f in glob.glob(os.path.join(out, f"{label}-*.txt")):
        for line in open(f):
            parts = line.split()
            if len(parts) >= 9 and parts[-2] == "loop":
                r.setdefault(parts[0], []).append(float(parts[-1]))
    return r
base, new = rounds("base"), rounds("new")
# Best of the rounds, and the ratio of the medians (which one lucky round of either build cannot move).
print("| kernel | base × EMA loop | new × EMA loop | new / base (best) | new / base (medians) |")
print("|---|--:|--:|--:|--:|")
worse = worse_median = 0
for k in sorted(new):
    if k in base:
        q = max(new[k]) / max(base[k])
        m = statistics.median(new[k]) / statistics.median(base[k])
        worse += q < 0.95
        worse_median += m < 0.95
        print(f"| {k} | {max(base[k]):.3f} | {max(new[k]):.3f} | {q:.3f} | {m:.3f} |")
print(f"\n{len(new)} kernels; {worse} below 0.95 of base by best, {worse_median} by medians")
PY
