# Sourced by the benchmarks that need the example fleet's two Supervisors: release builds of peng and
# peng-simulator, local control planes (plane-1 and plane-2 become supervisor-muenster and supervisor-frankfurt,
# the rest wait to become workload clusters), and `start_simulator DELAY` to (re)start the simulated Supervisors.
# Sets: bin, peng, work, kubeconfig, KUBECONFIG; cleans everything up on exit.
# PENG_BIN: a folder that already holds peng and peng-simulator (the test suite's build); nothing is built then.
# Usage: source bench/supervisors.sh PLANES
scripts/testenv install >&2
source <(scripts/testenv paths)
if [ -n "${PENG_BIN:-}" ]; then
    bin="$PENG_BIN"
else
    swift build -c release --product peng >&2
    swift build -c release --product peng-simulator >&2
    bin="$(swift build -c release --show-bin-path)"
fi
peng="$bin/peng"
work="$(mktemp -d)"
trap 'scripts/example-world down "$work"; rm -rf "$work"' EXIT

kubeconfig="$(scripts/example-world planes "$work" "$1")"
export KUBECONFIG="$kubeconfig"

start_simulator() {  # DELAY: seconds the simulated Supervisors keep a cluster `creating`
    scripts/example-world simulator "$work" "$1" "$bin"
}
