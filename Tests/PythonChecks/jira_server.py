#!/usr/bin/env python3
"""A local Jira for the tests: serves the issues of saved REST search pages the way Jira's REST documentation says
Jira Cloud or Data Center does, and checks each request the way Jira would. Every request is written as one JSON line
to OUTPUT: method, path, query, the authentication scheme used, the status answered, the problems found, and for a
search page the number of issues on it.

  jira_server.py OUTPUT PAGES_DIR --flavor cloud|datacenter (--basic USER:TOKEN | --bearer TOKEN)
                 [--board ID] [--fault PATH_PREFIX=429,503 ...]

- GET /rest/api/2/serverInfo: deploymentType Cloud or Server.
- GET /rest/api/{2,3}/field: the system fields and the sprint field (customfield_10020) and the epic link.
- Cloud: GET /rest/api/3/search/jql (nextPageToken, isLast; no total) and POST /rest/api/3/search/approximate-count.
- Data Center: GET /rest/api/2/search (startAt, maxResults, total).
- GET /rest/agile/1.0/board/ID/sprint (startAt, maxResults, isLast; values), the sprints the issues name.
- Only the fields asked for are returned (Jira's `fields` parameter); maxResults is capped as Jira does (Cloud 100,
  Data Center 1000).
- A wrong or missing credential is 401 with Jira's errorMessages; a JQL without "project" is 400 as a bad query is.
- --fault PREFIX=429,503: the first requests whose path starts with PREFIX are answered these codes in turn (429 with
  Retry-After: 1), then normally.
- A JQL with `updated >= "-Nm"` (Jira's relative form) selects the tickets changed in the last N minutes.
- What happens in Jira while a test runs, by POST /test/change without authentication (the test's own door):
  {"key": K, "fields": {...}} changes ticket K's fields (or adds it) and sets its `updated` to now;
  {"delete": K} deletes ticket K; {"bearer": TOKEN} accepts only this personal access token from now on.

Prints the port, then serves until killed; it ends by itself when its parent (the test process) ends.
"""
import parent_watch  # noqa: F401  (ends this server with the test process)
import argparse
import base64
import glob
import http.server
import json
import os
import re
import threading
import time
import urllib.parse
from datetime import datetime


parser = argparse.ArgumentParser()
parser.add_argument("output")
parser.add_argument("pages")
parser.add_argument("--flavor", choices=["cloud", "datacenter"], required=True)
parser.add_argument("--basic")
parser.add_argument("--bearer")
parser.add_argument("--board", type=int)
parser.add_argument("--fault", action="append", default=[])
args = parser.parse_args()

issues = []
for path in sorted(glob.glob(os.path.join(args.pages, "*.json")), key=lambda p: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p)]):
    with open(path) as f:
        issues += json.load(f)["issues"]

# Each issue's fields encoded once, as a real server keeps its index: a page is put together from these. A change
# replaces the lists whole (one assignment), so a page being put together sees the lists before or after it.
encoded = [{name: json.dumps(value) for name, value in issue["fields"].items()} for issue in issues]
ids = [i + 10000 for i in range(len(issues))]


def updated_at(issue):
    text = issue["fields"].get("updated")
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() if text else 0.0


def change(body):
    global issues, encoded, ids
    new_issues, new_encoded, new_ids = list(issues), list(encoded), list(ids)
    keys = [issue["key"] for issue in new_issues]
    if "delete" in body:
        index = keys.index(body["delete"])
        for items in (new_issues, new_encoded, new_ids):
            del items[index]
    elif "bearer" in body:
        args.bearer, args.basic = body["bearer"], None
        return
    else:
        now = datetime.now().astimezone().strftime("%Y-%m-%dT%H:%M:%S.000%z")
        if body["key"] in keys:
            index = keys.index(body["key"])
            issue = {"key": body["key"], "fields": dict(new_issues[index]["fields"], **body["fields"], updated=now)}
            new_issues[index] = issue
        else:
            issue = {"key": body["key"], "fields": dict(body["fields"], updated=now)}
            index = len(new_issues)
            new_issues.append(issue)
            new_encoded.append(None)
            new_ids.append(max(new_ids, default=9999) + 1)
        new_encoded[index] = {name: json.dumps(value) for name, value in issue["fields"].items()}
    issues, encoded, ids = new_issues, new_encoded, new_ids

SPRINT_FIELD = "customfield_10020"
sprints = {}
for issue in issues:
    for item in issue["fields"].get(SPRINT_FIELD) or []:
        if isinstance(item, dict):
            sprints.setdefault(item["name"], {"id": item.get("id"), "name": item["name"], "state": item["state"], "startDate": item.get("startDate")})
        else:
            name = re.search(r"name=([^,\]]+)", item).group(1)
            state = re.search(r"state=([A-Z]+)", item).group(1).lower()
            start = re.search(r"startDate=([^,\]]+)", item)
            sprints.setdefault(name, {"id": None, "name": name, "state": state, "startDate": start.group(1) if start and start.group(1) != "<null>" else None})
sprint_list = sorted(sprints.values(), key=lambda s: (s["startDate"] or "", s["name"]))
for number, sprint in enumerate(sprint_list, 1):
    sprint["id"] = number
    sprint["originBoardId"] = args.board

faults = {}
for rule in args.fault:
    prefix, codes = rule.split("=", 1)
    faults[prefix] = [int(c) for c in codes.split(",")]
