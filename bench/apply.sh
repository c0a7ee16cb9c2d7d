#!/usr/bin/env bash
# peng apply / plan against kubectl on the same objects and the API server's raw limit, on fresh local control
# planes, release builds. Sizes default to 1000 and 5000 objects.
# Usage: bench/apply.sh [SIZE...]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/testenv install
source <(scripts/testenv paths)
swift build -c release --product peng >&2
swift build -c release --product peng-bench-raw >&2
bin="$(swift build -c release --show-bin-path)"
work="$(mktemp -d)"
trap 'scripts/testenv down "$work" >/dev/null 2>&1; rm -rf "$work"' EXIT
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(1000 5000)

seconds() {  # command... -> wall seconds; fails loudly
    local start end
    start=$(date +%s.%N)
    "$@" >"$work/last.out" 2>"$work/last.err" || { local rc=$?; [ "$rc" = 1 ] && [ "${1##*/}" = kubectl ] && [ "${2:-}" = diff ] || { cat "$work/last.err" >&2; exit 1; }; }
    end=$(date +%s.%N)
    python3 -c "print(round($end - $start, 3))"
}

row() { printf '  %-32s %8.2f s %8.2f s %11.1fx\n' "$1" "$2" "$3" "$(python3 -c "print($3 / $2)")"; }

# Peers: the kubectl on PATH (the image's, when it has one) and Debian's kubectl 1.20, which matches the server.
peers=()
if command -v kubectl >/dev/null 2>&1 && [ "$(readlink -f "$(command -v kubectl)")" != "$(readlink -f "$KUBECTL")" ]; then
    peers+=("$(command -v kubectl)")
fi
peers+=("$KUBECTL")

for size in "${sizes[@]}"; do
    fleet="$work/fleet-$size"
    python3 bench/generate_apply_fleet.py "$fleet" "$size" bench
    "$bin/peng" render "$fleet" --target workload --out "$work/rendered-$size" 2>/dev/null
    "$bin/peng" render "$fleet" --target workload -o json --out "$work/rendered-json-$size" 2>/dev/null
    objects="$(find "$work/rendered-$size" -name '*.yaml' | wc -l)"
    manifests="$work/rendered-$size/workload/bench-c1"

    plane="$(scripts/testenv plane start "$work/peng-$size" bench)"
    peng_create=$(seconds "$bin/peng" apply "$fleet" --target workload --kubeconfig "$plane")
    peng_plan=$(seconds "$bin/peng" plan "$fleet" --target workload --kubeconfig "$plane")
    peng_again=$(seconds "$bin/peng" apply "$fleet" --target workload --kubeconfig "$plane")
    scripts/testenv plane stop "$work/peng-$size"

    plane="$(scripts/testenv plane start "$work/raw-$size" bench)"
    raw="$("$bin/peng-bench-raw" "$plane" bench "$work/rendered-json-$size/workload/bench-c1" 16)"
    scripts/testenv plane stop "$work/raw-$size"

    echo "# $objects objects (Namespaces, ResourceQuotas, LimitRanges, RoleBindings, NetworkPolicies), fresh control plane each"
    echo "peng:  apply (create) ${peng_create} s   plan (nothing changed) ${peng_plan} s   apply (nothing changed) ${peng_again} s"
    echo "raw SSA PATCH, 16 in flight: $raw"
    for peer in "${peers[@]}"; do
        version="$("$peer" version --client 2>/dev/null | awk 'NR == 1')"
        plane="$(scripts/testenv plane start "$work/kubectl-$size" bench)"
        k_create=$(seconds "$peer" --kubeconfig "$plane" apply --server-side -f "$manifests")
        k_again=$(seconds "$peer" --kubeconfig "$plane" apply --server-side -f "$manifests")
        if [ "$peer" = "$KUBECTL" ] && [ "$size" -gt 1100 ]; then
            k_diff=""  # kubectl 1.20 throttles itself client-side (5 requests/s): 199 s for 1,092 objects
        else
            k_diff=$(seconds "$peer" --kubeconfig "$plane" diff --server-side -f "$manifests")
        fi
        scripts/testenv plane stop "$work/kubectl-$size"
        echo "  vs kubectl $version"
        printf '  %-32s %9s %10s %12s\n' "step" "peng" "kubectl" "kubectl/peng"
        row "apply, create" "$peng_create" "$k_create"
        if [ -n "$k_diff" ]; then row "plan vs diff, nothing changed" "$peng_plan" "$k_diff"; else
            printf '  %-32s %8.2f s %10s\n' "plan vs diff, nothing changed" "$peng_plan" "(skipped: client-side throttled)"; fi
        row "apply, nothing changed" "$peng_again" "$k_again"
    done
    echo
done
