#!/usr/bin/env bash
# Validate + render of the large synthetic fleet (300 clusters, 3,000 team spaces) with and without 5,000 product
# orders, beside each other in the same run: what orders cost, against the offline goal (under 2 s for the fleet of
# 50,000 objects). Release build; the median of 3 runs; wall time and peak memory.
# Usage: bench/orders.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product peng >&2
peng="$(swift build -c release --show-bin-path)/peng"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

source bench/measure.sh
measure_width=58

python3 bench/generate_fleet.py "$work/plain" 300 3000
python3 bench/generate_fleet.py "$work/orders" 300 3000 5000
printf '%-58s %8s %10s\n' "step" "wall" "peak RSS"
for fleet in plain orders; do
    objects=$("$peng" render "$work/$fleet" 2>/dev/null | grep -c '^---')
    echo "# $fleet: $objects objects"
    measure "validate ($fleet)" "$peng" validate "$work/$fleet"
    measure "validate + render -o yaml ($fleet)" "$peng" render "$work/$fleet"
done
