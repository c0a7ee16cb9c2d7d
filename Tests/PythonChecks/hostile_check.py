#!/usr/bin/env python3
"""Opens dashboard pages that show text written by users (a validator message quoting a field name, a product
description, an order parameter, a Jira component, a Blue Board theme) in real headless Chromium and reports, per page, whether any
injected script ran and whether the text is shown as written. Prints JSON for the Swift test.

  hostile_check.py URL ADMIN_TOKEN TEAM_TOKEN ARTEFACTS_DIR
"""
import json
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready

from browser import chromium, sign_in, waiting, whole

url, admin, team, artefacts = sys.argv[1:5]
driver = chromium(1440, 1100)
wait = waiting(driver)
seen = {}


def look(name, path, element):
    driver.get(url + path)
    wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, element)))
    seen[name] = whole(wait, lambda d: {
        "pwned": d.execute_script("return window.__pwned === undefined ? null : window.__pwned"),
        "scripts": d.execute_script("return document.scripts.length"),
        "images": d.execute_script("return document.images.length"),
        "handlers": d.execute_script(
            "return [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length"),
        "text": d.find_element(By.TAG_NAME, "main").text,
    })
    driver.save_screenshot(os.path.join(artefacts, f"hostile-{name}.png"))


try:
    sign_in(driver, wait, url, admin)
    look("overview", "/", "#invalid")
    look("insights", "/insights", "#team-work table")
    whole(wait, lambda d: d.find_element(By.XPATH, "//button[text()='Sign out']").click())
    wait.until(ready.presence_of_element_located((By.ID, "token")))
    sign_in(driver, wait, url, team)
    look("order", "/orders/new?product=mysql", "#order")
    # The Blue Board is for every signed-in team member: its cards, their colours and columns as drawn.
    look("board", "/board", "[data-board='blue-board'] .card")
    seen["board"]["cards"] = whole(wait, lambda d: d.execute_script(
        "return [...document.querySelectorAll('.card')].map(c => [c.dataset.key, c.dataset.colour, c.closest('.column').dataset.column,"
        " getComputedStyle(c).backgroundColor])"))
finally:
    driver.quit()
print(json.dumps(seen))
