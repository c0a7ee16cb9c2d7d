#!/usr/bin/python3
"""Test support for peng's monitoring, logging and alerting: checks rendered configurations with Debian's real
Prometheus tools, and runs them end to end. Used by the Swift tests; never by peng itself.

  monitoring_harness.py check DIR   DIR/prometheus-values.yaml (a rendered values file): promtool check rules,
                                    amtool check-config, promtool check config on the test copy (see below)
  monitoring_harness.py serve DIR   starts the local receivers, writes DIR/ports.json, waits for DIR/prometheus-values.yaml,
                                    then runs Prometheus and Alertmanager on the test copies; records what arrives in
                                    DIR/alerts.jsonl (the webhook) and DIR/samples (remote-write samples), DIR/ready
                                    when both servers answer. Ends with its parent (the test process) or on SIGTERM.

The test copy of prometheus.yml differs from the rendered one only where this machine differs from a cluster,
relabelling untouched: Debian's Prometheus 2.42 is built without Kubernetes service discovery, so each
kubernetes_sd_configs block becomes a file_sd_configs entry (DIR/targets-<job>.json); the service-account CA and
token files become local stand-ins; the rule file path points into DIR; for `serve`, the cluster Alertmanager's
in-cluster address becomes the local one, static scrape targets that are not local become a closed local
port (no DNS lookups leave the machine), and the scrape and evaluation intervals (and the scrape timeout) become 1 s (the Alertmanager copy: group_wait 1 s).
"""
import http.server, json, os, signal, socket, socketserver, subprocess, sys, threading, time

import yaml

def values(directory):
    with open(os.path.join(directory, "prometheus-values.yaml")) as f:
        data = yaml.safe_load(f)
    config = data["prometheus"]["config"]
    return config["prometheus_yml"], config["alerting_rules_yml"], data["alertmanager"]["config"]["alertmanager_yml"]

def test_copy(directory, prometheus_yml, targets=None, alertmanager=None, fast=False):
    config = yaml.safe_load(prometheus_yml)
    standin = os.path.join(directory, "serviceaccount")
    os.makedirs(standin, exist_ok=True)
    for name in ("ca.crt", "token"):
        with open(os.path.join(standin, name), "w") as f:
            f.write("stand-in\n")
    for job in config["scrape_configs"]:
        if "kubernetes_sd_configs" in job:
            del job["kubernetes_sd_configs"]
            path = os.path.join(directory, "targets-%s.json" % job["job_name"])
            with open(path, "w") as f:
                json.dump((targets or {}).get(job["job_name"], []), f)
            job["file_sd_configs"] = [{"files": [path]}]
        if "tls_config" in job:
            job["tls_config"]["ca_file"] = os.path.join(standin, "ca.crt")
        if "bearer_token_file" in job:
            job["bearer_token_file"] = os.path.join(standin, "token")
    config["rule_files"] = [os.path.join(directory, "alerting_rules.yml")]
    for job in config["scrape_configs"]:
        # In-cluster service names (kube-state-metrics) would be looked up in DNS; nothing here answers for them.
        for static in job.get("static_configs", []):
            static["targets"] = [t if t.startswith(("127.0.0.1:", "localhost:")) else "127.0.0.1:1" for t in static["targets"]]
    if alertmanager:
        for manager in config["alerting"]["alertmanagers"]:
            for static in manager.get("static_configs", []):
                static["targets"] = [alertmanager if t.startswith("alertmanager.") else t for t in static["targets"]]
    if fast:
        config["global"].update({"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"})
    path = os.path.join(directory, "prometheus-test.yml")
    with open(path, "w") as f:
        yaml.safe_dump(config, f)
    return path

def run(*command):
    result = subprocess.run(command, capture_output=True, text=True)
    print("$ " + " ".join(command) + "\n" + result.stdout + result.stderr)
    return result.returncode

def check(directory):
    prometheus_yml, rules, alertmanager_yml = values(directory)
    for name, text in (("alerting_rules.yml", rules), ("alertmanager.yml", alertmanager_yml), ("prometheus.yml", prometheus_yml)):
        with open(os.path.join(directory, name), "w") as f:
            f.write(text)
    failures = run("promtool", "check", "rules", os.path.join(directory, "alerting_rules.yml"))
    failures += run("amtool", "check-config", os.path.join(directory, "alertmanager.yml"))
    failures += run("promtool", "check", "config", test_copy(directory, prometheus_yml))
    sys.exit(1 if failures else 0)

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def varint(data, i):
    shift = result = 0
    while True:
        byte = data[i]; i += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, i
        shift += 7

