#!/usr/bin/env python3
"""The figures of bench/serve-faults.sh from what it recorded in WORK: the commits pushed (WORK/commits), the events
(WORK/events), what the observer saw (WORK/observed.json) and what each replica logged (WORK/serve-*.log, JSON lines).
Prints them; writes them as JSON to JSON_OUT when given. The serve metrics arrive on stdin.

Usage: serve_faults_report.py WORK MINUTES PLAN_STATUS HISTORY_BYTES [JSON_OUT] < metrics
"""
import glob
import json
import os
import re
import statistics
import sys

work, minutes, plan_status, history_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
json_out = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] else None
metrics = sys.stdin.read()
observed = json.load(open(os.path.join(work, "observed.json")))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else None


# Commits: each applied, marked invalid, or superseded (a newer commit reached serve first); anything else is lost.
commits = [line.split() for line in open(os.path.join(work, "commits")) if line.strip()]
records = {}
for record in observed["records"]:
    records.setdefault(record["commit"]["sha"], []).append(record)
outcomes = {"applied": 0, "invalid": 0, "superseded": 0, "lost": [], "wrong": []}
delays = []
for index, (sha, pushed, kind) in enumerate(commits):
    mine = records.get(sha, [])
    applied = [r for r in mine if r["outcome"] == "applied"]
    if applied:
        outcomes["applied"] += 1
        delays.append(max(0.0, min(r["finished"] for r in applied) - float(pushed)))
        if kind == "invalid":
            outcomes["wrong"].append(f"{sha[:12]} ({kind}) was applied")
    elif any(r["outcome"] == "invalid" for r in mine):
        outcomes["invalid"] += 1
        if kind != "invalid":
            outcomes["wrong"].append(f"{sha[:12]} ({kind}) was marked invalid")
    elif any(records.get(later[0]) for later in commits[index + 1:]):
        outcomes["superseded"] += 1
    else:
        outcomes["lost"].append(f"{sha[:12]} ({kind}): {[r['outcome'] for r in mine]}")

# Faults and drift, from the events.
events = [line.split() for line in open(os.path.join(work, "events")) if line.strip()]
windows, opened = [], {}
for name, at, *_ in events:
    if name.endswith("-start"):
        opened[name[:-6]] = float(at)
    elif name.endswith("-end"):
        windows.append((opened.pop(name[:-4]), float(at) + 30))
    elif name == "leader-killed":
        windows.append((float(at), float(at) + 30))
drift_injected = sum(1 for e in events if e[0] == "drift")
drift_corrected = sum(1 for r in observed["records"] if r.get("trigger") == "drift" and r["outcome"] == "applied")
kills = sum(1 for e in events if e[0] == "leader-killed")

# The API as an operator's tools saw it (within a fault or 30 s after it, and overall). Observer times are seconds
# since it started; events are epoch seconds.
answered = [r for r in observed["requests"] if r[2] is not None and r[3] == 200]
unanswered = [r for r in observed["requests"] if r[2] is None or r[3] != 200]
during = [r for r in answered if any(a <= observed["started"] + r[0] <= b for a, b in windows)]


def ms(value):
    return None if value is None else round(value * 1000, 1)


api = {"requests": len(answered), "unanswered": len(unanswered),
       "p50_ms": ms(percentile([r[2] for r in answered], 50)), "p99_ms": ms(percentile([r[2] for r in answered], 99)),
       "during_faults_requests": len(during), "during_faults_p99_ms": ms(percentile([r[2] for r in during], 99))}

# Each replica process: memory after its first minute and at its end, descriptors and threads after warm-up.
replicas = []
for name in sorted({p[1] for p in observed["processes"]}, key=lambda n: (n[0], int(n[1:]))):
    samples = [p for p in observed["processes"] if p[1] == name]
    life = samples[-1][0] - samples[0][0]
    warm = [p for p in samples if p[0] >= samples[0][0] + 60] or samples
    replicas.append({"name": name, "lived_s": round(life), "rss_start_mb": round(samples[0][2] / 1024, 1),
                     "rss_warm_mb": round(warm[0][2] / 1024, 1), "rss_end_mb": round(samples[-1][2] / 1024, 1),
                     "rss_growth_after_warmup_pct": round(100 * (warm[-1][2] - warm[0][2]) / warm[0][2], 1),
                     "fds": [min(p[4] for p in warm), max(p[4] for p in warm)],
                     "threads": [min(p[3] for p in warm), max(p[3] for p in warm)]})

