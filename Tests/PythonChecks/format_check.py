#!/usr/bin/env python3
"""Checks peng's CI output formats with parsers and schemas from PyPI (the venv that `scripts/testenv install`
makes; its python is PENG_PYTHON in `scripts/testenv paths`). Prints what it found as JSON for the Swift tests.

  format_check.py junit FILE                 parse a JUnit XML report (junitparser)
  format_check.py codequality FILE SCHEMA    validate GitLab Code Quality JSON against SCHEMA (jsonschema)
  format_check.py markdown FILE              parse Markdown as GitLab/GitHub render it (markdown-it-py, CommonMark + tables)
  format_check.py ci gitlab-ci|github-workflows FILE   validate a CI file against its schema (check-jsonschema)
  format_check.py prometheus FILE            parse Prometheus text format (prometheus-client's parser)
  format_check.py openapi SPEC DIR           validate an OpenAPI document (openapi-spec-validator), then each
                                             DIR/<operationId>.<status>.json against that operation's response schema
"""
import json
import subprocess
import sys


def junit(path):
    from junitparser import JUnitXml
    xml = JUnitXml.fromfile(path)
    suites = []
    for suite in xml:
        cases = []
        for case in suite:
            results = [{"type": type(r).__name__.lower(), "message": r.message, "text": r.text} for r in case.result]
            cases.append({"name": case.name, "classname": case.classname, "results": results,
                          "system_out": case.system_out})
        suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures, "cases": cases})
    print(json.dumps({"suites": suites}))


def codequality(path, schema_path):
    import jsonschema
    with open(path) as f:
        report = json.load(f)
    with open(schema_path) as f:
        schema = json.load(f)
    jsonschema.validate(report, schema)
    print(json.dumps({"issues": len(report), "fingerprints": len({i["fingerprint"] for i in report}), "first": report[0] if report else None}))


def markdown(path):
    from markdown_it import MarkdownIt
    with open(path) as f:
        text = f.read()
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks = []
    for token in tokens:
        if token.type in ("heading_open", "table_open", "html_block", "fence", "blockquote_open", "bullet_list_open"):
            blocks.append({"type": token.type, "tag": token.tag, "info": token.info, "content": token.content})
        if token.type == "inline" and blocks and blocks[-1]["type"] == "heading_open" and not blocks[-1]["content"]:
            blocks[-1]["content"] = token.content
    rows = sum(1 for t in tokens if t.type == "tr_open")
    # Each table row's cells as a reader sees them (escapes resolved), and any raw HTML that reached the output.
    cells, row, html = [], None, []
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            cells.append(row)
        elif token.type == "inline" and row is not None:
            row.append("".join(child.content for child in token.children or [] if child.type in ("text", "text_special", "code_inline")))
        if token.type == "inline":
            html += [child.content for child in token.children or [] if child.type == "html_inline"]
        if token.type in ("tr_close", "table_close"):
            row = None
    print(json.dumps({"blocks": blocks, "tableRows": rows, "cells": cells, "inlineHTML": html}))


def ci(kind, path):
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", f"vendor.{kind}", path],
                            capture_output=True, text=True)
    print(json.dumps({"ok": result.returncode == 0, "output": result.stdout + result.stderr}))


def prometheus(path):
    from prometheus_client.parser import text_string_to_metric_families
    with open(path) as f:
        text = f.read()
    families = {}
    for family in text_string_to_metric_families(text):
        families[family.name] = {"type": family.type, "help": family.documentation,
                                 "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples]}
    print(json.dumps({"families": families}))


def openapi(spec_path, folder):
    import os
    import yaml
    import jsonschema
    from openapi_spec_validator import validate
    with open(spec_path) as f:
        spec = yaml.safe_load(f)
    validate(spec)
    operations = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            operations[operation["operationId"]] = (method, path, operation)
    checked = []
    seen = set()
    for name in sorted(os.listdir(folder)):
        operation_id, status, extension = name.split(".")
        method, path, operation = operations[operation_id]
        if status not in operation["responses"]:
            raise SystemExit(f"{name}: {method.upper()} {path} answered {status}, which docs/openapi.yaml does not list")
        response = operation["responses"][status]
        if "$ref" in response:
            response = spec["components"]["responses"][response["$ref"].split("/")[-1]]
        with open(os.path.join(folder, name)) as f:
            text = f.read()
        if extension == "txt":
            if "text/plain" not in response["content"]:
                raise SystemExit(f"{name}: a text answer where docs/openapi.yaml says {list(response['content'])}")
            if not text.strip():
                raise SystemExit(f"{name}: an empty text answer")
        else:
            schema = dict(response["content"]["application/json"]["schema"])
            schema["components"] = spec["components"]
            errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(json.loads(text))]
            if errors:
                raise SystemExit(f"{name} does not match docs/openapi.yaml:\n" + "\n".join(errors))
        seen.add(operation_id)
        checked.append(f"{method.upper()} {path} {status}")
    missing = sorted(set(operations) - seen)
    if missing:
        raise SystemExit(f"operations of docs/openapi.yaml with no answer checked: {', '.join(missing)}")
    print(json.dumps({"operations": sorted(operations), "checked": checked}))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "junit":
        junit(sys.argv[2])
    elif command == "codequality":
        codequality(sys.argv[2], sys.argv[3])
    elif command == "markdown":
        markdown(sys.argv[2])
    elif command == "ci":
        ci(sys.argv[2], sys.argv[3])
    elif command == "prometheus":
        prometheus(sys.argv[2])
    elif command == "openapi":
        openapi(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
