#!/usr/bin/env bash
# Fuzzes one of htcds's input parsers with libFuzzer and AddressSanitizer.
#
#   bash Scripts/fuzz.sh csv 30        # the CSV reader, 30 seconds
#   bash Scripts/fuzz.sh xml 600       # the XML reader (one thread and pieces on several)
#   bash Scripts/fuzz.sh sheet 60      # the .xlsx sheet scanner (cells taken whole against an event at a time)
#   bash Scripts/fuzz.sh mapping 60    # the mapping file parser
#
# The targets (Fuzz/) exist only when HTCDS_FUZZ is set; they build in
# .build-fuzz. The seeds are Fuzz/corpus/TARGET (small files from Samples/ and
# Mappings/); what libFuzzer finds grows .build-fuzz/corpus-TARGET. A crash
# leaves its input as .build-fuzz/crash-*: make it a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: Scripts/fuzz.sh csv|xml|sheet|mapping SECONDS}
seconds=${2:-30}
case "$target" in csv|xml|sheet|mapping) ;; *) echo "unknown target $target (csv, xml, sheet, mapping)" >&2; exit 2 ;; esac
export HTCDS_FUZZ=1
# `-sanitize=fuzzer` would link libFuzzer whole, its main with it, beside the
# main SwiftPM makes of `fuzz_TARGET_main`: the instrumentation is asked for
# instead, and libFuzzer without its main.
runtime=$(dirname "$(dirname "$(command -v swift)")")/lib/clang
libfuzzer=$(find "$runtime" -name 'libclang_rt.fuzzer_no_main-*.a' | head -n 1)
[ -n "$libfuzzer" ] || { echo "no libclang_rt.fuzzer_no_main in $runtime" >&2; exit 2; }
swift build --scratch-path .build-fuzz --product "fuzz-$target" \
    -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
    -Xlinker "$libfuzzer" -Xlinker -lstdc++ 2>&1 | grep -v "Cannot export local symbol" >&2
corpus=.build-fuzz/corpus-$target
mkdir -p "$corpus"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/Tests/Sanitizers/lsan.supp}
exec .build-fuzz/debug/"fuzz-$target" -max_total_time="$seconds" -max_len=65536 -timeout=20 \
    -artifact_prefix=.build-fuzz/ -print_final_stats=1 "$corpus" "Fuzz/corpus/$target"
