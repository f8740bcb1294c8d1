"""Pages a coach can work with (issue 12 item 7), measured in Chromium: the case tabs on one
line at 1280 px, the Klaar? page as one list (not two tracks repeating the same items), the
debts' Totaal column in view at 820 px without sideways scrolling, and no select whose chosen
text is cut off."""

from __future__ import annotations

import pytest

from tests.integration.handover_support import CaseSpec, DebtSpec, build_case

pytestmark = pytest.mark.browser

# Five debts of different kinds, a budget, answers and documents: a full Klaar? page.
FIVE = [DebtSpec(), DebtSpec("Vattenfall", 50_000, "VF-TEST-2"), DebtSpec("KPN", 12_000, "KPN-1"),
        DebtSpec("Belastingdienst", 230_000, "BD-1"), DebtSpec("CJIB", 9_000, "CJ-1", cjib_kind="wahv")]  # fmt: skip

TABS_JS = """() => {
  const links = [...document.querySelectorAll('ul.tabs a')];
  const tops = new Set(links.map(a => Math.round(a.getBoundingClientRect().top)));
  const bar = document.querySelector('ul.tabs');
  return {count: links.length, lines: tops.size, height: bar ? bar.getBoundingClientRect().height : 0,
          linkHeight: links.length ? links[0].getBoundingClientRect().height : 0};
}"""

CUT_SELECTS_JS = """() => {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  const cut = [];
  for (const s of document.querySelectorAll('select')) {
    if (!s.offsetParent) continue;  // not shown
    const st = getComputedStyle(s);
    ctx.font = `${st.fontStyle} ${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
    const opt = s.options[s.selectedIndex];
    if (!opt) continue;
    const room = s.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) - 20;  // the arrow
    const need = ctx.measureText(opt.text.trim()).width;
    if (need > room) cut.push(`${s.name}: "${opt.text.trim()}" needs ${Math.round(need)} px, has ${Math.round(room)}`);
  }
  return cut;
}"""


@pytest.fixture
def full_case(live_server):  # type: ignore[no-untyped-def]
    return build_case(live_server.app, live_server.people, CaseSpec(alias="Demo Lay-out Testpersoon", debts=FIVE))


def test_case_tabs_fit_on_one_line_at_1280(browser_page, login, full_case, screens_dir):  # type: ignore[no-untyped-def]
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "coach.a")
    for path in ("", "/schulden", "/klaar"):
        page.goto(f"/dossiers/{full_case}{path}")
        tabs = page.evaluate(TABS_JS)
        assert tabs["count"] >= 8, tabs
        assert tabs["lines"] == 1, f"the tab bar wraps onto {tabs['lines']} lines at 1280 px: {tabs}"
        assert tabs["height"] < 2 * tabs["linkHeight"], tabs
    page.screenshot(path=str(screens_dir / "layout-tabs-1280.png"))


def test_klaar_is_one_list_with_a_column_per_track(browser_page, login, full_case, screens_dir):  # type: ignore[no-untyped-def]
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "coach.a")
    page.goto(f"/dossiers/{full_case}/klaar")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    page.screenshot(path=str(screens_dir / "layout-klaar-1280.png"), full_page=True)
    # Two columns that each repeated every item made this case 8.180 px long (9.800 in the issue).
    assert height < 7000, f"Klaar? is {height} px long"
    table = page.locator("#checklist")
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert "Minnelijk" in headers and "WSNP" in headers
    codes = table.locator("tbody tr[data-code]").evaluate_all("rows => rows.map(r => r.dataset.code)")
    assert codes and len(codes) == len(set(codes)), "an item is listed twice"


def test_debts_totaal_visible_at_820_without_sideways_scroll(browser_page, login, full_case, screens_dir):  # type: ignore[no-untyped-def]
    page = browser_page
    page.set_viewport_size({"width": 820, "height": 1000})
    login(page, "coach.a")
    page.goto(f"/dossiers/{full_case}/schulden")
    page.screenshot(path=str(screens_dir / "layout-debts-820.png"), full_page=True)
    info = page.evaluate("""() => {
      const th = [...document.querySelectorAll('table th')].find(t => t.textContent.trim() === 'Totaal');
      if (!th) return null;
      const r = th.getBoundingClientRect();
      const wraps = [...document.querySelectorAll('.table-wrap')].map(w => [w.scrollWidth, w.clientWidth]);
      return {right: r.right, left: r.left, width: window.innerWidth, doc: document.documentElement.scrollWidth, wraps};
    }""")
    assert info is not None, "no Totaal column"
    assert info["right"] <= info["width"] and info["left"] >= 0, info
    assert info["doc"] <= info["width"], info
    assert all(scroll <= client + 1 for scroll, client in info["wraps"]), info


@pytest.mark.parametrize("path", ["/budget", "/schulden/nieuw", "/huur/nieuw", "/contact", "/toestemming", "/persoon", ""])
def test_no_select_cuts_off_its_text(browser_page, login, full_case, path):  # type: ignore[no-untyped-def]
    page = browser_page
    login(page, "coach.a")
    for width in (1280, 820):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/dossiers/{full_case}{path}")
        cut = page.evaluate(CUT_SELECTS_JS)
        assert cut == [], f"{path} at {width} px: {cut}"
