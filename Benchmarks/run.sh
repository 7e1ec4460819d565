#!/usr/bin/env bash
# Throughput, peak memory and CPU of a release build on every path a user
# takes, with the shipped mappings or the benchmark's own (value maps, dates,
# countries, splits, flags, validation and the report all on):
#   htcds             the long-row register (Scripts/make-samples.py, 29 columns) CSV to JSON Lines
#   htcds-short       a short-row register (Benchmarks/make-short-register.py, 17 columns) CSV to JSON Lines
#   htcds-xml         the long-row register as flat XML
#   htcds-xml-related namespaced XML with related elements (Benchmarks/make-casetrack-export.py:
#                     two events and a comment a case, Mappings/casetrack-export-xml.yaml)
#   htcds-csv-out     the long-row register to the template's CSV (--format csv)
#   htcds-sqlite-out  the long-row register to an HTCDS SQLite database (--format sqlite)
#   htcds-sqlite-in   the shelter database's shape (Benchmarks/make-shelter-database.py: SQLite with
#                     related sets: two events a case, a support plan every other case, organisations by key)
#   htcds-xlsx        the shipped register's cases over and over as an .xlsx written by openpyxl
#                     (Scripts/make-workbook-samples.py --rows), Mappings/safe-passage-register-xlsx.yaml;
#                     its "÷ CSV" is against htcds-xlsx-csv, the same cases as CSV
# and, as yardsticks in the same run: Miller's plain conversion (`mlr --icsv
# --ojsonl cat`) of both registers, DuckDB running the SQL versions of both
# mappings in Benchmarks/duckdb/ (no validation, no report; `pip install
# duckdb`, skipped with a note when missing), and `sqlite3 .import` of the
# long register, and SQLite's own share of --format sqlite (`sqlite3-floor`:
# htcds's output copied row by row into an empty database of the same
# schema, `INSERT … SELECT … WHERE 1`, every CHECK and key evaluated as
# htcds's inserts are; one database is written by one thread, so no number
# of threads takes this below it). Prints for each: records/s, MB/s, peak memory, CPU% and its
# time against CSV to JSON Lines of the same register; asserts nothing.
#
#   bash Benchmarks/run.sh                 # 100 thousand and 1 million rows
#   ROWS="10000" bash Benchmarks/run.sh    # other sizes (ROWS=5000000 for the case-id index at scale)
#   SHORT=0 XML=0 SQLITE=0 OUTPUTS=0 WORKBOOK=0 YARDSTICKS=0 bash Benchmarks/run.sh   # the long CSV register only
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

on() { [ "${!1:-1}" = 1 ]; }
if on YARDSTICKS && ! python3 -c "import duckdb" 2>/dev/null; then
  echo "note: DuckDB skipped (pip install duckdb to measure it)" >&2
fi

