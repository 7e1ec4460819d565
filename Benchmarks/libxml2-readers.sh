#!/usr/bin/env bash
# libxml2's own instructions a record, by the text reader expanding each
# record (what the XML reader did until the sixth session) and by the SAX
# push parser (what it is built on now), on generated
# XML registers (Benchmarks/libxml2-readers.c, one way at a time): callgrind
# counts instructions, the same from run to run on these noisy machines, and
# the difference between two sizes leaves the start-up out. Prints figures;
# asserts nothing. Needs gcc, valgrind and libxml2-dev.
#
#   bash Benchmarks/libxml2-readers.sh          # 10 and 40 thousand records
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-.build-bench}
mkdir -p "$work"
gcc -O2 Benchmarks/libxml2-readers.c -o "$work/libxml2-readers" $(xml2-config --cflags --libs)
small=10000 large=40000
for n in $small $large; do
  [ -f "$work/register-$n.xml" ] || python3 Scripts/make-samples.py --rows "$n" --out "$work/register-$n.xml" --xml >/dev/null
done
count() {  # way rows -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/libxml2-readers" "$work/register-$2.xml" "$1" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for way in expanded sax; do
  a=$(count $way $small); b=$(count $way $large)
  echo "$way: $(( (b - a) / (large - small) )) instructions a record"
done
