#!/usr/bin/env bash
# What scripts/reap does when a test process dies: a stand-in test process under ROOT starts two children (one in a
# session of its own) and is killed with SIGKILL; scripts/reap ROOT must stop both, and leave alone a process without
# the marker and one marked with a sibling folder. Prints one line per process, then what scripts/reap said.
#   reap_check.sh REPOSITORY ROOT
set -euo pipefail
repository="$1" root="$2"
mkdir -p "$root"
gone() { local state; state="$(ps -o stat= -p "$1" 2>/dev/null || true)"; [ -z "$state" ] || [[ "$state" == Z* ]]; }

PENG_TEST_ROOT="$root" bash -c 'sleep 600 & echo $! >"$0/child"; setsid sleep 600 & echo $! >"$0/session"; echo >"$0/ready"; exec sleep 600' "$root" &
victim=$!
env -u PENG_TEST_ROOT sleep 600 &
unmarked=$!
PENG_TEST_ROOT="$root-sibling" sleep 600 &
sibling=$!
while [ ! -e "$root/ready" ]; do sleep 0.05; done  # until the stand-in has started its children
kill -KILL "$victim"
wait "$victim" 2>/dev/null || true

said="$(PENG_TEST_ROOT="$root" "$repository/scripts/reap" "$root" 2>&1)"
for name in child session; do
    if gone "$(cat "$root/$name")"; then echo "$name: gone"; else echo "$name: alive"; fi
done
for name in unmarked sibling; do
    if gone "${!name}"; then echo "$name: gone"; else echo "$name: alive"; fi
done
kill -KILL "$unmarked" "$sibling" 2>/dev/null || true  # SIGKILL: a child of the test process may inherit a blocked SIGTERM
echo "reap said: $said"
