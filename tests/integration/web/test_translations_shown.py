"""What an English page shows: dates, months and the PDF footer in the page's language (Babel
with the Dutch and English locales; Dutch stays as it was), norm-set labels, and the messages
of services (marked with N_, translated when shown; flashed ones translated before)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from babel.dates import format_date

from schoonschip import clock
from tests.conftest import TOTP_SECRET
from tests.integration.handover.test_dossier_pdf import pdf_text
from tests.integration.handover_support import build_case, text_of
from tests.integration.web.test_translations import _english, compiled_english  # noqa: F401 - fixture

DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                "oktober", "november", "december")  # fmt: skip


def dutch_months_in(text: str) -> list[str]:
    """Dutch month names as Dutch writes them, in lower case ("December" is English)."""
    return [m for m in DUTCH_MONTHS if re.search(rf"\b{m}\b", text)]


def test_the_english_dossier_pdf_has_an_english_footer(app, web, people, compiled_english) -> None:  # noqa: F811
    cid = build_case(app, people)
    web.login("coach.a")
    dutch = pdf_text(web.get(f"/dossiers/{cid}/overdracht/dossier.pdf").data)
    assert "Pagina 1 van " in dutch
    _english(web)
    text = pdf_text(web.get(f"/dossiers/{cid}/overdracht/dossier.pdf").data)
    assert "Page 1 of " in text and "Pagina" not in text
    assert "Debts" in text  # the body is English too
    assert not dutch_months_in(text)


def test_the_case_page_in_english_shows_no_dutch_month(app, web, people, compiled_english) -> None:  # noqa: F811
    cid = build_case(app, people)
    web.login("coach.a")
    _english(web)
    for path in (f"/dossiers/{cid}", f"/dossiers/{cid}/overdracht", f"/dossiers/{cid}/klaar"):
        text = text_of(web.get(path))
        assert "Pagina" not in text
        assert not dutch_months_in(text), path


def test_a_long_date_is_written_in_the_pages_language(app, web, people, compiled_english) -> None:  # noqa: F811
    web.login("coach.a")
    today = clock.today()
    dutch = text_of(web.get(f"/telling/{people.loc_a}"))
    assert f"{today.day} {DUTCH_MONTHS[today.month - 1]} {today.year}" in dutch  # as before: "7 december 2026"
    _english(web)
    english = text_of(web.get(f"/telling/{people.loc_a}"))
    assert format_date(today, "long", locale="en") in english  # "December 7, 2026"
    assert not dutch_months_in(english)


def test_the_oldest_unpaid_month_of_a_mediation(app, web, people, compiled_english) -> None:  # noqa: F811
    from tests.factories import open_test_case
    from tests.integration.mediation_support import start

    cid = open_test_case(app, alias="Demo Taal Huur", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    mid = start(web, cid, oldest_unpaid_month="03-2025")
    assert "maart 2025" in text_of(web.get(f"/dossiers/{cid}/huur/{mid}"))
    _english(web)
    text = text_of(web.get(f"/dossiers/{cid}/huur/{mid}"))
    assert "March 2025" in text and not dutch_months_in(text)


def test_report_months_in_english(app, web, people, compiled_english) -> None:  # noqa: F811
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    assert "januari" in web.get("/rapportage/?soort=maand&jaar=2026&maand=3").get_data(as_text=True)
    _english(web)
    text = text_of(web.get("/rapportage/?soort=maand&jaar=2026&maand=3&profiel=alles"))
    assert "January" in text and "March 2026" in text
    assert not dutch_months_in(text)


def test_norm_set_labels_in_english(app, make_web, people, compiled_english) -> None:  # noqa: F811
    from tests.conftest import TOTP_SECRET

    web = make_web()
    web.login("beheerder.x", totp_secret=TOTP_SECRET)
    assert "Maximale beslagvrije voet alleenstaande" in text_of(web.get("/beheer/normen/"))
    _english(web)
    text = text_of(web.get("/beheer/normen/"))
    for english in ("Maximum protected income single", "Social assistance norm single (parent), under 21",
                    "Term of the debt arrangement"):  # fmt: skip
        assert english in text, english
    # (the sources' titles are citations and stay as published)
    assert "Maximale beslagvrije voet alleenstaande" not in text and "Looptijd schuldregeling" not in text


def test_dutch_dates_and_amounts_are_unchanged() -> None:
    """Babel writes what the hand-written formatters wrote."""
    from flask import Flask

    from schoonschip.money import Money, format_decimal_nl, format_eur
    from schoonschip.web import date_nl, month_year

    assert format_eur(Money(123456)) == "€ 1.234,56" and format_eur(Money(-1200)) == "-€ 12,00"
    assert format_decimal_nl(Decimal("-0.001")) == "0,00" and format_decimal_nl(Decimal("1234567.5"), 1) == "1.234.567,5"
    assert date_nl(date(2026, 12, 7), "long") == "7 december 2026"  # outside a request: Dutch
    assert date_nl(date(2026, 3, 7)) == "07-03-2026" and month_year(date(2025, 3, 1)) == "maart 2025"
    app = Flask(__name__)
    app.secret_key = "test"
    with app.test_request_context():
        from flask import session

        session["lang"] = "en"
        assert date_nl(date(2026, 12, 7), "long") == "December 7, 2026"
        assert date_nl(date(2026, 12, 7)) == "07-12-2026"  # how the date fields want it typed
        assert month_year(date(2025, 3, 1)) == "March 2025"


def test_service_errors_in_english(app, web, people, compiled_english) -> None:  # noqa: F811
    """Services mark their messages with N_ (no translation inside the service): a form error
    from the mediation service and a flashed CaseActionError from the tally both reach the
    English page in English."""
    from tests.factories import open_test_case
    from tests.integration.mediation_support import mediation_form

    cid = open_test_case(app, alias="Demo Taal Fout", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    _english(web)
    text = text_of(web.post(f"/dossiers/{cid}/huur/nieuw", mediation_form(landlord="")))
    assert "Choose the landlord." in text and "Kies de verhuurder" not in text
    resp = web.post(f"/telling/{people.loc_a}/min", {"topic": "huur"}, follow_redirects=True)
    text = text_of(resp)
    assert "Nothing has been counted for this topic today." in text and "nog niets geteld" not in text
