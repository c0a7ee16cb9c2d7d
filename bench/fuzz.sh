#!/usr/bin/env bash
# Fuzzes one of peng's parsers with libFuzzer (Swift's -sanitize=fuzzer,address): the fleet loader and validator,
# the kubeconfig reader, the Jira CSV and REST readers, insights.yaml, serve's JQL for changed tickets, the webhook verifiers, or the API answers'
# JSON. Each starts from its seed corpus in fuzz/corpus/TARGET (the example fleet, test exports, recorded answers,
# and every input that once broke a property). New inputs go to a scratch folder; an input that breaks a property
# is kept as fuzz/crashes/TARGET-crash-… (fix the defect, then add it to fuzz/corpus/TARGET as a regression input).
#
# Usage: bench/fuzz.sh TARGET SECONDS      one target for SECONDS (bench/fuzz.sh all SECONDS: each in turn)
#        bench/fuzz.sh --build             build the fuzz binary only
#   PENG_FUZZ_CONFIG=debug|release  the build (default release: the figures in docs/benchmarks.md)
#   PENG_FUZZ_BINARY=FILE           use this peng-fuzz instead of building one
#   PENG_FUZZ_RUNS=N                run N inputs with a fixed seed instead of SECONDS (the test suite's short run)
# Prints per target: executions, executions per second, crashes, hangs (an input over 10 s), peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(fleet kubeconfig jira-csv jira-rest insights-config jql webhook api-json)
config="${PENG_FUZZ_CONFIG:-release}"

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

build() {  # with PENG_FUZZ set, every module is built with libFuzzer and the address sanitizer, in a folder of its own
    PENG_FUZZ=1 swift build -c "$config" --scratch-path .build-fuzz --product peng-fuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | grep -v -e "Cannot export local symbol" -e "unhandled; explicitly declare" -e "CMakeLists.txt$" >&2
    echo ".build-fuzz/$config/peng-fuzz"
}

if [ "${1:-}" = "--build" ]; then build >/dev/null; exit 0; fi
[ $# -eq 2 ] || { sed -n '9,15p' "$0" >&2; exit 64; }
target="$1"; seconds="$2"
binary="${PENG_FUZZ_BINARY:-}"
[ -n "$binary" ] || binary="$(build | tail -1)"
[ -x "$binary" ] || { echo "bench/fuzz.sh: no fuzz binary at $binary" >&2; exit 1; }

run_one() {  # TARGET: one run, its figures on one line; exit status 1 when a property broke or an input hung
    local name="$1" scratch log status=0
    [ -d "fuzz/corpus/$name" ] || { echo "bench/fuzz.sh: unknown target '$name' (one of: ${targets[*]})" >&2; return 64; }
    scratch="$(mktemp -d "${TMPDIR:-/tmp}/peng-fuzz-$name.XXXXXX")"
    log="$scratch/log"
    mkdir -p "$scratch/corpus" "$scratch/artefacts"
    local limit=(-max_total_time="$seconds")
    [ -n "${PENG_FUZZ_RUNS:-}" ] && limit=(-runs="$PENG_FUZZ_RUNS" -seed=1)
    SWIFT_BACKTRACE=enable=no PENG_FUZZ_TARGET="$name" "$binary" "$scratch/corpus" "fuzz/corpus/$name" "${limit[@]}" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$scratch/artefacts/" >"$log" 2>&1 || status=$?
    local executions rate rss found
    executions="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)"
    rate="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)"
    rss="$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)"
    found="$(find "$scratch/artefacts" -type f | wc -l)"
    local crashes=0 hangs=0
    for file in "$scratch"/artefacts/*; do
        [ -e "$file" ] || continue
        case "$(basename "$file")" in timeout-*) hangs=$((hangs + 1)) ;; *) crashes=$((crashes + 1)) ;; esac
        mkdir -p fuzz/crashes
        cp "$file" "fuzz/crashes/$name-$(basename "$file")"
    done
    printf 'fuzz %-16s %10s executions  %7s/s  %s crashes  %s hangs  peak %s MB  (%s new inputs)\n' \
        "$name" "$executions" "$rate" "$crashes" "$hangs" "$rss" "$(find "$scratch/corpus" -type f | wc -l)"
    if [ "$status" -ne 0 ] || [ "$found" -gt 0 ]; then
        echo "bench/fuzz.sh: $name stopped (exit $status); what libFuzzer said:" >&2
        grep -E -A12 "ERROR:|property broken|Fatal error|deadly signal|timeout" "$log" | head -40 >&2 || tail -20 "$log" >&2
        [ "$found" -gt 0 ] && echo "bench/fuzz.sh: the inputs are in fuzz/crashes/" >&2
        rm -rf "$scratch"
        return 1
    fi
    rm -rf "$scratch"
}

if [ "$target" = all ]; then
    failed=0
    for name in "${targets[@]}"; do run_one "$name" || failed=1; done
    exit "$failed"
fi
run_one "$target"
