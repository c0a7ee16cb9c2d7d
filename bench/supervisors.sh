# Sourced by the benchmarks that need the example fleet's two Supervisors: release builds of peng and
# peng-simulator, local control planes (plane-1 and plane-2 become supervisor-muenster and supervisor-frankfurt,
# the rest wait to become workload clusters), and `start_simulator DELAY` to (re)start the simulated Supervisors.
# Sets: bin, peng, work, kubeconfig, KUBECONFIG, simulator; cleans everything up on exit.
# Usage: source bench/supervisors.sh PLANES
scripts/testenv install >&2
source <(scripts/testenv paths)
swift build -c release --product peng >&2
swift build -c release --product peng-simulator >&2
bin="$(swift build -c release --show-bin-path)"
peng="$bin/peng"
work="$(mktemp -d)"
simulator=""
trap '[ -n "$simulator" ] && kill "$simulator" 2>/dev/null; scripts/testenv down "$work" >/dev/null 2>&1; rm -rf "$work"' EXIT

kubeconfig="$(scripts/testenv up "$1" "$work/planes")"
"$KUBECTL" --kubeconfig "$kubeconfig" config rename-context plane-1 supervisor-muenster >/dev/null
"$KUBECTL" --kubeconfig "$kubeconfig" config rename-context plane-2 supervisor-frankfurt >/dev/null
export KUBECONFIG="$kubeconfig"
pool=()
for index in $(seq 3 "$1"); do pool+=(--pool "plane-$index"); done

start_simulator() {  # DELAY: seconds the simulated Supervisors keep a cluster `creating`
    if [ -n "$simulator" ]; then kill "$simulator" 2>/dev/null || true; wait "$simulator" 2>/dev/null || true; fi
    "$bin/peng-simulator" supervisor --supervisor supervisor-muenster --supervisor supervisor-frankfurt "${pool[@]}" \
        --vsphere-namespace platform-int --vsphere-namespace platform-prd --vsphere-namespace checkout-prd \
        --delay "$1" 2>>"$work/simulator.log" &
    simulator=$!
    for _ in $(seq 1 100); do  # until the simulated Supervisors serve TanzuKubernetesCluster
        "$KUBECTL" --context supervisor-frankfurt get tanzukubernetesclusters -A >/dev/null 2>&1 && return 0
        sleep 0.2
    done
}
