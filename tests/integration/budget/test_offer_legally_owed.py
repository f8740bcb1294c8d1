"""The offer divides what is legally owed, through the app (issue 12 item 2): Klarna asks
€ 95 incassokosten on € 150 where the law allows € 40; the offer uses € 190 instead of € 245
and the Aflossen page, its printout and the dossier PDF show claimed vs used and the reason."""

from __future__ import annotations

from tests.integration.handover.test_dossier_pdf import pdf_text
from tests.integration.handover_support import CaseSpec, DebtSpec, build_case, section, text_of

REASON = "Incassokosten € 95,00 gevraagd; de wet staat € 40,00 toe. Het aanbod rekent met € 40,00."


def klarna_case(app, people) -> int:  # type: ignore[no-untyped-def]
    spec = CaseSpec(debts=[
        DebtSpec("Klarna", 150_00, "KL-TEST-1", incassokosten=95_00),
        DebtSpec("Vattenfall", 810_00, "VF-TEST-2"),
    ])  # fmt: skip
    return build_case(app, people, spec)


def test_the_offer_uses_the_corrected_amount_and_shows_claimed_vs_used(app, web, people):
    cid = klarna_case(app, people)
    web.login("coach.a")
    text = text_of(web.get(f"/dossiers/{cid}/aflossen"))
    offer = section(text, "Aanbod aan de schuldeisers")
    row = section(offer, "Klarna", "Vattenfall")
    assert "€ 245,00 € 190,00" in row  # gevraagd, in het aanbod
    assert REASON in row
    assert "Totale schuld in de regeling € 1.000,00" in offer  # 190 + 810, not 245 + 810
    assert "Samen € 1.055,00 € 1.000,00" in offer
    assert "vraagt de schuldeiser meer dan wettelijk mag" in offer


def test_the_printout_and_the_dossier_pdf_show_claimed_vs_used_and_the_reason(app, web, people):
    cid = klarna_case(app, people)
    web.login("coach.a")
    printout = text_of(web.get(f"/dossiers/{cid}/aflossen/afdruk"))
    row = section(printout, "Klarna", "Vattenfall")
    assert "€ 245,00 € 190,00" in row and REASON in row
    assert "In het aanbod: wat de bewoner wettelijk moet betalen" in printout

    pdf = pdf_text(web.get(f"/dossiers/{cid}/overdracht/dossier.pdf").data)
    offer = pdf[pdf.index("5. Aanbod in 18 maanden"):pdf.index("6. Toelichting van de coach")]
    assert "Gevraagd" in offer and "In het aanbod" in offer
    assert "€ 245,00" in offer and "€ 190,00" in offer
    assert "de wet staat € 40,00 toe" in offer
