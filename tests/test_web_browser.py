"""The workbench as a person meets it: Debian's headless chromium, driven by Selenium through chromedriver.

Ask by name (type "hackney health", pick the board), read the outcome and the chain, print the answer on
one A4 page; who may decide; upload a draft and read what it changes; record a decision and find it in the
register. Each step saves a screenshot into build/screenshots/ (not committed) for a person to look at.
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from web_server import serving

from vires.web.state import Workbench

pytestmark = pytest.mark.browser
ROOT = Path(__file__).parents[1]
SHOTS = ROOT / "build" / "screenshots"
DRAFT = ROOT / "tests" / "fixtures" / "diff" / "ch-nhp-in-force.yaml"
MEETING = ROOT / "tests" / "fixtures" / "meetings" / "key-decision.yaml"
SHIPPED = ["@england", "@london", "@city-and-hackney", "@team-hackney"]
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("needs Debian's chromium and chromium-driver (make test installs them)", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.print_page_options import PrintOptions  # noqa: E402
from selenium.webdriver.support import expected_conditions as shown  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The workbench over every shipped pack and their decision cases, with a register of its own."""
    register = tmp_path_factory.mktemp("register") / "register.sqlite"
    wb = Workbench.from_paths(SHIPPED, register=str(register), cases=[str(ROOT / "decisions")])
    with serving(wb) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless chromium from Debian, a fresh profile, nothing fetched from the network."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        "--lang=en-GB",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def wait(driver, seconds: float = 15) -> WebDriverWait:
    return WebDriverWait(driver, seconds)


def screenshot(driver, name: str) -> Path:
    """The whole page as build/screenshots/NAME.png (the window grown to the page's height)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, max(800, min(height + 40, 4000)))
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 1000)
    return path


def pick(driver, field: str, typed: str, choice: str) -> None:
    """Type into a searchable field and click the suggestion whose name is `choice`."""
    box = driver.find_element(By.NAME, field)
    box.clear()
    box.send_keys(typed)
    option = wait(driver).until(
        shown.element_to_be_clickable((By.XPATH, f"//ul[@class='suggestions']/li[@data-value='{choice}']"))
    )
    option.click()
    assert box.get_attribute("value") == choice


def set_date(driver, name: str, value: str) -> None:
    """A date field's value (typing into a date field depends on the browser's locale)."""
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.NAME, name), value)


def ask_hwbb(driver, site: str) -> None:
    """Ask, by name, whether the Hackney HWBB may deliver the Neighbourhood Health Plan if proposals are adopted."""
    driver.get(site + "/")
    pick(driver, "body", "hackney health", "Hackney Health and Wellbeing Board")
    pick(driver, "decision", "deliver neighbourhood", "Deliver the Neighbourhood Health Plan")
    set_date(driver, "date", "2026-06-01")
    driver.find_element(By.NAME, "include_proposed").click()
    driver.find_element(By.CSS_SELECTOR, "form.question button[type=submit]").click()
    wait(driver).until(shown.presence_of_element_located((By.CSS_SELECTOR, "section.answer")))


def test_ask_by_name_gives_the_outcome_and_the_cited_chain(browser, site):
    """Typing "hackney health" offers the board by name; the answer says permitted and cites each link."""
    ask_hwbb(browser, site)
    paper = browser.find_element(By.CSS_SELECTOR, "section.answer article.paper")
    outcome = paper.find_element(By.CSS_SELECTOR, "p").text
    assert outcome.startswith("Permitted. Hackney Health and Wellbeing Board may take this decision on 1 June 2026")
    assert "treats the proposed delegations as adopted" in outcome
    links = [li.text for li in paper.find_elements(By.CSS_SELECTOR, "ol.number li")]
    assert links[0].startswith("Power: London Borough of Hackney holds it")
    assert links[1].startswith("Delegation: from London Borough of Hackney to Hackney Health and Wellbeing Board")
    assert "Next Steps in Partnership Development for City and Hackney, 5" in links[1]
    image = browser.find_element(By.CSS_SELECTOR, "aside.chain img")
    wait(browser).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image))
    assert "body=Hackney+Health+and+Wellbeing+Board" in browser.current_url  # a bookmark that asks it again
    screenshot(browser, "ask")


def test_the_answer_prints_on_one_a4_page(browser, site):
    """Printed from the browser, the answer with its chain and diagram is one A4 page, without the form."""
    from pypdf import PdfReader

    ask_hwbb(browser, site)
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(browser.print_page(options))
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "ask-print.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-singlefile", str(SHOTS / "ask-print.pdf"), str(SHOTS / "ask-print")],
            check=False,
        )
    assert len(reader.pages) == 1, f"{len(reader.pages)} pages"
    assert "Permitted." in text and "Authority" in text
    assert "Record this decision" not in text and "Facts:" not in text


def test_who_lists_the_bodies_lowest_level_first_each_linked_to_its_answer(browser, site):
    """Who may deliver the plan on behalf of Hackney: the HWBB sub-committee first, and its link asks the
    question of it, for Hackney."""
    browser.get(site + "/who")
    pick(browser, "decision", "deliver neighbourhood", "Deliver the Neighbourhood Health Plan")
    set_date(browser, "date", "2026-06-01")
    browser.find_element(By.NAME, "include_proposed").click()
    browser.find_element(By.NAME, "for").send_keys("London Borough of Hackney")
    browser.find_element(By.CSS_SELECTOR, "form.question button[type=submit]").click()
    items = wait(browser).until(shown.presence_of_all_elements_located((By.CSS_SELECTOR, ".paper ol.number > li")))
    assert items[0].text.startswith("Hackney HWBB Neighbourhood Health Plan Sub-Committee (variant): place level")
    screenshot(browser, "who")
    items[0].find_element(By.TAG_NAME, "a").click()
    outcome = wait(browser).until(shown.presence_of_element_located((By.CSS_SELECTOR, ".answer .paper p")))
    assert outcome.text.startswith("Permitted. Hackney HWBB Neighbourhood Health Plan Sub-Committee (variant) may")
    assert "on behalf of London Borough of Hackney" in outcome.text


def test_a_draft_uploaded_shows_every_right_it_changes_and_the_cases(browser, site):
    """Upload the NHP draft: the page names the Partnership Board's new right and the cases before and after."""
    browser.get(site + "/draft")
    browser.find_element(By.NAME, "draft").send_keys(str(DRAFT))
    set_date(browser, "date", "2026-06-01")
    browser.find_element(By.CSS_SELECTOR, "form.draft button[type=submit]").click()
    wait(browser, 60).until(shown.presence_of_element_located((By.CSS_SELECTOR, "article.paper table")))
    assert "/draft/" in browser.current_url
    tables = browser.find_elements(By.CSS_SELECTOR, "article.paper table")
    changes = tables[0].text
    assert "Hackney Health and Wellbeing Board" in changes and "gains authority" in changes
    cases = browser.find_element(By.XPATH, "//h1[contains(., 'Decision cases')]/..").text
    assert "The draft changes the outcome of" in cases
    screenshot(browser, "draft")


