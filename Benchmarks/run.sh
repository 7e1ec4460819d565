#!/usr/bin/env bash
# Throughput and peak memory of a release build converting generated registers
# with the shipped mapping (value maps, dates, countries, splits, flags,
# validation and the report all on), as CSV and as the same records in XML.
# Prints figures; asserts nothing.
#
#   bash Benchmarks/run.sh                 # 100 thousand and 1 million rows
#   ROWS="10000" bash Benchmarks/run.sh    # other sizes
#   XML=0 bash Benchmarks/run.sh           # CSV only
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${ROWS:-"100000 1000000"}
work=${BENCH_DIR:-.build-bench}
mkdir -p "$work"

swift build -c release --product htcds >/dev/null
bin="$(swift build -c release --show-bin-path)/htcds"

# Seconds and peak resident kilobytes from /usr/bin/time -v's report.
measure() {
  local log=$1; shift
  /usr/bin/time -v "$@" 2>"$log" >/dev/null || { cat "$log" >&2; return 1; }
  python3 - "$log" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
clock = re.search(r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):([\d.]+)", text)
hours, minutes, seconds = (float(x) if x else 0.0 for x in clock.groups())
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
print(f"{hours * 3600 + minutes * 60 + seconds:.3f} {rss}")
PY
}

printf '%-10s %10s %9s %9s %12s %8s %10s\n' tool rows "input MB" seconds "records/s" "MB/s" "peak MB"
for n in $rows; do
  input="$work/register-$n.csv"
  [ -f "$input" ] || python3 Scripts/make-samples.py --rows "$n" --out "$input" >/dev/null
  megabytes=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$input")
  report() {
    python3 -c "
import sys
name, n, mb, seconds, rss = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print(f'{name:<10} {n:>10} {mb:>9.1f} {seconds:>9.2f} {n / seconds:>12,.0f} {mb / seconds:>8.1f} {rss / 1024:>10.1f}')
" "$@"
  }
  read -r seconds rss < <(measure "$work/time-htcds-$n.txt" "$bin" convert \
      --mapping Mappings/safe-passage-register.yaml "$input" \
      -o "$work/out-$n.jsonl" --report "$work/report-$n.json")
  report htcds "$n" "$megabytes" "$seconds" "$rss"
  if [ "${XML:-1}" = 1 ]; then
    xml="$work/register-$n.xml"
    [ -f "$xml" ] || python3 Scripts/make-samples.py --rows "$n" --out "$xml" --xml >/dev/null
    ln -sf "register-$n.xml" "$work/register.xml"   # where Benchmarks/safe-passage-register-xml.yaml looks
    xml_megabytes=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$xml")
    read -r seconds rss < <(measure "$work/time-xml-$n.txt" "$bin" convert \
        --mapping Benchmarks/safe-passage-register-xml.yaml \
        -o "$work/out-xml-$n.jsonl" --report "$work/report-xml-$n.json")
    report htcds-xml "$n" "$xml_megabytes" "$seconds" "$rss"
  fi
  if command -v mlr >/dev/null; then
    read -r seconds rss < <(measure "$work/time-mlr-$n.txt" mlr --icsv --ojsonl cat "$input")
    report mlr "$n" "$megabytes" "$seconds" "$rss"
  fi
done
