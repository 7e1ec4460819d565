#!/usr/bin/env bash
# Builds the Linux release of htcds: one executable with the Swift runtime
# linked in (--static-swift-stdlib) and its data compiled in, so that it runs
# on a machine without a Swift toolchain. The C libraries stay shared (a
# static libxml2 would drag ICU and lzma in): the script checks with
# `readelf -d` that the executable needs nothing beyond the runtime packages
# the README lists, strips it, runs it alone from an empty folder (fields, a
# conversion of the shipped register, schema), and writes
#
#   dist/htcds-VERSION-linux-x86_64.tar.gz          the executable, README, LICENSE,
#                                                    ATTRIBUTION, CHANGELOG, completions
#   dist/htcds-VERSION-linux-x86_64.tar.gz.sha256   its SHA-256, as sha256sum -c reads it
#
# VERSION must be ToolVersion's (Sources/HTCDSMigration/ToolVersion.swift).
# The archive is the same bytes for the same executable (sorted, owned by
# root, dated SOURCE_DATE_EPOCH or the last commit).
#
#   bash Scripts/release.sh 0.2.0
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { sed -n 2,18p "$0" >&2; exit 2; }
version=$1
grep -q "static let version = \"$version\"" Sources/HTCDSMigration/ToolVersion.swift \
  || { echo "release: $version is not ToolVersion.version" >&2; exit 2; }
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || { echo "release: builds the Linux x86_64 archive only" >&2; exit 2; }

name=htcds-$version-linux-x86_64
build=.build-release
swift build -c release --static-swift-stdlib --build-path "$build"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/completions"
cp "$build/release/htcds" "$stage/$name/htcds"
strip "$stage/$name/htcds"
binary=$stage/$name/htcds

# The shared libraries it needs: the runtime packages the README lists
# (libxml2, libsqlite3-0, zlib1g, libstdc++6) and the C library's own.
allowed='libxml2\.so\.2|libsqlite3\.so\.0|libz\.so\.1|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libm\.so\.6|libc\.so\.6|ld-linux-x86-64\.so\.2|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|libutil\.so\.1'
needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
unexpected=$(echo "$needed" | grep -vE "^($allowed)$" || true)
if [ -n "$unexpected" ]; then
  echo "release: the executable needs libraries the README does not list:" >&2
  echo "$unexpected" >&2
  exit 1
fi
echo "needs: $(echo "$needed" | tr '\n' ' ')"

# Alone, from an empty folder, as a user who unpacked it would run it.
smoke=$(mktemp -d)
trap 'rm -rf "$stage" "$smoke"' EXIT
cp "$binary" "$smoke/htcds"
(
  cd "$smoke"
  ./htcds --version
  ./htcds fields prs_Gender > /dev/null
  ./htcds convert --mapping "$OLDPWD/Mappings/safe-passage-register.yaml" "$OLDPWD/Samples/safe-passage-register.csv" \
      -o cases.jsonl --report report.json > /dev/null 2>&1
  [ "$(wc -l < cases.jsonl)" -eq 59 ] || { echo "release: the smoke conversion wrote $(wc -l < cases.jsonl) cases, not 59" >&2; exit 1; }
  ./htcds schema | python3 -c 'import json, sys; json.load(sys.stdin)'
)
start=$(date +%s%N)
for _ in 1 2 3 4 5 6 7 8 9 10; do "$binary" fields prs_Gender > /dev/null; done
echo "start-up: $(( ($(date +%s%N) - start) / 10000000 )) ms a run (htcds fields prs_Gender, 10 runs)"

for shell in bash zsh fish; do
  "$binary" --generate-completion-script "$shell" > "$stage/$name/completions/htcds.$shell"
done
cp README.md LICENSE ATTRIBUTION.md CHANGELOG.md "$stage/$name/"

mkdir -p dist
date=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
archive=dist/$name.tar.gz
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$date" --mode='u+rwX,go+rX,go-w' \
    -C "$stage" -cf - "$name" | gzip -n -9 > "$archive"
(cd dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "wrote $archive ($(stat -c %s "$archive") bytes; the executable $(stat -c %s "$binary") bytes) and its .sha256"