lock = threading.Lock()
out = open(args.output, "a")
tokens = {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One write per answer (headers and body together, flushed after each request) and no Nagle delay, as a real
    # server: otherwise every answer waits for the client's delayed acknowledgement.
    wbufsize = 1 << 20
    disable_nagle_algorithm = True

    def log_message(self, *a):
        pass

    def answer(self, status, body, record, headers=(), raw=None):
        data = raw if raw is not None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        record["status"] = status
        with lock:
            out.write(json.dumps(record) + "\n")
            out.flush()

    def do_POST(self):
        self.handle_any("POST")

    def do_GET(self):
        self.handle_any("GET")

    def handle_any(self, method):
        url = urllib.parse.urlsplit(self.path)
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        auth = self.headers.get("Authorization") or ""
        record = {"method": method, "path": url.path, "query": query, "auth": auth.split(" ")[0], "problems": []}
        if url.path == "/test/change" and method == "POST":
            with lock:
                change(json.loads(body))
            return self.answer(200, {}, record)
        if self.headers.get("Accept") != "application/json":
            record["problems"].append("no Accept: application/json")
        expected = "Basic " + base64.b64encode(args.basic.encode()).decode() if args.basic else "Bearer " + args.bearer
        if auth != expected:
            return self.answer(401, {"errorMessages": ["You are not authenticated. Authentication required to perform this operation."]}, record)
        code = None
        with lock:
            for prefix, codes in faults.items():
                if url.path.startswith(prefix) and codes:
                    code = codes.pop(0)
                    break
        if code:
            return self.answer(code, {"errorMessages": ["fault injected"]}, record, [("Retry-After", "1")] if code == 429 else [])
        cloud = args.flavor == "cloud"
        if url.path == "/rest/api/2/serverInfo":
            return self.answer(200, {"baseUrl": "http://jira.local", "version": "1001.0.0" if cloud else "9.12.0",
                                     "deploymentType": "Cloud" if cloud else "Server"}, record)
        if url.path in ("/rest/api/2/field", "/rest/api/3/field"):
            if url.path != ("/rest/api/3/field" if cloud else "/rest/api/2/field"):
                record["problems"].append("the field list of the other API version")
            fields = [{"id": name, "name": name, "custom": False} for name in ("summary", "issuetype", "status", "created", "resolutiondate", "labels")]
            fields += [{"id": SPRINT_FIELD, "name": "Sprint", "custom": True, "schema": {"type": "array", "items": "json", "custom": "com.pyxis.greenhopper.jira:gh-sprint", "customId": 10020}},
                       {"id": "customfield_10014", "name": "Epic Link", "custom": True, "schema": {"type": "any", "custom": "com.pyxis.greenhopper.jira:gh-epic-link", "customId": 10014}}]
            return self.answer(200, fields, record)
        if url.path in ("/rest/api/3/search/jql", "/rest/api/2/search", "/rest/api/3/search/approximate-count"):
            jql = json.loads(body)["jql"] if method == "POST" else query.get("jql", "")
            if "project" not in jql:
                return self.answer(400, {"errorMessages": ["Error in the JQL Query: the query has no project."], "errors": {}}, record)
        # The lists as they are now, whatever a change does meanwhile; with `updated >= "-Nm"`, the tickets changed since.
        listed, fields_of, id_of = issues, encoded, ids
        if url.path in ("/rest/api/3/search/jql", "/rest/api/2/search", "/rest/api/3/search/approximate-count"):
            recent = re.search(r'updated\s*>=\s*"?-(\d+)m"?', jql)
            if recent:
                since = time.time() - int(recent.group(1)) * 60
                chosen = [i for i, issue in enumerate(listed) if updated_at(issue) >= since]
                listed, fields_of, id_of = [listed[i] for i in chosen], [fields_of[i] for i in chosen], [id_of[i] for i in chosen]
        if url.path == "/rest/api/3/search/approximate-count" and cloud and method == "POST":
            return self.answer(200, {"count": len(listed)}, record)
        if url.path == ("/rest/api/3/search/jql" if cloud else "/rest/api/2/search"):
            wanted = [f for f in query.get("fields", "").split(",") if f]
            if not wanted or "*all" in wanted or "*navigable" in wanted:
                record["problems"].append("asked for every field")
            # Jira's caps with fields asked for: 100 a page on Cloud's search/jql, 1000 on Data Center (the default of
            # jira.search.views.default.max).
            size = min(int(query.get("maxResults", "50")), 100 if cloud else 1000)
            start = int(query.get("nextPageToken", "0") if cloud else query.get("startAt", "0"))
            page = ",".join('{"id":"%d","key":%s,"fields":{%s}}' % (id_of[i], json.dumps(listed[i]["key"]),
                                                                     ",".join('"%s":%s' % (k, v) for k, v in fields_of[i].items() if k in wanted))
                            for i in range(start, min(start + size, len(listed))))
            if cloud:
                last = start + size >= len(listed)
                head = '"isLast":%s' % ("true" if last else 'false,"nextPageToken":"%d"' % (start + size))
            else:
                head = '"startAt":%d,"maxResults":%d,"total":%d' % (start, size, len(listed))
            record["issues"] = max(0, min(start + size, len(listed)) - start)
            return self.answer(200, None, record, raw=('{%s,"issues":[%s]}' % (head, page)).encode())
        match = re.fullmatch(r"/rest/agile/1.0/board/(\d+)/sprint", url.path)
        if match and args.board is not None:
            if int(match.group(1)) != args.board:
                return self.answer(404, {"errorMessages": [f"The requested board cannot be viewed because it either does not exist or you do not have permission to view it."]}, record)
            size = min(int(query.get("maxResults", "50")), 50)
            start = int(query.get("startAt", "0"))
            values = sprint_list[start:start + size]
            return self.answer(200, {"maxResults": size, "startAt": start, "isLast": start + size >= len(sprint_list), "values": values}, record)
        record["problems"].append("not a Jira endpoint this server plays")
        return self.answer(404, {"errorMessages": ["not found"]}, record)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