def test_a_meeting_uploaded_shows_its_deadlines_and_its_word_note_downloads(browser, site):
    """Upload a Hackney executive meeting on Agenda, checked on 10 May: the deadlines table gives 28 days' notice
    as passed on 3 May and the general exception due by 26 May; the Word note downloads and opens."""
    import urllib.request

    import docx

    browser.get(site + "/agenda")
    browser.find_element(By.NAME, "meeting").send_keys(str(MEETING))
    set_date(browser, "as_of", "2026-05-10")
    browser.find_element(By.CSS_SELECTOR, "form.agenda button[type=submit]").click()
    wait(browser, 60).until(shown.presence_of_element_located((By.CSS_SELECTOR, "article.paper table")))
    assert "/agenda/" in browser.current_url
    deadlines = browser.find_elements(By.CSS_SELECTOR, "article.paper table")[1]
    rows = [row.text for row in deadlines.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert rows[0].startswith("Sun 3 May 2026") and rows[0].endswith("Passed")
    assert rows[1].startswith("Tue 26 May 2026") and "5 clear days' notice" in rows[1]
    screenshot(browser, "agenda")
    link = browser.find_element(By.LINK_TEXT, "the note (Word)").get_attribute("href")
    with urllib.request.urlopen(link, timeout=30) as response:  # noqa: S310 - the local test server
        note = docx.Document(io.BytesIO(response.read()))
    assert "Item 7: Better care pooled fund" in [p.text for p in note.paragraphs if p.style.name == "Heading 1"]


def test_a_decision_recorded_from_an_answer_is_in_the_register(browser, site):
    """Ask a decision permitted under the rules in force, record it with the meeting's reference, find it listed."""
    browser.get(site + "/ask?body=hackney-hwbb&decision=population-health.jsna&date=2026-03-12&fact-present=6")
    form = wait(browser).until(shown.presence_of_element_located((By.CSS_SELECTOR, ".record form")))
    form.find_element(By.NAME, "ref").send_keys("Board 12 Mar 2026, item 7")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser).until(shown.presence_of_element_located((By.CSS_SELECTOR, ".banner.done")))
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Recorded as #1" in page and "chain intact" in page
    assert "Board 12 Mar 2026, item 7" in page and "Hackney Health and Wellbeing Board decided" in page
    screenshot(browser, "register")
