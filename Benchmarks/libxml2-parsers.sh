#!/usr/bin/env bash
# libxml2's own instructions a record, by its streaming reader (what the XML
# reader uses) and by its SAX push parser, on a generated XML register:
# callgrind counts instructions, the same from run to run on these noisy
# machines. The difference between two sizes is taken, so that start-up
# cancels out. Prints figures; asserts nothing. Needs gcc, valgrind and
# libxml2-dev.
#
#   bash Benchmarks/libxml2-parsers.sh          # 10 and 40 thousand records
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-.build-bench}
mkdir -p "$work"
gcc -O2 $(pkg-config --cflags libxml-2.0) Benchmarks/libxml2-parsers.c $(pkg-config --libs libxml-2.0) -o "$work/libxml2-parsers"
small=10000 large=40000
for n in $small $large; do
  [ -f "$work/register-$n.xml" ] || python3 Scripts/make-samples.py --rows "$n" --out "$work/register-$n.xml" --xml >/dev/null
done
count() {  # mode rows -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/libxml2-parsers" "$1" "$work/register-$2.xml" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for mode in reader sax; do
  a=$(count $mode $small); b=$(count $mode $large)
  echo "$mode: $(( (b - a) / (large - small) )) instructions a record"
done
