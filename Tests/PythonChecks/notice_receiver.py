#!/usr/bin/env python3
"""Receivers of peng's notices for the tests: GitLab and GitHub commit statuses, a generic webhook, Slack and Teams
incoming webhooks, on one local port. Every request is checked against the fields its platform documents (and the
webhook's body against the Notice schema of docs/openapi.yaml, its signature against the secret), and written as one
JSON line to OUTPUT: method, path, headers, body, status answered, and the problems found (none when it is right).

  notice_receiver.py OUTPUT OPENAPI --token T --secret S [--script PATH=503,503,200 ...] [--hang PATH ...]

Prints the port, then serves until killed; it ends by itself when its parent (the test process) ends.
"""
import parent_watch  # noqa: F401  (ends this server with the test process)
import argparse
import hashlib
import hmac
import http.server
import json
import os
import re
import threading
import time

import jsonschema
import yaml



parser = argparse.ArgumentParser()
parser.add_argument("output")
parser.add_argument("openapi")
parser.add_argument("--token", required=True)
parser.add_argument("--secret", required=True)
parser.add_argument("--script", action="append", default=[], help="PATH=CODE,CODE,...: the answers to a path, in turn")
parser.add_argument("--hang", action="append", default=[], help="a path that never answers")
args = parser.parse_args()

with open(args.openapi) as f:
    schemas = yaml.safe_load(f)["components"]["schemas"]
notice_schema = dict(schemas["Notice"], components={"schemas": schemas})
scripts = {path: [int(c) for c in codes.split(",")] for path, codes in (s.split("=", 1) for s in args.script)}
lock = threading.Lock()
SHA = re.compile(r"^[0-9a-f]{40}$")


def check_gitlab(path, headers, body, problems):
    if headers.get("private-token") != args.token:
        problems.append("PRIVATE-TOKEN is not the token")
    if "/statuses/" in path:
        if not SHA.match(path.rsplit("/", 1)[1]):
            problems.append("the status is not for a full commit SHA")
        if body.get("state") not in ("pending", "running", "success", "failed", "canceled"):
            problems.append(f"GitLab has no state {body.get('state')!r}")
        for field in ("name", "description"):
            if not isinstance(body.get(field), str):
                problems.append(f"{field} is not a string")
        if len(body.get("description", "")) > 255:
            problems.append("description is longer than 255")
        unknown = set(body) - {"state", "ref", "name", "context", "target_url", "description", "coverage", "pipeline_id"}
        if unknown:
            problems.append(f"GitLab does not document {sorted(unknown)}")
    elif path.endswith("/notes"):
        if not isinstance(body.get("body"), str) or not body["body"]:
            problems.append("a note needs a body")


def check_github(path, headers, body, problems):
    if headers.get("authorization") != f"Bearer {args.token}":
        problems.append("Authorization is not Bearer <token>")
    if headers.get("accept") != "application/vnd.github+json":
        problems.append("Accept is not application/vnd.github+json")
    if not headers.get("user-agent"):
        problems.append("GitHub requires a User-Agent")
    if not SHA.match(path.rsplit("/", 1)[1]):
        problems.append("the status is not for a full commit SHA")
    if body.get("state") not in ("error", "failure", "pending", "success"):
        problems.append(f"GitHub has no state {body.get('state')!r}")
    if len(body.get("description", "")) > 140:
        problems.append("description is longer than 140")
    unknown = set(body) - {"state", "target_url", "description", "context"}
    if unknown:
        problems.append(f"GitHub does not document {sorted(unknown)}")


def check_webhook(path, raw, headers, body, problems):
    try:
        jsonschema.validate(body, notice_schema)
    except jsonschema.ValidationError as error:
        problems.append(f"not a Notice: {error.message}")
    if path.startswith("/hook-open"):  # a webhook without a signing secret
        if "x-peng-signature-256" in headers:
            problems.append("signed without a secret")
    else:
        expected = "sha256=" + hmac.new(args.secret.encode(), raw, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(headers.get("x-peng-signature-256", ""), expected):
            problems.append("X-Peng-Signature-256 is not the HMAC-SHA256 of the body")
    if headers.get("x-peng-event") != body.get("event"):
        problems.append("X-Peng-Event is not the body's event")


def check_slack(body, problems):
    if set(body) != {"text"} or not isinstance(body["text"], str) or not body["text"]:
        problems.append("a Slack message is {\"text\": ...}")


def check_teams(body, problems):
    try:
        attachment = body["attachments"][0]
        card = attachment["content"]
        ok = (body["type"] == "message" and attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
              and card["type"] == "AdaptiveCard" and isinstance(card["version"], str) and card["body"][0]["type"] == "TextBlock"
              and card["body"][0]["text"])
    except (KeyError, IndexError, TypeError):
        ok = False
    if not ok:
        problems.append("not a Teams message with an Adaptive Card")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        path = self.path
        problems = []
        body = {}
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                problems.append("the body is not JSON")
        if headers.get("content-type") != "application/json" and raw:
            problems.append("Content-Type is not application/json")
        if path.startswith("/api/v4/"):
            check_gitlab(path, headers, body, problems)
        elif path.startswith("/repos/"):
            check_github(path, headers, body, problems)
        elif path.startswith("/hook"):
            check_webhook(path, raw, headers, body, problems)
        elif path.startswith("/slack"):
            check_slack(body, problems)
        elif path.startswith("/teams"):
            check_teams(body, problems)
        else:
            problems.append("no receiver at this path")
        answer = b"ok"
        with lock:
            queue = scripts.get(path)
            status = queue.pop(0) if queue else (201 if "/statuses/" in path or path.endswith("/notes") else 200)
        if path.endswith("/merge_requests") and self.command == "GET":
            answer = json.dumps([{"iid": 7}]).encode()
        record = {"method": self.command, "path": path, "headers": headers, "body": body, "status": status, "problems": problems,
                  "hung": path in args.hang}
        with lock, open(args.output, "a") as out:
            out.write(json.dumps(record) + "\n")
        if path in args.hang:
            threading.Event().wait()  # holds the connection open until the process ends
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = handle_any

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
