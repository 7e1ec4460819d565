#!/usr/bin/env bash
# Throughput and peak memory of a release build converting generated registers
# with the shipped mapping (value maps, dates, countries, splits, flags,
# validation and the report all on), as CSV and as the same records in XML,
# with Miller (`mlr --icsv --ojsonl cat`, Debian's miller package) on the same
# CSV as a yardstick. Prints figures; asserts nothing.
#
#   bash Benchmarks/run.sh                 # 100 thousand and 1 million rows
#   ROWS="10000" bash Benchmarks/run.sh    # other sizes
#   XML=0 bash Benchmarks/run.sh           # CSV only
#   THREADS=1 bash Benchmarks/run.sh       # htcds --threads (default: one per core)
#   REPEAT=3 bash Benchmarks/run.sh        # best of 3 runs (these machines are noisy)
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${ROWS:-"100000 1000000"}
work=${BENCH_DIR:-.build-bench}
repeat=${REPEAT:-1}
threads=${THREADS:-$(nproc)}
mkdir -p "$work"

swift build -c release --product htcds >/dev/null
bin="$(swift build -c release --show-bin-path)/htcds"
results="$work/results.tsv"
: >"$results"

# Runs a command REPEAT times; records the best wall-clock seconds and the largest peak RSS.
measure() {
  local name=$1 n=$2 input=$3; shift 3
  local best="" peak=0
  for _ in $(seq "$repeat"); do
    /usr/bin/time -v "$@" 2>"$work/time.txt" >/dev/null || { cat "$work/time.txt" >&2; return 1; }
    read -r seconds rss < <(python3 - "$work/time.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
clock = re.search(r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):([\d.]+)", text)
hours, minutes, seconds = (float(x) if x else 0.0 for x in clock.groups())
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
print(f"{hours * 3600 + minutes * 60 + seconds:.3f} {rss}")
PY
)
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$seconds" "$best"; then
      best=$seconds
    fi
    [ "$rss" -gt "$peak" ] && peak=$rss
  done
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$n" "$(stat -c %s "$input")" "$best" "$peak" >>"$results"
}

for n in $rows; do
  input="$work/register-$n.csv"
  [ -f "$input" ] || python3 Scripts/make-samples.py --rows "$n" --out "$input" >/dev/null
  measure htcds "$n" "$input" "$bin" convert --mapping Mappings/safe-passage-register.yaml "$input" \
      -o "$work/out-$n.jsonl" --report "$work/report-$n.json" --threads "$threads"
  if [ "${XML:-1}" = 1 ]; then
    xml="$work/register-$n.xml"
    [ -f "$xml" ] || python3 Scripts/make-samples.py --rows "$n" --out "$xml" --xml >/dev/null
    ln -sf "register-$n.xml" "$work/register.xml"   # where Benchmarks/safe-passage-register-xml.yaml looks
    measure htcds-xml "$n" "$xml" "$bin" convert --mapping Benchmarks/safe-passage-register-xml.yaml \
        -o "$work/out-xml-$n.jsonl" --report "$work/report-xml-$n.json" --threads "$threads"
  fi
  if command -v mlr >/dev/null; then
    measure mlr "$n" "$input" mlr --icsv --ojsonl cat "$input"
  fi
done

python3 - "$results" "$threads" <<'PY'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
print(f"htcds --threads {sys.argv[2]}")
print(f"{'tool':<10} {'rows':>10} {'input MB':>9} {'seconds':>9} {'records/s':>12} {'MB/s':>8} {'peak MB':>9}")
rate = {}
for name, n, size, seconds, rss in rows:
    n, mb, seconds, rss = int(n), int(size) / 1e6, float(seconds), int(rss)
    rate[(name, n)] = n / seconds
    print(f"{name:<10} {n:>10} {mb:>9.1f} {seconds:>9.2f} {n / seconds:>12,.0f} {mb / seconds:>8.1f} {rss / 1024:>9.1f}")
for n in sorted({key[1] for key in rate}):
    parts = []
    if ("mlr", n) in rate:
        parts.append(f"CSV {rate[('htcds', n)] / rate[('mlr', n)]:.2f}x Miller's records/s")
    if ("htcds-xml", n) in rate:
        parts.append(f"XML at {rate[('htcds-xml', n)] / rate[('htcds', n)]:.2f} of CSV's records/s")
    if parts:
        print(f"{n} rows: " + "; ".join(parts))
PY
