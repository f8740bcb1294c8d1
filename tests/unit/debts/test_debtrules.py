from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.cases.debts.rules import (
    INCASSO_STAFFEL_2012,
    CreditorCategory,
    DebtFacts,
    DebtStatus,
    FindingCode,
    GarnishmentKind,
    IncassoBand,
    IncassoStaffel,
    Priority,
    check_debt,
    costs_and_fines,
    is_complete,
    is_priority,
    max_incassokosten,
    priority,
    sort_by_priority,
    summarise_debts,
    total,
)
from schoonschip.money import Money

PEIL = date(2026, 3, 1)


def eur(euros: int | str) -> Money:
    return Money.from_decimal(Decimal(str(euros)))


def debt(category=CreditorCategory.ANDERS, hoofdsom="100", **kw) -> DebtFacts:
    base = dict(
        creditor_category=category,
        hoofdsom=None if hoofdsom is None else eur(hoofdsom),
        has_reference=True,
        peildatum=PEIL,
        status=DebtStatus.INCASSOBUREAU,
    )
    base.update(kw)
    return DebtFacts(**base)


# ----------------------------------------------------------------- incassokosten
@pytest.mark.parametrize(
    ("hoofdsom", "expected"),
    [
        ("0.01", "40"),  # minimum
        ("100", "40"),  # 15 % = 15 → minimum 40
        ("266.66", "40"),  # 39.999 → minimum
        ("300", "45"),  # 15 % of 300
        ("2500", "375"),  # end of band 1
        ("2600", "385"),  # 375 + 10 % of 100
        ("5000", "625"),  # 375 + 250
        ("10000", "875"),  # 625 + 250
        ("10100", "876"),  # 875 + 1 % of 100
        ("200000", "2775"),  # 875 + 1900
        ("300000", "3275"),  # 2775 + 0.5 % of 100.000
        ("1000000", "6775"),  # 2775 + 4000 = exactly the maximum
        ("5000000", "6775"),  # capped
        ("123.45", "40"),
        ("1234.57", "185.19"),  # 185.1855 rounded half up
    ],
)
def test_incassokosten_staffel_hand_computed(hoofdsom, expected):
    assert max_incassokosten(eur(hoofdsom)) == eur(expected)


def test_incassokosten_zero_hoofdsom_allows_nothing_and_negative_is_refused():
    assert max_incassokosten(Money(0)) == Money(0)
    with pytest.raises(ValueError):
        max_incassokosten(Money(-1))
    with pytest.raises(TypeError):
        max_incassokosten(100)  # type: ignore[arg-type]


def test_incassokosten_with_btw_adds_21_percent():
    assert max_incassokosten(eur(2500), incl_btw=True) == eur("453.75")


def test_staffel_is_data_with_source_and_date_and_can_be_replaced():
    assert INCASSO_STAFFEL_2012.valid_from == date(2012, 7, 1)
    assert "Stb. 2012, 141" in INCASSO_STAFFEL_2012.source
    other = IncassoStaffel(
        bands=(IncassoBand(Money(1000_00), Decimal("0.20")), IncassoBand(None, Decimal("0.10"))),
        minimum=Money(10_00),
        maximum=Money(500_00),
        btw_rate=Decimal("0.21"),
        valid_from=date(2030, 1, 1),
        source="test",
    )
    assert max_incassokosten(eur(2000), other) == eur(300)
    assert max_incassokosten(eur(20), other) == eur(10)
    assert max_incassokosten(eur(100000), other) == eur(500)
    with pytest.raises(ValueError):
        IncassoStaffel(
            bands=(IncassoBand(Money(1), Decimal("0.1")),),
            minimum=Money(0),
            maximum=Money(1),
            btw_rate=Decimal(0),
            valid_from=date(2030, 1, 1),
            source="x",
        )


amounts = st.integers(min_value=1, max_value=100_000_000_00).map(Money)


@given(amounts, amounts)
def test_incassokosten_monotone(a, b):
    lo, hi = sorted((a, b))
    assert max_incassokosten(lo) <= max_incassokosten(hi)


@given(amounts)
def test_incassokosten_between_min_and_max(h):
    k = max_incassokosten(h)
    assert Money(40_00) <= k <= Money(6_775_00)


# ------------------------------------------------------------------------ checks
def test_incassokosten_above_maximum_is_flagged_with_maximum_and_excess():
    f = debt(hoofdsom="1000", incassokosten=eur(200))
    findings = check_debt(f)
    assert [x.code for x in findings] == [FindingCode.INCASSOKOSTEN_TE_HOOG]
    assert findings[0].maximum == eur(150)
    assert findings[0].excess == eur(50)
    assert "€ 150,00" in findings[0].message and "€ 50,00" in findings[0].message


