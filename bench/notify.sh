#!/usr/bin/env bash
# Notices never slow a rollout: `peng apply` of the example fleet (nothing changed, so the figure is peng's own
# cost, which notices could only add to) without --notify, with --notify to a webhook that answers at once
# (scripts/notice-listener), and with --notify to a webhook that accepts the connection and never answers. The last
# waits --notify-wait 1 at the end for its notices and then gives them up; the rollout itself is not held.
# Release builds; one fresh set of control planes; median of RUNS.
# Usage: bench/notify.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
source bench/supervisors.sh 5
start_simulator 0

seconds() {  # command... -> wall seconds
    local start end
    start=$(date +%s.%N)
    "$@" >"$work/last.out" 2>"$work/last.err" || { cat "$work/last.out" "$work/last.err" >&2; exit 1; }
    end=$(date +%s.%N)
    python3 -c "print(round($end - $start, 3))"
}
median() { python3 -c "import statistics,sys; print(round(statistics.median(float(x) for x in sys.argv[1:]), 3))" "$@"; }
repeat() { local values=(); for _ in $(seq 1 "$runs"); do values+=("$(seconds "$@")"); done; median "${values[@]}"; }

# Two receivers: one that answers, one that never does (it accepts and holds every connection).
scripts/notice-listener 18089 >"$work/listener.log" &
listener=$!
python3 -c '
import socket, threading
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 18090)); s.listen(64)
held = []
while True:
    held.append(s.accept())
' &
silent=$!
trap 'kill $listener $silent 2>/dev/null; scripts/example-world down "$work"; rm -rf "$work"' EXIT
for name in answering silent; do
    port=$([ "$name" = answering ] && echo 18089 || echo 18090)
    cp -r examples/fleet "$work/$name"
    printf '%s\n' "  notifications:" "    receivers: [{name: $name, type: webhook, endpoint: \"http://127.0.0.1:$port/peng\"}]" >>"$work/$name/platform.yaml"
done

"$peng" apply examples/fleet >/dev/null
plain=$(repeat "$peng" apply examples/fleet)
answering=$(repeat "$peng" apply "$work/answering" --notify)
silent_wall=$(repeat "$peng" apply "$work/silent" --notify --notify-wait 1)
notices=$(grep -c '^notice:' "$work/listener.log" || true)

echo
echo "example fleet: 2 Supervisors, 3 clusters, 2 stages, nothing changed; release build; $(nproc) cores; median of $runs"
printf '  %-74s %8s\n' "run" "wall"
printf '  %-74s %7.2f s\n' "peng apply (the peer: no notices)" "$plain"
printf '  %-74s %7.2f s\n' "peng apply --notify, a webhook that answers (4 notices per run)" "$answering"
printf '  %-74s %7.2f s\n' "peng apply --notify --notify-wait 1, a webhook that never answers" "$silent_wall"
printf '  %-74s %7.2f s\n' "  of which the rollout (the wall less the 1 s waited for notices at the end)" "$(python3 -c "print(round($silent_wall - 1, 3))")"
echo "  notices received by the answering webhook: $notices (expected $((runs * 4)))"
