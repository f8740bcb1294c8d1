"""The debt overview: checks, priority order, totals per category and status, the cost share
(all expected values computed by hand below), and the audited print page."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from schoonschip.audit import AuditEvent
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.debts.rules import CreditorCategory, DebtStatus
from schoonschip.cases.debts.service import debt_overview
from schoonschip.db import new_session
from schoonschip.money import Money
from tests.factories import open_test_case
from tests.integration.debts_support import add_debt, creditor_id, seed

# Six debts; five open.                   principal   costs (rente+incasso+gerechtelijk+boetes)
#  Eigen Haard   incassobureau            1.200,00    30,00 + 250,00          = 280,00  -> 1.480,00
#  Vattenfall    herinnering                400,00    60,00                   =  60,00  ->   460,00
#  CJIB          herinnering, no ref        150,00    75,50                   =  75,50  ->   225,50
#  KPN           deurwaarder, no peildatum   90,00   120,00                   = 120,00  ->   210,00
#  Belastingdienst (status unknown)       1.000,00     0                               -> 1.000,00
#  Wehkamp       afgelost                   500,00  (not in the open totals)
# Open total 3.375,50 = principal 2.840,00 + costs 535,50; cost share 535,50 / 3.375,50 = 15,86 % -> 15,9 %.
# Incassokosten check for Eigen Haard: max = 15 % of 1.200,00 = 180,00; 250,00 is 70,00 too much.
# Vattenfall: max = 15 % of 400,00 = 60,00: exactly allowed, no flag.


@pytest.fixture
def filled_case(app, web, people):  # type: ignore[no-untyped-def]
    seed(app)
    cid = open_test_case(app, alias="Testpersoon Overzicht", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    c = lambda name: str(creditor_id(app, name))  # noqa: E731
    ids = {
        "eigen_haard": add_debt(web, cid, creditor_id=c("Eigen Haard"), hoofdsom="1.200,00", rente="30", incassokosten="250",
                                creditor_reference="EH-1", peildatum="01-03-2025", status="incassobureau"),
        "vattenfall": add_debt(web, cid, creditor_id=c("Vattenfall"), hoofdsom="400", incassokosten="60,00",
                               creditor_reference="VF-1", peildatum="01-03-2025", status="herinnering_aanmaning"),
        "cjib": add_debt(web, cid, creditor_id=c("CJIB"), hoofdsom="150", boetes="75,50", peildatum="01-03-2025",
                         status="herinnering_aanmaning", cjib_kind="strafrechtelijk"),
        "kpn": add_debt(web, cid, creditor_id=c("KPN"), hoofdsom="90", gerechtelijke_kosten="120",
                        collector_kind="deurwaarder", collector_reference="DW-9", status="deurwaarder_sommatie"),
        "belastingdienst": add_debt(web, cid, creditor_id=c("Belastingdienst"), hoofdsom="1.000",
                                    creditor_reference="BD-1", peildatum="01-03-2025"),
        "wehkamp": add_debt(web, cid, creditor_id=c("Wehkamp"), hoofdsom="500", creditor_reference="WK-1",
                            peildatum="01-03-2025", status="afgelost", note="Geheime coachnotitie"),
    }  # fmt: skip
    return cid, ids


def test_overview_numbers_are_right(app, filled_case):
    cid, ids = filled_case
    with app.app_context():
        db = new_session()
        ov = debt_overview(db, db.get(Case, cid))
        s = ov.summary
        assert s.total_open == Money(337550)
        assert s.costs_and_fines_open == Money(53550)
        assert ov.principal_open == Money(284000)
        assert s.costs_share == Decimal("15.9")
        assert s.total_preferent == Money(100000)
        assert (s.count_open, s.count_incomplete, s.count_priority, s.count_afgelost) == (5, 2, 4, 1)
        assert s.total_afgelost == Money(50000)
        assert s.per_category == {
            CreditorCategory.WONINGCORPORATIE_VERHUURDER: Money(148000),
            CreditorCategory.ENERGIELEVERANCIER: Money(46000),
            CreditorCategory.CJIB: Money(22550),
            CreditorCategory.TELECOM: Money(21000),
            CreditorCategory.BELASTINGDIENST: Money(100000),
        }
        assert s.per_status == {
            DebtStatus.INCASSOBUREAU: Money(148000),
            DebtStatus.HERINNERING_AANMANING: Money(68550),
            DebtStatus.DEURWAARDER_SOMMATIE: Money(21000),
            None: Money(100000),
        }
        assert [(line.label, line.share) for line in ov.per_category] == [
            ("Woningcorporatie of verhuurder", Decimal("43.8")),
            ("Belastingdienst", Decimal("29.6")),
            ("Energieleverancier", Decimal("13.6")),
            ("CJIB (boetes)", Decimal("6.7")),
            ("Telefoon en internet", Decimal("6.2")),
        ]
        # Priority first: housing, energy, then who can garnish or imprison (largest first), the rest, paid last.
        order = [r.debt.id for r in ov.rows]
        assert order == [ids[k] for k in ("eigen_haard", "vattenfall", "belastingdienst", "cjib", "kpn", "wehkamp")]
        rows = {r.debt.id: r for r in ov.rows}
        eh = rows[ids["eigen_haard"]]
        (too_high,) = [f for f in eh.findings if f.code == "incassokosten_te_hoog"]
        assert too_high.maximum == Money(18000) and too_high.excess == Money(7000)
        assert not [f for f in rows[ids["vattenfall"]].findings if f.code == "incassokosten_te_hoog"]
        assert rows[ids["cjib"]].incomplete and [f.code for f in rows[ids["cjib"]].findings] == ["geen_referentie"]
        assert rows[ids["kpn"]].incomplete and [f.code for f in rows[ids["kpn"]].findings] == ["geen_peildatum"]
        assert not rows[ids["belastingdienst"]].incomplete  # own reference and a peildatum
        db.close()


def test_overview_page_shows_totals_share_and_findings_in_dutch(app, web, filled_case):
    cid, ids = filled_case
    html = web.get(f"/dossiers/{cid}/schulden").get_data(as_text=True)
    assert re.search(r'id="total-open">€ 3\.375,50<', html)
    assert re.search(r'id="costs-open">€ 535,50<', html)
    assert "Dat is 15,9% van het totaal." in html
    assert "De schulden zelf (hoofdsom): € 2.840,00" in html
    assert re.search(r'id="count-incomplete">2<', html) and re.search(r'id="count-priority">4<', html)
    assert "De incassokosten zijn hoger dan de wet toestaat. Het maximum is € 180,00. Dat is € 70,00 te veel." in html
    assert "Het kenmerk ontbreekt." in html and "De peildatum ontbreekt." in html
    assert html.count('class="row-incomplete') == 2
    assert "Voorrang: Wonen (huur)" in html
    table = html[html.index('id="per-status"') :]
    assert "Herinnering of aanmaning</td><td class=\"num\">€ 685,50</td><td class=\"num\">20,3%" in table
    assert "Status onbekend</td><td class=\"num\">€ 1.000,00" in table
    assert f'href="/dossiers/{cid}/schulden/afdrukken">Afdrukken</a>' in html
    assert 'aria-current="page">Schulden</a>' in html  # the tab


def test_print_page_is_audited_and_has_no_navigation_or_notes(app, web, filled_case, people):
    cid, _ = filled_case
    resp = web.get(f"/dossiers/{cid}/schulden/afdrukken")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "Schuldenoverzicht" in html and "€ 3.375,50" in html and "15,9%" in html
    assert "site-header" not in html and "<nav" not in html and "<form" not in html
    assert "print.css" in html
    assert "Geheime coachnotitie" not in html
    assert "<script" not in html
    web.get(f"/dossiers/{cid}/schulden/afdrukken")
    with app.app_context():
        db = new_session()
        prints = db.scalars(select(AuditEvent).where(AuditEvent.action == "case_print")).all()
        db.close()
    assert len(prints) == 2
    assert all(p.object_id == str(cid) and p.actor_id == people.coach_a and p.location_id == people.loc_a for p in prints)
    assert all(p.detail is None for p in prints)


def test_empty_overview(app, web, people):
    cid = open_test_case(app, alias="Testpersoon Leeg", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    html = web.get(f"/dossiers/{cid}/schulden").get_data(as_text=True)
    assert "Er zijn nog geen schulden ingevuld." in html


def test_a_collectors_reference_makes_the_debt_identifiable(app, web, people):
    seed(app)
    cid = open_test_case(app, alias="Testpersoon Kenmerk", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    add_debt(web, cid, creditor_id=str(creditor_id(app, "Essent")), hoofdsom="10", peildatum="01-01-2025",
             collector_kind="incassobureau", collector_reference="INC-5")  # fmt: skip
    html = web.get(f"/dossiers/{cid}/schulden").get_data(as_text=True)
    assert "Het kenmerk ontbreekt." not in html and re.search(r'id="count-incomplete">0<', html)
