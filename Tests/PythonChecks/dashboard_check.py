#!/usr/bin/env python3
"""Drives peng serve's dashboard in real headless Chromium (Debian's chromium and chromium-driver, through selenium),
as a platform engineer and a team member use it. Prints what it saw as JSON for the Swift test.

  dashboard_check.py URL ADMIN_TOKEN TEAM_TOKEN ARTEFACTS_DIR NAMESPACE STAGE BAD_NAMESPACE
"""
import json
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.select import Select

from browser import chromium, sign_in as open_signed_in, waiting, whole

url, admin, team, artefacts, namespace, stage, bad_namespace = sys.argv[1:8]
driver = chromium(1440, 1100)
wait = waiting(driver)
seen = {}


def sign_in(token):
    seen.setdefault("redirected_to_login", open_signed_in(driver, wait, url, token))
    wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "section.stage")))


try:
    sign_in(admin)
    seen.update(whole(wait, lambda d: {
        "stages": [s.get_attribute("data-stage") for s in d.find_elements(By.CSS_SELECTOR, "section.stage")],
        "cards": {c.get_attribute("data-cluster"): c.find_element(By.CSS_SELECTOR, ".version").text
                  for c in d.find_elements(By.CSS_SELECTOR, "article.card")},
        "revision": d.find_element(By.ID, "revision").text,
        "refresh": d.find_element(By.CSS_SELECTOR, "meta[http-equiv='refresh']").get_attribute("content"),
        "warnings": d.find_element(By.ID, "warnings").text,
        "latest": d.find_element(By.ID, "latest").text,
        "sync_button": len(d.find_elements(By.XPATH, "//button[text()='Sync now']")) == 1,
    }))
    driver.save_screenshot(os.path.join(artefacts, "dashboard-overview.png"))

    first = sorted(seen["cards"])[0]
    whole(wait, lambda d: d.find_element(By.LINK_TEXT, first).click())
    wait.until(ready.presence_of_element_located((By.ID, "plan")))
    seen["cluster_page"] = whole(wait, lambda d: {
        "title": d.find_element(By.TAG_NAME, "h2").text, "plan": d.find_element(By.ID, "plan").text,
        "tables": len(d.find_elements(By.TAG_NAME, "table"))})
    driver.save_screenshot(os.path.join(artefacts, "dashboard-cluster.png"))

    driver.get(url + "/history")
    wait.until(ready.presence_of_element_located((By.ID, "history")))
    seen["history_rows"] = whole(wait, lambda d: [r.text for r in d.find_elements(By.CSS_SELECTOR, "#history tr[data-record]")])

    whole(wait, lambda d: d.find_element(By.XPATH, "//button[text()='Sign out']").click())
    wait.until(ready.presence_of_element_located((By.ID, "token")))

    # A team owner: the team's view, then "Order a product".
    sign_in(team)
    seen.update(whole(wait, lambda d: {
        "team_cards": sorted(c.get_attribute("data-cluster") for c in d.find_elements(By.CSS_SELECTOR, "article.card")),
        "team_sync_button": len(d.find_elements(By.XPATH, "//button[text()='Sync now']")) > 0,
    }))

    def order(target_namespace, storage):
        driver.get(url + "/orders/new?product=mysql")
        wait.until(ready.presence_of_element_located((By.ID, "order")))
        seen.setdefault("mandatory_readonly", [e.get_attribute("readonly") is not None for e in driver.find_elements(By.CSS_SELECTOR, "input.mandatory")])
        Select(driver.find_element(By.ID, "stage")).select_by_visible_text(stage)
        driver.find_element(By.ID, "namespace").send_keys(target_namespace)
        field = driver.find_element(By.ID, "set-storage")
        field.clear()
        field.send_keys(storage)
        driver.find_element(By.XPATH, "//button[text()='Order']").click()
        wait.until(lambda d: d.find_elements(By.ID, "filed") or d.find_elements(By.ID, "problems"))
        filed = driver.find_elements(By.ID, "filed")
        return {"filed": filed[0].text if filed else None,
                "problems": driver.find_elements(By.ID, "problems")[0].text if not filed else None}

    seen["order"] = order(namespace, "80Gi")
    driver.save_screenshot(os.path.join(artefacts, "dashboard-order.png"))
    seen["bad_order"] = order(bad_namespace, "9000Gi")
finally:
    driver.quit()
print(json.dumps(seen))
