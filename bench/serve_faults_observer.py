#!/usr/bin/env python3
"""Watches the `peng serve` replicas of bench/serve-faults.sh while the faults happen, from outside, as an operator's
tools would: the API's answer time (GET /api/v1/fleet on every live replica, every second), the history as the API
shows it (merged over time: the ConfigMap keeps only the newest records), and each process's resident memory, open
file descriptors and threads from /proc. Stops when WORK/observer.stop exists; writes WORK/observed.json.

Usage: serve_faults_observer.py WORK TOKEN
Reads WORK/replicas: one line per started replica, "NAME PID PORT".
"""
import json
import os
import sys
import time
import urllib.request

work, token = sys.argv[1], sys.argv[2]
started = time.time()
requests = []   # [t, replica, seconds or None (no answer), status]
processes = []  # [t, replica, rss kB, threads, fds]
records = {}    # (sha, trigger, started, replica) -> record


def replicas():
    try:
        with open(os.path.join(work, "replicas")) as f:
            return [line.split() for line in f if len(line.split()) == 3]
    except FileNotFoundError:
        return []


def alive(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            status = dict(line.split(":", 1) for line in f if ":" in line)
        return "zombie" not in status.get("State", "")
    except FileNotFoundError:
        return False


def get(port, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def sample_process(now, name, pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            status = dict(line.split(":", 1) for line in f if ":" in line)
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        processes.append([now, name, int(status["VmRSS"].split()[0]), int(status["Threads"]), fds])
    except (FileNotFoundError, KeyError, ProcessLookupError):
        pass  # the replica ended between the check and the read (it was killed)


def read_history(every_replica=False):
    """The history as a live replica's API shows it now (the first that answers, or each of them), merged into
    records; False when none answered."""
    answered = False
    for name, pid, port in replicas():
        if not alive(pid):
            continue
        try:
            _, body = get(port, "/api/v1/revisions")
        except Exception:
            continue  # another replica answers (or the next read does)
        for record in json.loads(body):
            key = (record["commit"]["sha"], record.get("trigger"), record.get("started"), record.get("replica"))
            if record["outcome"] != "applying" or records.get(key, record)["outcome"] == "applying":
                records[key] = record  # a replica whose copy lags never turns a finished record back into "applying"
        answered = True
        if not every_replica:
            break
    return answered


tick = 0
while not os.path.exists(os.path.join(work, "observer.stop")):
    now = round(time.time() - started, 1)
    for name, pid, port in replicas():
        if not alive(pid):
            continue
        sample_process(now, name, pid)
        begin = time.monotonic()
        try:
            status, _ = get(port, "/api/v1/fleet")
            requests.append([now, name, time.monotonic() - begin, status])
        except Exception as error:  # a replica being killed or started: counted as no answer, the run goes on
            requests.append([now, name, None, str(error)[:80]])
    if tick % 2 == 0:
        read_history()
    tick += 1
    time.sleep(1)

# The bench stops the observer as soon as the head is applied and serve has settled, which can fall between two reads:
# read the history of every replica once more so that the last outcomes are not missed (a commit seen only "applying"
# counts as lost; the bench saw the head applied on one of them).
for _ in range(30):
    if read_history(every_replica=True):
        break
    time.sleep(1)

with open(os.path.join(work, "observed.json"), "w") as f:
    json.dump({"started": started, "requests": requests, "processes": processes, "records": list(records.values())}, f)