def count_samples(message):
    """Samples in a remote-write WriteRequest: field 1 = TimeSeries {field 1 = Label, field 2 = Sample}."""
    def fields(data):
        i = 0
        while i < len(data):
            key, i = varint(data, i)
            number, wire = key >> 3, key & 7
            if wire == 0:
                _, i = varint(data, i)
            elif wire == 1:
                i += 8
            elif wire == 5:
                i += 4
            elif wire == 2:
                length, i = varint(data, i)
                yield number, data[i:i + length]
                i += length
            else:
                raise ValueError("unexpected wire type %d" % wire)
    return sum(1 for number, series in fields(message) if number == 1 for inner, _ in fields(series) if inner == 2)

class Quiet(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

def die_with_parent():
    """For the servers started here: the kernel ends them when this harness ends, however it ends."""
    import ctypes
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG

def serve(directory):
    import snappy
    children = []
    # The test process blocks SIGTERM and its children inherit that mask: take SIGTERM back, to stop cleanly.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])

    def stop(*_):
        for child in children:
            child.kill()
            child.wait()
        os._exit(0)
    signal.signal(signal.SIGTERM, stop)
    parent = os.getppid()

    lock = threading.Lock()
    samples = [0]

    class Webhook(Quiet):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with lock, open(os.path.join(directory, "alerts.jsonl"), "a") as f:
                f.write(json.dumps({"path": self.path, "payload": json.loads(body)}) + "\n")
            self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()

    class RemoteWrite(Quiet):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            count = count_samples(snappy.uncompress(body))
            with lock:
                samples[0] += count
                with open(os.path.join(directory, "samples.tmp"), "w") as f:
                    f.write(str(samples[0]))
                os.replace(os.path.join(directory, "samples.tmp"), os.path.join(directory, "samples"))
            self.send_response(204); self.end_headers()

    class Exporter(Quiet):
        def do_GET(self):
            body = b"# TYPE peng_test_signal gauge\npeng_test_signal 1\n"
            self.send_response(200); self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)

    servers = {name: Server(("127.0.0.1", 0), handler) for name, handler in
               (("webhook", Webhook), ("remoteWrite", RemoteWrite), ("exporter", Exporter))}
    for server in servers.values():
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ports = {name: server.server_address[1] for name, server in servers.items()}
    ports.update(prometheus=free_port(), alertmanager=free_port())
    with open(os.path.join(directory, "ports.json.tmp"), "w") as f:
        json.dump(ports, f)
    os.replace(os.path.join(directory, "ports.json.tmp"), os.path.join(directory, "ports.json"))

    values_file = os.path.join(directory, "prometheus-values.yaml")
    while not os.path.exists(values_file):
        if os.getppid() != parent:
            stop()
        time.sleep(0.1)
    prometheus_yml, rules, alertmanager_yml = values(directory)
    with open(os.path.join(directory, "alerting_rules.yml"), "w") as f:
        f.write(rules)
    am = yaml.safe_load(alertmanager_yml)
    am["route"]["group_wait"] = "1s"
    am_path = os.path.join(directory, "alertmanager-test.yml")
    with open(am_path, "w") as f:
        yaml.safe_dump(am, f)
    # The team's pod, as Kubernetes discovery would present it: annotated for scraping, in the team's namespace.
    with open(os.path.join(directory, "pod-labels.json")) as f:
        pod_labels = json.load(f)
    targets = {"kubernetes-pods": [{"targets": ["127.0.0.1:%d" % ports["exporter"]], "labels": pod_labels}]}
    config = test_copy(directory, prometheus_yml, targets=targets, alertmanager="127.0.0.1:%d" % ports["alertmanager"], fast=True)
    log = open(os.path.join(directory, "servers.log"), "w")
    children.append(subprocess.Popen(["prometheus-alertmanager", "--config.file=" + am_path,
                                      "--storage.path=" + os.path.join(directory, "am-data"),
                                      "--web.listen-address=127.0.0.1:%d" % ports["alertmanager"], "--cluster.listen-address="],
                                     stdout=log, stderr=log, preexec_fn=die_with_parent))
    children.append(subprocess.Popen(["prometheus", "--config.file=" + config,
                                      "--storage.tsdb.path=" + os.path.join(directory, "prom-data"),
                                      "--web.listen-address=127.0.0.1:%d" % ports["prometheus"]], stdout=log, stderr=log,
                                     preexec_fn=die_with_parent))
    import urllib.request
    ready = False
    while True:
        if os.getppid() != parent or any(child.poll() is not None for child in children):
            stop()
        if not ready:
            try:
                for port, path in ((ports["prometheus"], "/-/ready"), (ports["alertmanager"], "/-/ready")):
                    urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=2).read()
                open(os.path.join(directory, "ready"), "w").close()
                ready = True
            except OSError:
                pass
        time.sleep(0.2)

if __name__ == "__main__":
    {"check": check, "serve": serve}[sys.argv[1]](sys.argv[2])
