# Sourced by the offline benchmarks: `measure LABEL COMMAND...` prints "LABEL  seconds  MB", the median of 3 runs by
# wall time with that run's peak memory (max RSS). Needs $work (a scratch folder).
measure() {
    local label="$1"; shift
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>>"$work/err" || { cat "$work/err" >&2; exit 1; }
        cat "$work/t"
    done | sort -n | sed -n 2p | awk -v l="$label" -v w="${measure_width:-44}" '{ printf "%-*s %6.2f s %7.0f MB\n", w, l, $1, $2 / 1024 }'
}
