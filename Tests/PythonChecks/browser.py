"""Real headless Chromium for the browser tests: Debian's chromium and chromium-driver, driven through selenium,
never downloading a browser or driver."""
import os

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait


def chromium(width, height):
    os.environ["SE_OFFLINE"] = "true"  # never download a browser or driver
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}"]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def sign_in(driver, wait, url, token, path="/"):
    """Opens `path` (the dashboard sends a stranger to /login), signs in with `token`, waits for the page's main part.
    Returns whether the dashboard asked for the sign-in first."""
    driver.get(url + path)
    wait.until(ready.presence_of_element_located((By.ID, "token")))
    redirected = driver.current_url.endswith("/login")
    driver.find_element(By.ID, "token").send_keys(token)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "main")))
    return redirected


def waiting(driver):
    """A wait bounded for a hang only (every wait ends when what it waits for is there). The overview, a cluster page
    and the rollouts reload themselves (meta refresh); on a loaded machine a series of reads can straddle a reload, and
    an element found before it is stale after it. Such a read is started again, never taken as a failure."""
    return WebDriverWait(driver, 120, ignored_exceptions=[StaleElementReferenceException])


def whole(wait, reader):
    """Runs `reader(driver)` on one page as a whole: from the start again when the page reloaded under it."""
    def attempt(driver):
        try:
            return [reader(driver)]
        except StaleElementReferenceException:
            raise
        except WebDriverException as error:
            # Chromium does not always call an element of a page that reloaded under the read stale: a click on it may
            # fail with "Node with given id does not belong to the document" (seen under load in CI). That is the
            # same reload, so the read starts again; any other error ends it.
            if "does not belong to the document" in (error.msg or ""):
                raise StaleElementReferenceException(error.msg) from error
            raise
    return wait.until(attempt)[0]
