"""The whole journey of issue 12, in the UI, as a coach and a coordinator would walk it.

A coach opens a case for a new (synthetic) resident, adds five debts (Klarna with € 95
incassokosten where € 40 is the legal maximum; a rent debt at Eigen Haard), fills a budget,
looks at the offer (Aflossen), starts a rent mediation from the case with a payment
arrangement dated in the past, marks one instalment kept and one missed, opens Klaar?, follows
the stage proposals and reports the case ready for handover; the coordinator signs off and
downloads the dossier PDF.

Asserted: the offer divides the corrected Klarna amount (claimed vs used); the dossier PDF's
readiness says "niet in orde" for the missed instalment; the start pages (worklists) of the coach
and of the coordinator show the missed instalment and the waiting handover. The page loads of
both browsers are counted (printed, written to the screens folder, and kept under a bound).
Screenshots of the offer, Klaar? and both worklists go to the harness's screens folder.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pypdf
import pytest
from playwright.sync_api import expect

from schoonschip import clock
from schoonschip.cases.debts.service import seed_creditors
from schoonschip.db import write_transaction

pytestmark = pytest.mark.browser

ALIAS = "Testpersoon Reisdossier"
MAX_PAGE_LOADS = 70  # issue 12: "about 70 page loads" before; the walk must not need more


def nl(d) -> str:  # type: ignore[no-untyped-def]
    return d.strftime("%d-%m-%Y")


def _add_debt(page, creditor: str, hoofdsom: str, *, incasso: str = "", kenmerk: str, peildatum: str,  # type: ignore[no-untyped-def]
              status: str | None = None, last: bool = False) -> None:  # fmt: skip
    page.get_by_label("Schuldeiser uit de lijst", exact=True).select_option(label=creditor)
    page.get_by_label("Hoofdsom (de rekening zelf)", exact=True).fill(hoofdsom)
    if incasso:
        page.get_by_label("Incassokosten", exact=True).fill(incasso)
    page.get_by_label("Kenmerk bij de schuldeiser", exact=True).fill(kenmerk)
    page.get_by_label("Peildatum: op welke dag klopte het bedrag?", exact=True).fill(peildatum)
    if status:
        page.get_by_label("Hoe staat de schuld er nu voor?", exact=True).select_option(label=status)
    if last:
        page.get_by_role("button", name="Opslaan", exact=True).click()
        page.wait_for_url(re.compile(r".*/schulden/\d+$"))
    else:
        page.get_by_role("button", name="Opslaan en nog een schuld toevoegen").click()
        page.wait_for_url("**/schulden/nieuw")
        expect(page.get_by_text("De schuld is toegevoegd.")).to_be_visible()


def _budget_line(page, group: str, button: str, fields: dict[str, str], selects: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    form = page.locator("form.item-form").filter(has=page.get_by_role("group", name=group))
    for label, option in selects.items():
        form.get_by_label(label).select_option(label=option)
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    form.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def _tab(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("navigation", name="Onderdelen van het dossier").get_by_role(
        "link", name=name, exact=True
    ).click()
    page.wait_for_load_state()


def _follow_stage_proposal(page, stage: str) -> None:  # type: ignore[no-untyped-def]
    proposal = page.locator("#stage-proposal")
    expect(proposal).to_be_visible()
    proposal.get_by_role("button", name=re.compile(f"Verder naar {re.escape(stage)}")).click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"De fase is nu: {stage}.")).to_be_visible()


def test_whole_casework_journey(browser, browser_page, live_server, login, screens_dir):  # type: ignore[no-untyped-def]
    app = live_server.app
    with app.app_context(), write_transaction() as db:
        seed_creditors(db)  # the register a fresh installation gets (data migration / flask seed-creditors)
    today = clock.today()
    loads: dict[str, int] = {"coach": 0, "coordinator": 0}

    page = browser_page
    page.on("load", lambda _p: loads.__setitem__("coach", loads["coach"] + 1))

    # ------------------------------------------------------------------ a new resident
    login(page, "coach.a")
    page.get_by_role("link", name="Nieuw dossier").click()
    page.get_by_label("Voornaam of bijnaam").fill(ALIAS)
    page.get_by_role("button", name="Dossier openen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ALIAS)
    case_path = re.search(r"/dossiers/\d+", page.url).group(0)  # type: ignore[union-attr]

    # the resident agrees to sharing the case with MaDi and to contact with the landlord
    _tab(page, "Toestemming")
    for purpose in ("Gegevens delen met MaDi (schuldhulpverlening)", "Contact opnemen met de verhuurder"):
        page.get_by_label("Waarvoor", exact=True).select_option(label=purpose)
        page.get_by_label("Toestemming gegeven", exact=True).check()
        page.get_by_label("Datum", exact=True).fill(nl(today))
        page.get_by_role("button", name="Vastleggen", exact=True).click()
        page.wait_for_load_state()
    assert page.locator("main").inner_text().count("Gegeven") >= 2

    # ------------------------------------------------------------------ five debts
    _tab(page, "Schulden")
    page.get_by_role("link", name="Schuld toevoegen").click()
    recent = nl(today - timedelta(days=7))
    _add_debt(
        page,
        "Eigen Haard",
        "1.234,56",
        kenmerk="EH-REIS-1",
        peildatum=recent,
        status="Herinnering of aanmaning",
    )
    # Klarna: € 150 principal; the legal maximum for collection costs is € 40, € 95 is claimed.
    _add_debt(
        page,
        "Klarna",
        "150,00",
        incasso="95,00",
        kenmerk="KL-REIS-2",
        peildatum=recent,
        status="Bij incassobureau",
    )
    _add_debt(page, "Vattenfall", "400,00", kenmerk="VF-REIS-3", peildatum=recent)
    _add_debt(page, "CZ", "312,00", kenmerk="CZ-REIS-4", peildatum=recent)
    _add_debt(page, "DUO", "980,00", kenmerk="DUO-REIS-5", peildatum=recent, last=True)
    page.get_by_role("link", name="Terug naar alle schulden").click()
    assert page.locator("#debts-table tbody tr").count() == 5
    assert "Het maximum is € 40,00" in page.locator("#debts-table").inner_text()
    # the debts put the case in B: one click on the proposal moves it
    _follow_stage_proposal(page, "B. Inzicht")

    # ------------------------------------------------------------------ budget
    _tab(page, "Budget")
    page.get_by_label("Peildatum").fill(nl(today - timedelta(days=3)))
    page.get_by_role("button", name="Begroting starten").click()
    page.wait_for_load_state()
    _budget_line(page, "Inkomen toevoegen", "Inkomen toevoegen", {"Netto bedrag": "1.850,00"},
                 {"Van wie": "Bewoner", "Soort inkomen": "Loon (netto)", "Hoe vaak": "per maand"})  # fmt: skip
    expense = page.locator("form.item-form").filter(has=page.get_by_role("group", name="Uitgave toevoegen"))
    expense.get_by_label("Soort uitgave").select_option(label="Huur en servicekosten")
    expense.locator("#f-ex_amount").fill("660,00")
    expense.get_by_role("button", name="Uitgave toevoegen").click()
    page.wait_for_load_state()
    assert "€ 1.850,00" in page.locator("#inkomsten + .table-wrap table").inner_text()

    # ------------------------------------------------------------------ the offer
    _tab(page, "Aflossen")
    page.get_by_label("Of: leeftijdsgroep bewoner").select_option(label="21 jaar tot AOW-leeftijd")
    page.get_by_role("button", name="Gezinssituatie opslaan").click()
    page.wait_for_load_state()
    shares = page.locator("table.offer-shares")
    klarna = shares.locator("tbody tr").filter(has_text="Klarna")
    cells = klarna.locator("td").all_inner_texts()
    # claimed € 245 (150 + 95), used € 190 (150 + the legal € 40)
    assert cells[2] == "€ 245,00" and cells[3] == "€ 190,00", cells
    assert "offer-corrected" in (klarna.get_attribute("class") or "")
    page.screenshot(path=str(screens_dir / "journey-offer.png"), full_page=True)
    page.get_by_role("button", name="Vastleggen en afdrukken").click()
    page.wait_for_url(re.compile(r".*/aflossen/afdruk\?versie=\d+$"))
    printed = page.locator("main").inner_text()
    assert "€ 245,00" in printed and "€ 190,00" in printed

    # ------------------------------------------------------------------ stages follow the work
    # the saved offer is a plan: the case proposes C
    page.goto(case_path)
    _follow_stage_proposal(page, "C. Aanpak")

    # ------------------------------------------------------------------ rent mediation from the case
    _tab(page, "Huur")
    page.get_by_role("link", name="Bemiddeling starten").click()
    # filled in from the rent debt and the budget
    assert (
        page.get_by_label(re.compile(r"^Verhuurder")).locator("option:checked").inner_text() == "Eigen Haard"
    )
    assert (
        page.get_by_label("Huurachterstand (alleen huur, zonder kosten)", exact=True).input_value()
        == "1.234,56"
    )
    page.get_by_label(re.compile(r"^Bemiddeling begonnen op")).fill(nl(today - timedelta(days=75)))
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(re.compile(r".*/huur/\d+$"))
    expect(page.get_by_text("De bemiddeling is vastgelegd.")).to_be_visible()
    page.get_by_role("link", name="Betalingsregeling vastleggen").click()
    page.get_by_label(re.compile(r"^Bedrag per maand op de achterstand")).fill("102,88")
    page.get_by_label(re.compile(r"^Eerste termijn op")).fill(nl(today - timedelta(days=45)))
    page.get_by_label(re.compile(r"^Aantal maanden")).fill("12")
    page.get_by_label(re.compile(r"^Afgesproken op")).fill(
        nl(today - timedelta(days=60))
    )  # before the mediation was recorded
    page.get_by_role("button", name="Regeling opslaan").click()
    page.wait_for_url(re.compile(r".*/huur/\d+#regeling$"))
    page.get_by_role("button", name="Termijn 1 betaald").click()
    expect(page.get_by_text("Termijn 1 staat op betaald.")).to_be_visible()
    page.get_by_role("button", name="Termijn 2 gemist").click()
    expect(page.get_by_text("Termijn 2 staat op gemist.")).to_be_visible()

    # ------------------------------------------------------------------ Klaar?
    _tab(page, "Klaar?")
    expect(page.get_by_role("heading", name="Klaar voor de schuldhulpverlening?")).to_be_visible()
    page.screenshot(path=str(screens_dir / "journey-klaar.png"), full_page=True)

    # ------------------------------------------------------------------ the coach's worklist: the missed instalment
    page.goto("/start")
    worklist = page.locator("#worklist")
    missed = worklist.locator("tr.wl-termijn_gemist")
    expect(missed).to_have_count(1)
    assert ALIAS in missed.inner_text()

    # ------------------------------------------------------------------ handover request
    missed.get_by_role("link", name=ALIAS).click()
    _tab(page, "Overdracht")
    page.get_by_label("Welke route?").select_option(label="Minnelijk traject")
    page.get_by_label("Waarom toch overdragen, terwijl er iets blokkeert?").fill(
        "De verhuurder weet van de gemiste termijn; de regeling loopt door."
    )
    page.get_by_role("button", name="Klaar voor overdracht melden").click()
    expect(page.get_by_text("Het dossier staat nu op klaar voor overdracht.")).to_be_visible()

    page.goto("/start")
    worklist = page.locator("#worklist")
    assert ALIAS in worklist.locator("tr.wl-termijn_gemist").inner_text()
    assert ALIAS in worklist.locator("tr.wl-overdracht_wacht").inner_text()
    page.screenshot(path=str(screens_dir / "journey-worklist-coach.png"), full_page=True)

    # ------------------------------------------------------------------ the coordinator
    ctx = browser.new_context(base_url=live_server.base_url, locale="nl-NL", accept_downloads=True,
                              viewport={"width": 1100, "height": 800})  # fmt: skip
    try:
        coord = ctx.new_page()
        coord.on("load", lambda _p: loads.__setitem__("coordinator", loads["coordinator"] + 1))
        login(coord, "coordinator.a", totp=True)
        section = coord.locator(".location-worklist")
        assert ALIAS in section.locator("tr.wl-termijn_gemist").inner_text()
        waiting = section.locator("tr.wl-overdracht_wacht")
        assert ALIAS in waiting.inner_text()
        coord.screenshot(path=str(screens_dir / "journey-worklist-coordinator.png"), full_page=True)
        waiting.get_by_role("link", name=ALIAS).click()
        # the coach's reason for reporting ready despite the block is in front of the coordinator
        assert (
            "Reden van de coach: De verhuurder weet van de gemiste termijn"
            in coord.locator("main").inner_text()
        )
        coord.get_by_role("button", name="Akkoord: het dossier kan weg").click()
        expect(coord.get_by_text("U heeft het dossier gecontroleerd en akkoord gegeven.")).to_be_visible()
        with coord.expect_download() as info:
            coord.get_by_role("link", name="Dossier downloaden (pdf)").click()
        data = open(info.value.path(), "rb").read()
    finally:
        ctx.close()

    assert data.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages).split())
    # §8 readiness: the missed instalment makes "vaste lasten worden betaald" not in order, computed from the case
    assert (
        "Vaste lasten worden nu betaald blokkerend niet in orde (blokkeert) niet in orde (blokkeert) berekend"
        in text
    )
    assert "In de betalingsregeling voor de huur is 1 termijn gemist." in text
    # ... and §7 (the mediation) says the same, so the dossier does not contradict itself
    assert "1 termijn(en) gemist" in text
    # the paid instalment lowered the rent debt: §2 and §7 give the same open amount (1.234,56 - 102,88)
    assert "Eigen Haard Kenmerk: EH-REIS-1 Herinnering of aanmaning" in text and "€ 1.131,68 € 0,00 € 1.131,68" in text
    assert "Nu nog open volgens de schuldenlijst € 1.131,68" in text
    # §5 the offer: Klarna claimed € 245, the offer uses € 190, with the reason
    assert (
        "Klarna Incassokosten € 95,00 gevraagd; de wet staat € 40,00 toe. Het aanbod rekent met € 40,00. € 245,00 € 190,00"
        in text
    )
    assert "Gecontroleerd door coördinator Coordinator A" in text

    total = loads["coach"] + loads["coordinator"]
    summary = (
        f"journey page loads: coach {loads['coach']}, coordinator {loads['coordinator']}, total {total}\n"
    )
    print(summary, end="")
    (screens_dir / "journey-page-loads.txt").write_text(summary)
    assert total <= MAX_PAGE_LOADS
