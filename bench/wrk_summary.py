#!/usr/bin/env python3
"""One line from a `wrk --latency` report: requests/s, p50, p99, non-2xx answers. Usage: wrk_summary.py FILE"""
import re
import sys

text = open(sys.argv[1]).read()
rate = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
pct = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", text, re.M))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{float(rate):8.0f} req/s   p50 {pct['50']:>8}   p99 {pct['99']:>8}   non-2xx {errors.group(1) if errors else 0}")