def test_incassokosten_at_maximum_is_fine():
    assert check_debt(debt(hoofdsom="1000", incassokosten=eur(150))) == []


def test_incassokosten_incl_btw_flag_raises_the_limit():
    assert check_debt(debt(hoofdsom="1000", incassokosten=eur("181.50"), incassokosten_incl_btw=True)) == []
    assert [f.code for f in check_debt(debt(hoofdsom="1000", incassokosten=eur("181.50")))] == [
        FindingCode.INCASSOKOSTEN_TE_HOOG
    ]


def test_incassokosten_without_hoofdsom_cannot_be_checked():
    codes = [f.code for f in check_debt(debt(hoofdsom=None, incassokosten=eur(50)))]
    assert codes == [FindingCode.INCASSOKOSTEN_NIET_TE_CONTROLEREN]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"creditor_category": None}, FindingCode.GEEN_SCHULDEISER),
        ({"has_reference": False}, FindingCode.GEEN_REFERENTIE),
        ({"hoofdsom": None}, FindingCode.GEEN_BEDRAG),
        ({"peildatum": None}, FindingCode.GEEN_PEILDATUM),
    ],
)
def test_incomplete_findings(change, code):
    assert is_complete(debt())
    f = debt(**change)
    findings = check_debt(f)
    assert [x.code for x in findings] == [code]
    assert findings[0].makes_incomplete
    assert not is_complete(f)


def test_any_amount_part_counts_as_an_amount():
    assert is_complete(debt(hoofdsom=None, boetes=eur(10)))


