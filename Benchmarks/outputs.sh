#!/usr/bin/env bash
# Every output one htcds binary makes of the shipped samples and the
# benchmark's generated registers, written to a folder, so that two builds
# can be compared file by file (a refactoring must change no byte):
#
#   bash Benchmarks/outputs.sh OLD_BINARY /tmp/old
#   bash Benchmarks/outputs.sh NEW_BINARY /tmp/new
#   diff -r /tmp/old /tmp/new
#
# Each mapping runs in every output format, with rejects, under each
# invalid-value policy that finishes, with one and two threads. Reports are
# kept as they are (compare them with `jq 'del(.. | .code?, .reason?)'` when
# codes were added). The generated registers (`ROWS`, default 10000) are made
# by Scripts/make-samples.py if missing. Prints nothing but failures.
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { sed -n 2,14p "$0" >&2; exit 2; }
binary=$1 out=$2
rows=${ROWS:-10000}
work=${BENCH_DIR:-.build-bench}
mkdir -p "$out" "$work"
[ -f "$work/register-$rows.csv" ] || python3 Scripts/make-samples.py --rows "$rows" --out "$work/register-$rows.csv" >/dev/null
[ -f "$work/register-$rows.xml" ] || python3 Scripts/make-samples.py --rows "$rows" --xml --out "$work/register-$rows.xml" >/dev/null

# convert NAME MAPPING [INPUT] [OPTIONS...]: each format, threads and policy.
convert() {
  local name=$1 mapping=$2 input=$3; shift 3
  local format threads policy target
  for format in jsonl csv sqlite; do
    for threads in 1 2; do
      for policy in keep reject; do
        target="$out/$name.t$threads.$policy.$format"
        rm -f "$target"*
        "$binary" convert --mapping "$mapping" ${input:+"$input"} --format "$format" -o "$target" \
            --rejects "$target.rejects.csv" --report "$target.report.json" --threads "$threads" \
            --on-invalid "$policy" "$@" >/dev/null 2>"$target.stderr"
        echo "exit $?" >>"$target.stderr"
        # The SQLite file's run table records when it ran: its dump, the time left out.
        if [ "$format" = sqlite ] && [ -f "$target" ]; then
          sqlite3 "$target" .dump | sed -E "s/'[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z?'/'(time)'/g" >"$target.sql"
          rm -f "$target"
        fi
      done
    done
  done
}

for mapping in Mappings/*.yaml; do
  convert "$(basename "$mapping" .yaml)" "$mapping" ""
done
convert "register-$rows" Mappings/safe-passage-register.yaml "$work/register-$rows.csv"
ln -sf "register-$rows.xml" "$work/register.xml"
convert "register-$rows-xml" Benchmarks/safe-passage-register-xml.yaml "$work/register-$rows.xml"
