#!/usr/bin/env bash
# Validate + render cost on synthetic fleets of two sizes (release build), to show how cost grows.
# Prints wall time and peak memory (max RSS) per step; the median of 3 runs.
# Usage: bench/render.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product peng >&2
peng="$(swift build -c release --show-bin-path)/peng"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

source bench/measure.sh

printf '%-44s %8s %10s\n' "step" "wall" "peak RSS"
for size in "30 300" "300 3000"; do
    set -- $size
    fleet="$work/fleet-$1"
    python3 bench/generate_fleet.py "$fleet" "$1" "$2"
    objects=$("$peng" render "$fleet" | grep -c '^---')
    echo "# $1 clusters, $2 team spaces -> $objects objects"
    measure "validate ($1 clusters)" "$peng" validate "$fleet"
    measure "validate + render -o yaml ($1 clusters)" "$peng" render "$fleet"
    measure "validate + render -o json ($1 clusters)" "$peng" render "$fleet" -o json
    rm -rf "$work/out"
    measure "validate + render --out ($1 clusters)" "$peng" render "$fleet" --out "$work/out"
done
