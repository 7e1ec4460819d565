#!/usr/bin/env bash
# Two or more htcds binaries converting the same input in turns, run after
# run: these machines speed up and slow down by a fifth for minutes at a
# time, and turns give each binary the same luck. Prints each binary's wall
# seconds, CPU seconds (user + system) and voluntary context switches, run by
# run. Each run writes a new output file. Prints figures; asserts nothing.
#
#   bash Benchmarks/compare.sh OLD_BINARY NEW_BINARY
#   ROUNDS=5 INPUT=.build-bench/register-100000.csv bash Benchmarks/compare.sh A B
#   MAPPING=Benchmarks/safe-passage-register-xml.yaml INPUT=.build-bench/register-1000000.xml \
#       bash Benchmarks/compare.sh A B      # XML (the mapping reads .build-bench/register.xml)
#
# A binary built elsewhere (a `git worktree` of an older commit, say) carries
# its data (older ones found their resource bundle beside them).
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 2 ] || { sed -n 2,13p "$0" >&2; exit 2; }
rounds=${ROUNDS:-3}
input=${INPUT:-.build-bench/register-1000000.csv}
mapping=${MAPPING:-Mappings/safe-passage-register.yaml}
work=${BENCH_DIR:-.build-bench}
mkdir -p "$work"
if [[ "$input" == *.xml ]]; then
  ln -sf "$(basename "$input")" "$work/register.xml"   # where the XML mapping looks
fi

for _ in $(seq "$rounds"); do
  for binary in "$@"; do
    rm -f "$work/compare.jsonl"
    /usr/bin/time -f "$binary %e %U %S %w" "$binary" convert --mapping "$mapping" "$input" \
        -o "$work/compare.jsonl" --report "$work/compare-report.json" 2>&1 >/dev/null | tail -1
  done
done | awk '{ wall[$1] = wall[$1] " " $2; cpu[$1] = cpu[$1] " " $3 + $4; switches[$1] = switches[$1] " " $5
              if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
            END { for (i = 1; i <= n; i++) { b = order[i]
                    printf "%s\n  wall s:%s\n  CPU s: %s\n  voluntary switches:%s\n", b, wall[b], cpu[b], switches[b] } }'
