#!/usr/bin/env python3
"""Signs in to the dashboard in real headless Chromium, opens the overview and reports the problem banner with the
given element id as a person sees it: whether it is there, whether it is shown, and its text. Prints JSON.

  banner_check.py URL TOKEN ELEMENT_ID SCREENSHOT
"""
import json
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from browser import chromium, sign_in

url, token, element, screenshot = sys.argv[1:5]
driver = chromium(1440, 1100)
wait = WebDriverWait(driver, 120)  # a bound for a hang only: every wait ends when the element is there
try:
    sign_in(driver, wait, url, token)
    found = driver.find_elements(By.ID, element)
    seen = {
        "present": bool(found),
        "visible": bool(found) and found[0].is_displayed(),
        "text": found[0].text if found else "",
    }
    driver.save_screenshot(screenshot)
finally:
    driver.quit()
print(json.dumps(seen))
