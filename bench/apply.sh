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

row() { printf '%-34s %9.2f s %9.2f s %8.1fx\n' "$1" "$2" "$3" "$(python3 -c "print($3 / $2)")"; }

for size in "${sizes[@]}"; do
    plane_peng="$(scripts/testenv plane start "$work/peng-$size" bench)"
    fleet="$work/fleet-$size"
    python3 bench/generate_apply_fleet.py "$fleet" "$size" bench
    "$bin/peng" render "$fleet" --target workload --out "$work/rendered-$size" 2>/dev/null
    "$bin/peng" render "$fleet" --target workload -o json --out "$work/rendered-json-$size" 2>/dev/null
    objects="$(find "$work/rendered-$size" -name '*.yaml' | wc -l)"

    peng_create=$(seconds "$bin/peng" apply "$fleet" --kubeconfig "$plane_peng")
    peng_plan=$(seconds "$bin/peng" plan "$fleet" --kubeconfig "$plane_peng")
    peng_again=$(seconds "$bin/peng" apply "$fleet" --kubeconfig "$plane_peng")
    scripts/testenv plane stop "$work/peng-$size"

    plane_kubectl="$(scripts/testenv plane start "$work/kubectl-$size" bench)"
    kubectl_create=$(seconds "$KUBECTL" --kubeconfig "$plane_kubectl" apply --server-side -f "$work/rendered-$size/workload/bench-c1")
    kubectl_again=$(seconds "$KUBECTL" --kubeconfig "$plane_kubectl" apply --server-side -f "$work/rendered-$size/workload/bench-c1")
    kubectl_diff=$(seconds "$KUBECTL" --kubeconfig "$plane_kubectl" diff --server-side -f "$work/rendered-$size/workload/bench-c1")
    scripts/testenv plane stop "$work/kubectl-$size"

    plane_raw="$(scripts/testenv plane start "$work/raw-$size" bench)"
    raw="$("$bin/peng-bench-raw" "$plane_raw" bench "$work/rendered-json-$size/workload/bench-c1" 16)"
    scripts/testenv plane stop "$work/raw-$size"

    echo "# $objects objects (Namespaces, ResourceQuotas, LimitRanges, RoleBindings, NetworkPolicies), fresh control plane each"
    printf '%-34s %11s %11s %9s\n' "step" "peng" "kubectl" "kubectl/peng"
    row "apply, create" "$peng_create" "$kubectl_create"
    row "plan / diff, nothing changed" "$peng_plan" "$kubectl_diff"
    row "apply, nothing changed" "$peng_again" "$kubectl_again"
    echo "raw SSA PATCH, 16 in flight:       $raw"
    echo
done
