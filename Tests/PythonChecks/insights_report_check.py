#!/usr/bin/env python3
"""Opens a peng insights HTML report in real headless Chromium (Debian's chromium and chromium-driver, through
selenium) with the network switched off, and prints what it saw as JSON for the Swift test: every chart with its
bars' data, every table, the notes, which resources the page asked for, the Blue Board's cards (key, colour, the
background drawn) and the text of the dashboard's Jira lines (`#jira-read`, `#jira-failure`, `#insights-waiting`,
`#insights-problem`) as shown. Keeps a full-page screenshot.

  insights_report_check.py URL SCREENSHOT [COOKIE_NAME COOKIE_VALUE]

URL is a file:// report or a dashboard page; with a cookie the page is signed in first.
"""
import json
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from browser import chromium

url, screenshot = sys.argv[1:3]
cookie = sys.argv[3:5]
driver = chromium(1400, 1000)
wait = WebDriverWait(driver, 120)  # a bound for a hang only: the wait ends when the charts are there
try:
    if url.startswith("file://"):
        # Offline: no request may leave the machine. A self-contained report needs none.
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    if cookie:
        base = url.split("/", 3)
        driver.get("/".join(base[:3]) + "/login")
        driver.add_cookie({"name": cookie[0], "value": cookie[1], "path": "/"})
    driver.get(url)
    # A report has charts; the Blue Board has cards; a dashboard page waiting for Jira has its line.
    wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "svg.chart, article.card, #jira-read, #insights-waiting")))
    charts = {}
    for svg in driver.find_elements(By.CSS_SELECTOR, "svg.chart"):
        bars = [{"series": b.get_attribute("data-series"), "category": b.get_attribute("data-category"),
                 "value": float(b.get_attribute("data-value")), "height": float(b.get_attribute("height")),
                 "width": float(b.get_attribute("width"))}
                for b in svg.find_elements(By.CSS_SELECTOR, "rect.bar")]
        size = svg.size
        charts[svg.get_attribute("id")] = {"kind": svg.get_attribute("data-kind"), "bars": bars,
                                           "visible": svg.is_displayed() and size["width"] > 100 and size["height"] > 50}
    tables = {t.get_attribute("data-table"): [[c.text for c in r.find_elements(By.CSS_SELECTOR, "th,td")]
                                              for r in t.find_elements(By.TAG_NAME, "tr")]
              for t in driver.find_elements(By.CSS_SELECTOR, "table[data-table]")}
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    notes = [n.text for n in driver.find_elements(By.CSS_SELECTOR, ".notes li")]
    headings = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "h1,h2")]
    cards = [{"key": c.get_attribute("data-key"), "colour": c.get_attribute("data-colour"),
              "background": c.value_of_css_property("background-color")}
             for c in driver.find_elements(By.CSS_SELECTOR, "article.card")]
    texts = {e.get_attribute("id"): e.text
             for e in driver.find_elements(By.CSS_SELECTOR, "#jira-read, #jira-failure, #insights-waiting, #insights-problem") if e.is_displayed()}
    os.makedirs(os.path.dirname(os.path.abspath(screenshot)), exist_ok=True)
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1400, min(max(height, 1000), 6000))
    driver.save_screenshot(screenshot)
    print(json.dumps({"charts": charts, "tables": tables, "resources": resources, "notes": notes, "headings": headings,
                      "cards": cards, "texts": texts, "title": driver.title}))
finally:
    driver.quit()
