#!/usr/bin/env bash
# How fast `peng apply` stops on Ctrl-C (SIGINT) and SIGTERM: while it waits for a TanzuKubernetesCluster that the
# simulated Supervisor keeps provisioning, the signal is sent and the time until peng has exited is measured, with
# its exit status. Then a run without interruption (simulator releasing the cluster) shows a re-run finishes the job.
# Release builds; one fresh set of local control planes.
# Usage: bench/interrupt.sh [RUNS]   (RUNS per signal, default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
source bench/supervisors.sh 3
start_simulator 100000

# One interrupted apply: start it, wait for its first "waiting" line, send the signal, time the exit.
interrupt() {  # SIGNAL -> "seconds exit-status"
    "$peng" apply examples/fleet --cluster int-shared-01 >"$work/out" 2>"$work/err" &
    local pid=$!
    for _ in $(seq 1 600); do grep -q "to become ready" "$work/err" && break; sleep 0.05; done
    grep -q "to become ready" "$work/err" || { cat "$work/err" >&2; echo "apply never waited" >&2; exit 1; }
    local start end rc=0
    start=$(date +%s.%N)
    kill "-$1" "$pid"
    wait "$pid" || rc=$?
    end=$(date +%s.%N)
    grep -q "run the same command again to finish" "$work/out" || { cat "$work/out" >&2; echo "no re-run hint" >&2; exit 1; }
    echo "$(python3 -c "print(round($end - $start, 3))") $rc"
}
median() { python3 -c "import statistics,sys; print(round(statistics.median(float(x) for x in sys.argv[1:]), 3))" "$@"; }

echo "peng apply interrupted while waiting for its cluster on the Supervisor ($runs runs per signal)"
for signal in INT TERM; do
    times=(); codes=()
    for _ in $(seq 1 "$runs"); do
        read -r seconds code < <(interrupt "$signal")
        times+=("$seconds"); codes+=("$code")
    done
    printf '  SIG%-5s stopped after median %.3f s (max %s s), exit status %s\n' "$signal" "$(median "${times[@]}")" \
        "$(printf '%s\n' "${times[@]}" | sort -n | tail -1)" "$(printf '%s\n' "${codes[@]}" | sort -u | tr '\n' ' ')"
done

start_simulator 0
rc=0
"$peng" apply examples/fleet --cluster int-shared-01 >"$work/out" 2>"$work/err" || rc=$?
echo "  re-run without interruption: exit status $rc, $(grep -E '^Applied' "$work/out")"
