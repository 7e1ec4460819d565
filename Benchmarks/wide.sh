#!/usr/bin/env bash
# init and inspect on very wide inputs: a CSV of N columns and an XML record
# of N attributes (default 200,000), release build. Prints seconds and peak
# memory; asserts nothing. (libxml2 2.9 checks each attribute of an element
# against the ones before it, so XML stays quadratic in its own parser.)
#
#   bash Benchmarks/wide.sh            # N=200000
#   N=20000 bash Benchmarks/wide.sh
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-200000}
work=${BENCH_DIR:-.build-bench}
mkdir -p "$work"
swift build -c release --product htcds >/dev/null
binary=.build/release/htcds
python3 - "$n" "$work" <<'PY'
import sys
n, work = int(sys.argv[1]), sys.argv[2]
with open(f"{work}/wide-{n}.csv", "w") as out:
    out.write(",".join(f"col{i}" for i in range(n)) + "\n" + ",".join(str(i) for i in range(n)) + "\n")
with open(f"{work}/wide-{n}.xml", "w") as out:
    out.write("<a><case " + " ".join(f'a{i}="{i}"' for i in range(n)) + "/></a>\n")
PY
for command in "init $work/wide-$n.csv -o $work/wide-csv.yaml" "inspect $work/wide-$n.csv" \
               "init $work/wide-$n.xml -o $work/wide-xml.yaml" "inspect $work/wide-$n.xml"; do
  /usr/bin/time -f "%e s  %M KB  htcds $command" "$binary" $command >/dev/null 2>"$work/wide.err" || true
  tail -n 1 "$work/wide.err"
done
