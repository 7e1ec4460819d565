#!/usr/bin/env bash
# Throughput, peak memory and CPU of a release build converting generated
# registers with the shipped mappings (value maps, dates, countries, splits,
# flags, validation and the report all on): CSV to JSON Lines, to the
# template's CSV and to an HTCDS SQLite database; the same records as XML;
# and the shelter database's shape (SQLite with related sets: two events a
# case, a support plan every other case, organisations by key). Miller
# (`mlr --icsv --ojsonl cat`, Debian's miller package) on the same CSV is the
# yardstick. Prints figures and each path's time against CSV to JSON Lines;
# asserts nothing.
#
#   bash Benchmarks/run.sh                 # 100 thousand and 1 million rows
#   ROWS="10000" bash Benchmarks/run.sh    # other sizes
#   XML=0 SQLITE=0 OUTPUTS=0 bash Benchmarks/run.sh   # CSV to JSON Lines only
#   THREADS=1 bash Benchmarks/run.sh       # htcds --threads (default: one per core)
#   REPEAT=3 bash Benchmarks/run.sh        # best of 3 runs, the tools taking turns (these machines are noisy)
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

# Runs a command once; appends its wall-clock seconds and peak RSS to the results.
run_once() {
  local name=$1 n=$2 input=$3; shift 3
  # Each run writes a new file: replacing the last run's output would add
  # the file system's deletion of it (0.25 s for 800 MB) to the time, and
  # Miller's output goes nowhere.
  rm -f "$work"/out-*"-$n".* "$work/out-$n.jsonl"
  /usr/bin/time -v "$@" 2>"$work/time.txt" >/dev/null || { cat "$work/time.txt" >&2; return 1; }
  read -r seconds rss cpu < <(python3 - "$work/time.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
clock = re.search(r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):([\d.]+)", text)
hours, minutes, seconds = (float(x) if x else 0.0 for x in clock.groups())
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
cpu = re.search(r"Percent of CPU this job got: (\d+)%", text).group(1)
print(f"{hours * 3600 + minutes * 60 + seconds:.3f} {rss} {cpu}")
PY
)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$n" "$(stat -c %s "$input")" "$seconds" "$rss" "$cpu" >>"$results"
}

for n in $rows; do
  input="$work/register-$n.csv"
  [ -f "$input" ] || python3 Scripts/make-samples.py --rows "$n" --out "$input" >/dev/null
  xml="$work/register-$n.xml"
  if [ "${XML:-1}" = 1 ]; then
    [ -f "$xml" ] || python3 Scripts/make-samples.py --rows "$n" --out "$xml" --xml >/dev/null
    ln -sf "register-$n.xml" "$work/register.xml"   # where Benchmarks/safe-passage-register-xml.yaml looks
  fi
  shelter="$work/shelter-$n.sqlite"
  if [ "${SQLITE:-1}" = 1 ] && [ ! -f "$shelter" ]; then
    python3 Benchmarks/make-shelter-database.py --cases "$n" --out "$shelter" >/dev/null
  fi
  # The tools take turns, run after run: these machines speed up and slow
  # down by a fifth for minutes at a time, and turns give each the same luck.
  for _ in $(seq "$repeat"); do
    run_once htcds "$n" "$input" "$bin" convert --mapping Mappings/safe-passage-register.yaml "$input" \
        -o "$work/out-$n.jsonl" --report "$work/report-$n.json" --threads "$threads"
    if [ "${XML:-1}" = 1 ]; then
      run_once htcds-xml "$n" "$xml" "$bin" convert --mapping Benchmarks/safe-passage-register-xml.yaml \
          -o "$work/out-xml-$n.jsonl" --report "$work/report-xml-$n.json" --threads "$threads"
    fi
    if [ "${OUTPUTS:-1}" = 1 ]; then
      run_once htcds-csv-out "$n" "$input" "$bin" convert --mapping Mappings/safe-passage-register.yaml "$input" \
          -o "$work/out-csv-$n.csv" --format csv --threads "$threads"
      run_once htcds-sqlite-out "$n" "$input" "$bin" convert --mapping Mappings/safe-passage-register.yaml "$input" \
          -o "$work/out-sqlite-$n.sqlite" --format sqlite --threads "$threads"
    fi
    if [ "${SQLITE:-1}" = 1 ]; then
      run_once htcds-sqlite-in "$n" "$shelter" "$bin" convert --mapping Mappings/hope-shelter-sqlite.yaml "$shelter" \
          -o "$work/out-shelter-$n.jsonl" --threads "$threads"
    fi
    if command -v mlr >/dev/null; then
      run_once mlr "$n" "$input" mlr --icsv --ojsonl cat "$input"
    fi
  done
done

python3 - "$results" "$threads" <<'PY'
import sys
runs = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
best = {}
for name, n, size, seconds, rss, cpu in runs:
    key = (name, n)
    if key not in best:
        best[key] = [name, n, size, seconds, rss, cpu]
    elif float(seconds) < float(best[key][3]):
        best[key][3], best[key][5] = seconds, cpu
        best[key][4] = max(best[key][4], rss, key=int)
    else:
        best[key][4] = max(best[key][4], rss, key=int)
rows = list(best.values())
times = {(name, int(n)): float(seconds) for name, n, _, seconds, _, _ in rows}
print(f"htcds --threads {sys.argv[2]}")
print(f"{'path':<17} {'rows':>9} {'input MB':>9} {'seconds':>8} {'records/s':>10} {'MB/s':>7} {'peak MB':>8} {'CPU%':>5} {'÷ CSV':>6}")
rate = {}
for name, n, size, seconds, rss, cpu in rows:
    n, mb, seconds, rss = int(n), int(size) / 1e6, float(seconds), int(rss)
    rate[(name, n)] = n / seconds
    ratio = f"{seconds / times[('htcds', n)]:.2f}" if ("htcds", n) in times else ""
    print(f"{name:<17} {n:>9} {mb:>9.1f} {seconds:>8.2f} {n / seconds:>10,.0f} {mb / seconds:>7.1f} {rss / 1024:>8.1f} {cpu:>5} {ratio:>6}")
for n in sorted({key[1] for key in rate}):
    parts = []
    if ("mlr", n) in rate:
        parts.append(f"CSV {rate[('htcds', n)] / rate[('mlr', n)]:.2f}x Miller's records/s")
    if ("htcds-xml", n) in rate:
        parts.append(f"XML at {rate[('htcds-xml', n)] / rate[('htcds', n)]:.2f} of CSV's records/s")
    if parts:
        print(f"{n} rows: " + "; ".join(parts))
PY