for n in $rows; do
  input="$work/register-$n.csv"
  [ -f "$input" ] || python3 Scripts/make-samples.py --rows "$n" --out "$input" >/dev/null
  short="$work/short-$n.csv"
  if on SHORT; then
    [ -f "$short" ] || python3 Benchmarks/make-short-register.py --rows "$n" --out "$short"
    ln -sf "short-$n.csv" "$work/short.csv"         # where Benchmarks/short-register.yaml looks
  fi
  xml="$work/register-$n.xml"
  casetrack="$work/casetrack-$n.xml"
  if on XML; then
    [ -f "$xml" ] || python3 Scripts/make-samples.py --rows "$n" --out "$xml" --xml >/dev/null
    ln -sf "register-$n.xml" "$work/register.xml"   # where Benchmarks/safe-passage-register-xml.yaml looks
    [ -f "$casetrack" ] || python3 Benchmarks/make-casetrack-export.py --cases "$n" --out "$casetrack"
  fi
  shelter="$work/shelter-$n.sqlite"
  if on SQLITE && [ ! -f "$shelter" ]; then
    python3 Benchmarks/make-shelter-database.py --cases "$n" --out "$shelter" >/dev/null
  fi
  workbook="$work/workbook-$n.xlsx" workbook_csv="$work/workbook-$n.csv"
  if on WORKBOOK; then
    [ -f "$workbook" ] || python3 Scripts/make-workbook-samples.py --rows "$n" --out "$workbook"
    [ -f "$workbook_csv" ] || python3 Scripts/make-workbook-samples.py --rows "$n" --out "$workbook_csv"
  fi
  # The tools take turns, run after run: these machines speed up and slow
  # down by a fifth for minutes at a time, and turns give each the same luck.
  for _ in $(seq "$repeat"); do
    run_once htcds "$n" "$input" "$bin" convert --mapping Mappings/safe-passage-register.yaml "$input" \
        -o "$work/out-$n.jsonl" --report "$work/report-$n.json" --threads "$threads"
    if on SHORT; then
      run_once htcds-short "$n" "$short" "$bin" convert --mapping Benchmarks/short-register.yaml "$short" \
          -o "$work/out-short-$n.jsonl" --report "$work/report-short-$n.json" --threads "$threads"
    fi
    if on XML; then
      run_once htcds-xml "$n" "$xml" "$bin" convert --mapping Benchmarks/safe-passage-register-xml.yaml \
          -o "$work/out-xml-$n.jsonl" --report "$work/report-xml-$n.json" --threads "$threads"
      run_once htcds-xml-related "$n" "$casetrack" "$bin" convert --mapping Mappings/casetrack-export-xml.yaml \
          "$casetrack" -o "$work/out-casetrack-$n.jsonl" --report "$work/report-casetrack-$n.json" \
          --threads "$threads"
    fi
    if on OUTPUTS; then
      run_once htcds-csv-out "$n" "$input" "$bin" convert --mapping Mappings/safe-passage-register.yaml "$input" \
          -o "$work/out-csv-$n.csv" --format csv --threads "$threads"
      run_once htcds-sqlite-out "$n" "$input" "$bin" convert --mapping Mappings/safe-passage-register.yaml "$input" \
          -o "$work/out-sqlite-$n.sqlite" --format sqlite --threads "$threads"
      if on YARDSTICKS && command -v sqlite3 >/dev/null; then
        floor_source="$work/floor-source-$n.sqlite" floor="$work/floor-$n.sqlite"
        mv "$work/out-sqlite-$n.sqlite" "$floor_source"
        rm -f "$floor"
        sqlite3 "$floor_source" .schema | sqlite3 "$floor"
        copies=$(sqlite3 "$floor_source" "SELECT group_concat('INSERT INTO ' || name || ' SELECT * FROM old.' || name
                 || ' WHERE 1', '; ') FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'run%'")
        run_once sqlite3-floor "$n" "$input" sqlite3 "$floor" \
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; ATTACH '$floor_source' AS old; BEGIN; $copies; COMMIT;"
        rm -f "$floor" "$floor_source"
      fi
    fi
    if on SQLITE; then
      run_once htcds-sqlite-in "$n" "$shelter" "$bin" convert --mapping Mappings/hope-shelter-sqlite.yaml "$shelter" \
          -o "$work/out-shelter-$n.jsonl" --threads "$threads"
    fi
    if on WORKBOOK; then
      run_once htcds-xlsx "$n" "$workbook" "$bin" convert --mapping Mappings/safe-passage-register-xlsx.yaml \
          "$workbook" -o "$work/out-xlsx-$n.jsonl" --threads "$threads"
      run_once htcds-xlsx-csv "$n" "$workbook_csv" "$bin" convert --mapping Mappings/safe-passage-register.yaml \
          "$workbook_csv" -o "$work/out-xlsx-csv-$n.jsonl" --threads "$threads"
    fi
    if on YARDSTICKS; then
      if command -v mlr >/dev/null; then
        run_once mlr "$n" "$input" mlr --icsv --ojsonl cat "$input"
        on SHORT && run_once mlr-short "$n" "$short" mlr --icsv --ojsonl cat "$short"
      fi
      if python3 -c "import duckdb" 2>/dev/null; then
        run_once duckdb "$n" "$input" python3 Benchmarks/duckdb-yardstick.py Benchmarks/duckdb/register.sql \
            "$input" "$work/out-duckdb-$n.jsonl"
        on SHORT && run_once duckdb-short "$n" "$short" python3 Benchmarks/duckdb-yardstick.py \
            Benchmarks/duckdb/short-register.sql "$short" "$work/out-duckdb-short-$n.jsonl"
      fi
      if on OUTPUTS && command -v sqlite3 >/dev/null; then
        run_once sqlite3-import "$n" "$input" sqlite3 "$work/out-import-$n.sqlite" \
            ".import --csv $input cases"
      fi
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
rate = {(name, int(n)): int(n) / float(seconds) for name, n, _, seconds, _, _ in rows}
# Each path against CSV to JSON Lines of the same register.
base = lambda name: ("htcds-short" if name.endswith("-short") else "htcds-xlsx-csv" if name == "htcds-xlsx"
                     else "htcds")
print(f"htcds --threads {sys.argv[2]}")
print(f"{'path':<17} {'rows':>9} {'input MB':>9} {'seconds':>8} {'records/s':>10} {'MB/s':>7} {'peak MB':>8} {'CPU%':>5} {'÷ CSV':>6}")
for name, n, size, seconds, rss, cpu in rows:
    n, mb, seconds, rss = int(n), int(size) / 1e6, float(seconds), int(rss)
    ratio = f"{seconds / times[(base(name), n)]:.2f}" if (base(name), n) in times else ""
    print(f"{name:<17} {n:>9} {mb:>9.1f} {seconds:>8.2f} {n / seconds:>10,.0f} {mb / seconds:>7.1f} {rss / 1024:>8.1f} {cpu:>5} {ratio:>6}")
for n in sorted({key[1] for key in rate}):
    parts = []
    for shape, suffix in (("long", ""), ("short", "-short")):
        for tool, label in (("mlr", "Miller's cat"), ("duckdb", "DuckDB")):
            if (tool + suffix, n) in rate and ("htcds" + suffix, n) in rate:
                parts.append(f"{shape} CSV {rate[('htcds' + suffix, n)] / rate[(tool + suffix, n)]:.2f}x {label}")
    if parts:
        print(f"{n} rows, records/s: " + "; ".join(parts))
PY
