#!/usr/bin/env bash
# Records the bundled traces on this machine (needs strace and gcc; run as any user).
# Each trace goes to <name>/trace; the kernel's own /proc/PID/maps of every traced
# process, copied at exit by src/mapsdump.c (LD_PRELOAD), goes to <name>/<pid>.maps.
# The copy is followed by the marker call madvise(NULL, 0, 4242) in the trace.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O1 -shared -fPIC -o "$tmp/mapsdump.so" src/mapsdump.c
gcc -O1 -o "$tmp/demo" src/demo.c
gcc -O1 -pthread -o "$tmp/threads" src/threads.c
gcc -O1 -o "$tmp/forks" src/forks.c

record() { # name, strace options..., -- command...
  local name=$1; shift
  local opts=()
  while [ "$1" != -- ]; do opts+=("$1"); shift; done; shift
  rm -rf "$name"; mkdir -p "$name"
  MAPS_DIR="$PWD/$name" strace "${opts[@]}" -o "$name/trace" -E LD_PRELOAD="$tmp/mapsdump.so" "$@" > "$name/stdout" 2>&1 || true
}

record demo -y -e trace=memory -- "$tmp/demo"
record threads -f -y -e trace=memory,process -- "$tmp/threads"
record forks -f -y -e trace=memory,process -- "$tmp/forks"
record ls -tt -T -y -e trace=memory -- ls /
record node -f -y -e trace=memory,process -- node -e 'const a = []; for (let i = 0; i < 200; i++) a.push(Buffer.alloc(1 << 16)); console.log(a.length)'
record python3 -f -y -e trace=memory,process -- /usr/bin/python3 -c 'import json; print(len(json.dumps(list(range(100000)))))'
record gcc -f -y -e trace=memory,process -- gcc -O1 -o "$tmp/hello" src/hello.c
# Without -f, and with strace's own [pid N] prefixes on stderr (no -o):
rm -rf threads-stderr; mkdir -p threads-stderr
MAPS_DIR="$PWD/threads-stderr" strace -f -e trace=memory -E LD_PRELOAD="$tmp/mapsdump.so" "$tmp/threads" 2> threads-stderr/trace > threads-stderr/stdout || true
