#!/usr/bin/env bash
# Instructions a record under callgrind, start-up cancelled out: a run on 40
# thousand generated rows minus one on 10 thousand, divided by 30 thousand,
# for CSV and XML with the shipped mapping. Repeatable whatever else the
# machine runs, so it is the gate for changes that must not cost speed.
# Prints figures; asserts nothing.
#
#   bash Benchmarks/instructions.sh BINARY [BINARY...]
#   THREADS=1 bash Benchmarks/instructions.sh BINARY     # default 2
#
# valgrind 3.19 cannot read this toolchain's debug information: each binary
# is copied and stripped first (with its resource bundle beside it).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n 2,12p "$0" >&2; exit 2; }
threads=${THREADS:-2}
work=${BENCH_DIR:-.build-bench}
mkdir -p "$work"
for rows in 10000 40000; do
  [ -f "$work/register-$rows.csv" ] || python3 Scripts/make-samples.py --rows "$rows" --out "$work/register-$rows.csv" >/dev/null
  [ -f "$work/register-$rows.xml" ] || python3 Scripts/make-samples.py --rows "$rows" --xml --out "$work/register-$rows.xml" >/dev/null
done

# instructions BINARY MAPPING INPUT: the run's total instructions.
instructions() {
  local log
  log=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" convert --mapping "$2" "$3" -o /dev/null \
      --threads "$threads" 2>"$log" >/dev/null
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$log"
  rm -f "$log"
}

for binary in "$@"; do
  copy=$(mktemp -d)
  cp "$binary" "$copy/htcds"
  # Binaries before issue 21 read their data from a resource bundle beside them.
  resources="$(dirname "$binary")/htcds_HTCDS.resources"
  if [ -d "$resources" ]; then cp -r "$resources" "$copy/"; fi
  strip -g "$copy/htcds"
  for kind in csv xml; do
    mapping=Mappings/safe-passage-register.yaml
    if [ "$kind" = xml ]; then mapping=Benchmarks/safe-passage-register-xml.yaml; fi
    ln -sf register-10000.xml "$work/register.xml"
    small=$(instructions "$copy/htcds" "$mapping" "$work/register-10000.$kind")
    ln -sf register-40000.xml "$work/register.xml"
    large=$(instructions "$copy/htcds" "$mapping" "$work/register-40000.$kind")
    echo "$binary $kind: $(( (large - small) / 30000 )) instructions a record ($threads threads)"
  done
  rm -rf "$copy"
done
