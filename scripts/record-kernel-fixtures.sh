#!/usr/bin/env bash
# Records what this machine's Linux kernel does for mmap / munmap / mprotect / mremap / brk.
# Compiles every test/fixtures/linux/c/*.c (static, -O0) and runs it without ASLR, as an
# unprivileged user, with an empty environment and an 8 MiB stack limit (all of which fix
# the layout), writing test/fixtures/linux/<theme>.jsonl. Run by hand, as root, on Linux
# x86-64 with gcc, glibc's static libc, setarch and setpriv. CI only replays the .jsonl files.
#
# Re-running gives identical files: binaries and data files live at fixed paths and are
# only replaced when their content changes, so the inodes shown in /proc/self/maps stay.
#
# Usage: scripts/record-kernel-fixtures.sh [theme...]   (default: every theme)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
src="$repo/test/fixtures/linux/c"
out="$repo/test/fixtures/linux"
root=/tmp/memory-set-kernel-fixtures
uid=65534 # nobody: no CAP_SYS_RAWIO (mmap_min_addr applies) and file permissions apply

if [ "$(id -u)" != 0 ]; then
  echo "run as root (the programs drop to uid $uid themselves)" >&2
  exit 1
fi

mkdir -p "$root/bin" "$root/data"
chown "$uid:$uid" "$root/data"
chmod 755 "$root" "$root/bin"

if [ $# -gt 0 ]; then themes=("$@"); else
  themes=()
  for c in "$src"/*.c; do themes+=("$(basename "$c" .c)"); done
fi

for theme in "${themes[@]}"; do
  bin="$root/bin/$theme"
  # static by default (no ld.so or libc mappings in the way); a theme that must control the
  # program break from its very start (brk: static glibc keeps its TLS on the heap) says
  # "record: dynamic" in its source
  link=-static
  if grep -q 'record: dynamic' "$src/$theme.c"; then link=; fi
  gcc -O0 $link -Wall -Wextra -Werror -Wno-unused-function -o "$bin.new" "$src/$theme.c"
  # overwrite the old binary in place (cp keeps the inode shown in /proc/self/maps), and
  # not at all when the build is byte-identical
  if ! cmp -s "$bin.new" "$bin"; then cp "$bin.new" "$bin"; fi
  rm -f "$bin.new"
  chmod 755 "$bin"
  (
    cd "$root/data"
    ulimit -s 8192
    env -i setpriv --reuid="$uid" --regid="$uid" --clear-groups --inh-caps=-all \
      setarch -R "$bin"
  ) >"$out/$theme.jsonl.new"
  mv -f "$out/$theme.jsonl.new" "$out/$theme.jsonl"
  echo "$theme: $(($(wc -l <"$out/$theme.jsonl") - 1)) steps"
done