# What serve logged about the faults (problem starts and ends, leadership), and whether a credential leaked.
logged, secrets = {}, []
for path in ("planes/plane-1/pki/admin.token", "frankfurt.token"):
    with open(os.path.join(work, path)) as f:
        secrets.append(f.read().strip())
leaks = 0
for path in glob.glob(os.path.join(work, "serve-*.log")):
    for line in open(path, errors="replace"):
        leaks += sum(1 for secret in secrets if secret and secret in line)
        try:
            event = json.loads(line)["event"]
        except (ValueError, KeyError, TypeError):
            continue  # a line that is not a log event (a crash would show here as text; counted nowhere else)
        if event.endswith(("_failed", "_recovered")) or event.startswith("leadership"):
            logged[event] = logged.get(event, 0) + 1


def metric_sum(name):  # over every label set; counters are whole numbers
    return int(sum(float(m.group(1)) for m in re.finditer(rf"^{name}(?:{{[^}}]*}})? ([0-9.e+]+)$", metrics, re.M)))


report = {
    "minutes": minutes,
    "commits": {"pushed": len(commits), "applied": outcomes["applied"], "invalid": outcomes["invalid"],
                "superseded": outcomes["superseded"], "lost": outcomes["lost"], "wrong": outcomes["wrong"]},
    "push_to_applied_s": {"median": round(statistics.median(delays), 1) if delays else None,
                          "p99": round(percentile(delays, 99), 1) if delays else None},
    "drift": {"injected": drift_injected, "corrected": drift_corrected},
    "leaders_killed": kills,
    "final_plan_clean": plan_status == 0,
    "history_bytes": history_bytes,
    "api": api,
    "replicas": replicas,
    "logged": logged,
    "credential_in_logs": leaks,
    "metrics": {name: metric_sum(name) for name in
                ("peng_lease_errors_total", "peng_api_errors_total", "peng_git_fetch_errors_total", "peng_reconcile_total")},
}

c = report["commits"]
print(f"serve under faults for {minutes} min: {c['pushed']} commits pushed: {c['applied']} applied, {c['invalid']} marked invalid, "
      f"{c['superseded']} superseded by a newer commit, {len(c['lost'])} lost, {len(c['wrong'])} wrongly judged")
print(f"push to applied: median {report['push_to_applied_s']['median']} s, p99 {report['push_to_applied_s']['p99']} s; "
      f"drift injected {drift_injected}, corrected passes {drift_corrected}; leaders killed {kills}")
print(f"final plan: {'clean' if plan_status == 0 else f'NOT clean (exit {plan_status})'}; history ConfigMap {history_bytes} bytes")
print(f"API GET /api/v1/fleet: {api['requests']} answered, {api['unanswered']} unanswered; p50 {api['p50_ms']} ms, "
      f"p99 {api['p99_ms']} ms; during faults p99 {api['during_faults_p99_ms']} ms ({api['during_faults_requests']} requests)")
for r in replicas:
    print(f"  replica {r['name']:>4}: lived {r['lived_s']:>5} s  RSS {r['rss_start_mb']} MB at start, {r['rss_warm_mb']} MB after 1 min, "
          f"{r['rss_end_mb']} MB at end ({r['rss_growth_after_warmup_pct']:+} % after warm-up)  fds {r['fds']}  threads {r['threads']}")
print("logged: " + ", ".join(f"{k} {v}" for k, v in sorted(logged.items())) + f"; credentials in logs: {leaks}")
print("metrics: " + ", ".join(f"{k} {v}" for k, v in report["metrics"].items()))
if json_out:
    with open(json_out, "w") as f:
        json.dump(report, f, indent=1)
