# Sourced by bench/serve.sh and bench/soak.sh: the example world with `peng serve` following a git copy of the
# example fleet. Sets fleet, token, and `start_serve NAME` (prints the port; pid in $work/serve-NAME.pid),
# `api PORT PATH`, `wait_applied PORT SHA`, `commit_quota PODS` (a change of every production cluster's team quota).
source bench/supervisors.sh 5
start_simulator "${SIMULATOR_DELAY:-1}"
"$KUBECTL" --context supervisor-muenster create namespace peng-system >/dev/null
fleet="$work/fleet"
cp -r examples/fleet "$fleet"
git -C "$fleet" init -q -b main
git -C "$fleet" -c user.name=bench -c user.email=bench@example.internal add -A
git -C "$fleet" -c user.name=bench -c user.email=bench@example.internal commit -qm "The example fleet"
token="$(cat "$work/planes/plane-1/pki/admin.token")"

start_serve() {  # NAME [INTERVAL]
    "$peng" serve --repo "$fleet" --interval "${2:-10s}" --listen 127.0.0.1:0 --management-context supervisor-muenster \
        --workdir "$work/serve-$1" --identity "$1" >"$work/serve-$1.out" 2>"$work/serve-$1.err" &
    echo $! >"$work/serve-$1.pid"
    for _ in $(seq 1 3000); do
        grep -q "listening on" "$work/serve-$1.out" 2>/dev/null && break
        sleep 0.1
    done
    grep -Eo '127\.0\.0\.1:[0-9]+' "$work/serve-$1.out" | head -1 | cut -d: -f2
}

api() {  # PORT PATH
    curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$1$2"
}

# The newest history record's field for SHA ("" when none).
record_field() {  # PORT SHA FIELD
    api "$1" /api/v1/revisions | python3 -c "import json,sys; r=[x for x in json.load(sys.stdin) if x['commit']['sha']=='$2']; print(r[0]['$3'] if r else '')"
}

wait_applied() {  # PORT SHA
    for _ in $(seq 1 9000); do
        [ "$(record_field "$1" "$2" outcome 2>/dev/null)" = applied ] && return 0
        sleep 0.1
    done
    echo "bench: revision $2 was not applied" >&2
    exit 1
}

commit_quota() {  # PODS: the search team's production quota; a change on one cluster per commit
    sed -i -E "s/(quota: \{cpu: \"40\", memory: 320Gi, pods: )[0-9]+\}/\1$1}/" "$fleet/teams/discovery/search.yaml"
    git -C "$fleet" -c user.name=bench -c user.email=bench@example.internal commit -qam "search: $1 pods in production"
    git -C "$fleet" rev-parse HEAD
}