def test_debtfacts_refuses_floats_and_negative_amounts():
    with pytest.raises(TypeError):
        DebtFacts(CreditorCategory.ANDERS, hoofdsom=12.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        DebtFacts(CreditorCategory.ANDERS, rente=Money(-1))
    with pytest.raises(ValueError):
        DebtFacts(CreditorCategory.CJIB, cjib_strafrechtelijk=True, cjib_verkeersboete=True)


def test_total_and_costs_and_fines():
    f = debt(hoofdsom="100", rente=eur("2.50"), incassokosten=eur(40), gerechtelijke_kosten=eur("110.25"))
    assert total(f) == eur("252.75")
    assert costs_and_fines(f) == eur("152.75")
    assert total(debt(hoofdsom=None)) == Money(0)


# ------------------------------------------------------------------ enums/defaults
def test_default_preferent_and_override():
    assert debt(CreditorCategory.BELASTINGDIENST).is_preferent
    assert not debt(CreditorCategory.TOESLAGEN).is_preferent
    assert not debt(CreditorCategory.BELASTINGDIENST, preferent_override=False).is_preferent
    assert debt(CreditorCategory.GEMEENTE, preferent_override=True).is_preferent
    assert [c for c in CreditorCategory if c.default_preferent] == [CreditorCategory.BELASTINGDIENST]


def test_vaste_lasten_categories_and_flag():
    fixed = {c for c in CreditorCategory if c.is_vaste_lasten}
    assert fixed == {
        CreditorCategory.WONINGCORPORATIE_VERHUURDER,
        CreditorCategory.ENERGIELEVERANCIER,
        CreditorCategory.WATERBEDRIJF,
        CreditorCategory.ZORGVERZEKERAAR,
    }
    assert debt(CreditorCategory.TELECOM, vaste_lasten=True).is_vaste_lasten
    assert not debt(CreditorCategory.ENERGIELEVERANCIER, vaste_lasten=False).is_vaste_lasten


def test_every_enum_member_has_a_dutch_label_and_status_order():
    for c in CreditorCategory:
        assert c.label
    assert [s.order for s in DebtStatus] == list(range(1, 11))
    assert DebtStatus.VEERTIENDAGENBRIEF.label == "14-dagenbrief"
    assert DebtStatus("beslag") is DebtStatus.BESLAG
    assert GarnishmentKind.LOON.label.startswith("Beslag")


# -------------------------------------------------------------------- priorities
def test_priority_groups():
    assert priority(debt(CreditorCategory.WONINGCORPORATIE_VERHUURDER)) == Priority.WONEN
    assert priority(debt(CreditorCategory.ENERGIELEVERANCIER)) == Priority.ENERGIE_WATER
    assert priority(debt(CreditorCategory.WATERBEDRIJF)) == Priority.ENERGIE_WATER
    assert priority(debt(CreditorCategory.ZORGVERZEKERAAR)) == Priority.ZORGVERZEKERING
    for c in (CreditorCategory.CJIB, CreditorCategory.BELASTINGDIENST, CreditorCategory.TOESLAGEN):
        assert priority(debt(c)) == Priority.BESLAG_OF_VRIJHEID
    assert priority(debt(CreditorCategory.TELECOM)) == Priority.OVERIG
    assert priority(debt(CreditorCategory.TELECOM, garnishment=GarnishmentKind.BANK)) == 4
    assert priority(debt(CreditorCategory.TELECOM, status=DebtStatus.BESLAG)) == 4
    # beslag never lowers a higher priority
    assert priority(debt(CreditorCategory.WONINGCORPORATIE_VERHUURDER, status=DebtStatus.BESLAG)) == 1


def test_is_priority_only_for_open_debts():
    assert is_priority(debt(CreditorCategory.ZORGVERZEKERAAR))
    assert not is_priority(debt(CreditorCategory.ZORGVERZEKERAAR, status=DebtStatus.AFGELOST))
    assert not is_priority(debt(CreditorCategory.WEBWINKEL_ACHTERAF))


def test_sort_by_priority_ordering():
    webshop_big = debt(CreditorCategory.WEBWINKEL_ACHTERAF, "5000", key="webshop_big")
    webshop_small = debt(CreditorCategory.WEBWINKEL_ACHTERAF, "50", key="webshop_small")
    cjib = debt(CreditorCategory.CJIB, "300", key="cjib")
    garnished = debt(CreditorCategory.BANK_KREDIET, "900", garnishment=GarnishmentKind.LOON, key="garnished")
    zorg = debt(CreditorCategory.ZORGVERZEKERAAR, "200", key="zorg")
    water = debt(CreditorCategory.WATERBEDRIJF, "80", key="water")
    energie = debt(CreditorCategory.ENERGIELEVERANCIER, "400", key="energie")
    huur = debt(CreditorCategory.WONINGCORPORATIE_VERHUURDER, "1500", key="huur")
    paid_rent = debt(CreditorCategory.WONINGCORPORATIE_VERHUURDER, "9000", status=DebtStatus.AFGELOST, key="paid")
    shuffled = [webshop_small, paid_rent, cjib, water, webshop_big, huur, zorg, garnished, energie]
    order = [d.key for d in sort_by_priority(shuffled)]
    assert order == [
        "huur",
        "energie",
        "water",
        "zorg",
        "garnished",
        "cjib",
        "webshop_big",
        "webshop_small",
        "paid",
    ]


# ----------------------------------------------------------------------- summary
def test_summarise_hand_computed():
    debts = [
        # 1000 + 150 incasso + 50 rente = 1200, costs 200
        debt(CreditorCategory.WONINGCORPORATIE_VERHUURDER, "1000", incassokosten=eur(150), rente=eur(50)),
        # 300 + 100 boete = 400, costs 100
        debt(CreditorCategory.CJIB, "300", boetes=eur(100), status=DebtStatus.BESLAG),
        # 400, preferent, incomplete (no reference)
        debt(CreditorCategory.BELASTINGDIENST, "400", has_reference=False, status=DebtStatus.BETALINGSREGELING),
        # afgelost: excluded from open totals
        debt(CreditorCategory.TELECOM, "250", incassokosten=eur(40), status=DebtStatus.AFGELOST),
        # another landlord debt, 200, no costs
        debt(CreditorCategory.WONINGCORPORATIE_VERHUURDER, "200"),
    ]
    s = summarise_debts(debts)
    assert s.total_open == eur(2200)
    assert s.costs_and_fines_open == eur(300)
    assert s.costs_share == Decimal("13.6")  # 300 / 2200 = 13.636 %
    assert s.total_preferent == eur(400)
    assert s.per_category == {
        CreditorCategory.WONINGCORPORATIE_VERHUURDER: eur(1400),
        CreditorCategory.CJIB: eur(400),
        CreditorCategory.BELASTINGDIENST: eur(400),
    }
    assert s.per_status == {
        DebtStatus.INCASSOBUREAU: eur(1400),
        DebtStatus.BESLAG: eur(400),
        DebtStatus.BETALINGSREGELING: eur(400),
    }
    assert (s.count_open, s.count_incomplete, s.count_priority) == (4, 1, 4)
    assert (s.count_afgelost, s.total_afgelost) == (1, eur(290))


def test_summarise_empty():
    s = summarise_debts([])
    assert s.total_open == Money(0)
    assert s.costs_share == Decimal(0)
    assert s.per_category == {}
