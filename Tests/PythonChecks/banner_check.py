#!/usr/bin/env python3
"""Signs in to the dashboard in real headless Chromium, opens the overview and reports the problem banner with the
given element id as a person sees it: whether it is there, whether it is shown, and its text. Prints JSON.

  banner_check.py URL TOKEN ELEMENT_ID SCREENSHOT
"""
import json
import sys

from selenium.webdriver.common.by import By

from browser import chromium, sign_in, waiting, whole

url, token, element, screenshot = sys.argv[1:5]
driver = chromium(1440, 1100)
wait = waiting(driver)
try:
    sign_in(driver, wait, url, token)
    def banner(d):
        found = d.find_elements(By.ID, element)
        return {"present": bool(found), "visible": bool(found) and found[0].is_displayed(), "text": found[0].text if found else ""}
    seen = whole(wait, banner)
    driver.save_screenshot(screenshot)
finally:
    driver.quit()
print(json.dumps(seen))
