#!/usr/bin/env bash
# Fails when a Linux-only symbol is used outside Sources/*/Platform/, where
# each such call sits behind `#if os(Linux)` with a fallback (the package
# must build on macOS 15, which nothing here can run). Run it from anywhere:
#
#   bash Scripts/check-portability.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# Symbols of Glibc or the Linux kernel that Darwin lacks or spells otherwise.
linux_only='MAP_POPULATE|O_TMPFILE|__O_TMPFILE|0o20000000|/proc/self|__sigaction_handler|sync_file_range|import Glibc|epoll_|inotify_|sendfile|fallocate|pipe2|accept4|SOCK_CLOEXEC|MSG_NOSIGNAL|MAP_ANONYMOUS_NORESERVE|mremap|memfd_create|getrandom|sched_getaffinity'
found=$(grep -rnE "$linux_only" Sources --include='*.swift' | grep -v '^Sources/[^/]*/Platform/' || true)
if [ -n "$found" ]; then
  echo "Linux-only calls outside Platform/ (put them behind #if os(Linux) there):" >&2
  echo "$found" >&2
  exit 1
fi
# Inside Platform/, every file that names one must check the platform.
for file in $(grep -rlE "$linux_only" Sources --include='*.swift' || true); do
  grep -q '#if os(Linux)' "$file" || { echo "$file: a Linux-only call without #if os(Linux)" >&2; exit 1; }
done
echo "portable: Linux-only calls only in Platform/, each behind #if os(Linux)"
