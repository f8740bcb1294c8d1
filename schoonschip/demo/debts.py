"""Synthetic debts for the demo cases (``DEMO_STEPS``): deterministic, a realistic mix with
the special cases (fraud claim, CJIB fine, study debt, incassokosten above the scale, a private
landlord) spread over the cases."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schoonschip.cases.casefile.models import STAGE_ORDER, Case, Stage
from schoonschip.cases.debts.models import CjibKind, Creditor, Debt, DebtStatusChange
from schoonschip.cases.debts.rules import (
    CollectorKind,
    CreditorCategory,
    DebtStatus,
    GarnishmentKind,
    max_incassokosten,
)
from schoonschip.cases.debts.service import seed_creditors
from schoonschip.money import Money

_DEMO_FROM_STAGE = STAGE_ORDER.index(Stage.B_INZICHT)


def _money(rng: random.Random, low_euros: int, high_euros: int) -> Money:
    return Money(rng.randint(low_euros * 100, high_euros * 100))


def _demo_ref(rng: random.Random, prefix: str) -> str:
    return f"{prefix}-{rng.randint(100000, 999999)}"


def _demo_debt_specs(rng: random.Random, specials: set[int], today: date) -> list[dict[str, Any]]:
    """A realistic mix for one case; some specials are given to fixed case numbers."""
    pool = [
        ("Eigen Haard", "hoofdsom", 400, 2400),
        ("Vattenfall", "hoofdsom", 150, 900),
        ("Waternet", "hoofdsom", 60, 300),
        ("Zilveren Kruis", "hoofdsom", 300, 1800),
        ("Belastingdienst/Toeslagen", "hoofdsom", 800, 6000),
        ("KPN", "hoofdsom", 90, 600),
        ("Klarna", "hoofdsom", 40, 400),
        ("Wehkamp", "hoofdsom", 100, 900),
        ("Gemeente Amsterdam (Belastingen)", "hoofdsom", 100, 500),
        ("Vodafone", "hoofdsom", 80, 500),
        ("CZ", "hoofdsom", 250, 1500),
        ("Ymere", "hoofdsom", 500, 3000),
        ("Budget Energie", "hoofdsom", 200, 1200),
        ("Afterpay/Riverty", "hoofdsom", 30, 300),
    ]
    chosen = rng.sample(pool, k=rng.randint(3, 5))
    specs: list[dict[str, Any]] = []
    for creditor, _kind, low, high in chosen:
        hoofdsom = _money(rng, low, high)
        status = rng.choice(list(DebtStatus)[:7] + [DebtStatus.BETALINGSREGELING])
        spec: dict[str, Any] = {
            "creditor": creditor,
            "hoofdsom": hoofdsom,
            "rente": Money(hoofdsom.cents * rng.randint(0, 8) // 100),
            "status": status,
            "peildatum": today - timedelta(days=rng.randint(5, 90)),
            "arisen_on": today - timedelta(days=rng.randint(200, 1500)),
            "reference": rng.random() > 0.15,  # some debts still lack a reference: incomplete
        }
        if status.order >= DebtStatus.INCASSOBUREAU.order:
            spec["incassokosten"] = min(max_incassokosten(hoofdsom), Money(rng.randint(40_00, 400_00)))
            spec["collector"] = (CollectorKind.INCASSOBUREAU, rng.choice(["Intrum", "Vesting Finance", "Lowell"]))
        if status.order >= DebtStatus.DEURWAARDER_SOMMATIE.order:
            spec["gerechtelijke_kosten"] = _money(rng, 90, 650)
            spec["collector"] = (CollectorKind.DEURWAARDER, rng.choice(["GGN (deurwaarders)", "Flanderijn", "Lavg"]))
        if status is DebtStatus.BESLAG:
            spec["garnishment"] = (rng.choice(list(GarnishmentKind)), _money(rng, 50, 400))
        if status is DebtStatus.BETALINGSREGELING:
            spec["arrangement"] = (_money(rng, 10, 75), today - timedelta(days=rng.randint(30, 300)))
        specs.append(spec)
    if 0 in specials:  # a fraud claim
        specs.append(
            {"creditor": "Gemeente Amsterdam (Werk, Participatie en Inkomen)", "hoofdsom": _money(rng, 2000, 9000),
             "status": DebtStatus.INCASSOBUREAU, "fraud": True, "reference": True,
             "peildatum": today - timedelta(days=30), "arisen_on": today - timedelta(days=900)}
        )  # fmt: skip
    if 1 in specials:  # a criminal CJIB fine
        specs.append(
            {"creditor": "CJIB", "hoofdsom": _money(rng, 150, 900), "boetes": _money(rng, 50, 300),
             "status": DebtStatus.HERINNERING_AANMANING, "cjib": CjibKind.STRAFRECHTELIJK, "reference": True,
             "peildatum": today - timedelta(days=14), "arisen_on": today - timedelta(days=400)}
        )  # fmt: skip
    if 2 in specials:  # a regular study debt, and a traffic fine
        specs.append(
            {"creditor": "DUO", "hoofdsom": _money(rng, 6000, 24000), "status": DebtStatus.BETALINGSREGELING,
             "studie": True, "reference": True, "arrangement": (_money(rng, 20, 60), today - timedelta(days=700)),
             "peildatum": today - timedelta(days=20), "arisen_on": today - timedelta(days=2500)}
        )  # fmt: skip
        specs.append(
            {"creditor": "CJIB", "hoofdsom": _money(rng, 90, 400), "boetes": _money(rng, 30, 200),
             "status": DebtStatus.VEERTIENDAGENBRIEF, "cjib": CjibKind.WAHV, "reference": True,
             "peildatum": today - timedelta(days=10), "arisen_on": today - timedelta(days=120)}
        )  # fmt: skip
    if 3 in specials:  # incassokosten above the legal scale
        hoofdsom = _money(rng, 200, 600)
        specs.append(
            {"creditor": "Wehkamp", "hoofdsom": hoofdsom, "incassokosten": max_incassokosten(hoofdsom) + _money(rng, 60, 150),
             "status": DebtStatus.INCASSOBUREAU, "collector": (CollectorKind.INCASSOBUREAU, "Coeo Incasso"),
             "reference": True, "peildatum": today - timedelta(days=25), "arisen_on": today - timedelta(days=300)}
        )  # fmt: skip
    if 4 in specials:  # a private landlord: the name is sealed on the debt
        specs.append(
            {"private": "Verhuurder Demo Particulier", "category": CreditorCategory.WONINGCORPORATIE_VERHUURDER,
             "hoofdsom": _money(rng, 600, 2400), "status": DebtStatus.HERINNERING_AANMANING, "reference": False,
             "peildatum": today - timedelta(days=7), "arisen_on": today - timedelta(days=150)}
        )  # fmt: skip
    return specs


def demo_debts(db: Session, _locs: Mapping[str, Any], _users: Mapping[str, Any], today: date) -> None:
    """DEMO_STEPS: synthetic debts for every case in stage B (inzicht) or later.

    Deterministic (random seeded per case reference). Cases that already have debts are
    left alone, so loading the demo twice adds nothing.
    """
    seed_creditors(db)
    later = {s.value for s in STAGE_ORDER[_DEMO_FROM_STAGE:]}
    cases = db.scalars(select(Case).where(Case.stage.in_(later), Case.erased_at.is_(None)).order_by(Case.reference)).all()
    register = {c.name: c for c in db.scalars(select(Creditor))}
    for index, case in enumerate(cases):
        if db.scalar(select(func.count(Debt.id)).where(Debt.case_id == case.id)):
            continue
        rng = random.Random(f"schoonschip-demo-debts-{case.reference}")  # noqa: S311 - demo data
        # Special debts 0..4 go round the cases; with fewer than five cases some get several.
        specials = {index % 5} | {j for j in range(5) if j % len(cases) == index}
        for spec in _demo_debt_specs(rng, specials, today):
            debt = Debt(case_id=case.id, created_by_user_id=case.coach_id)
            creditor = register.get(spec.get("creditor", ""))
            if creditor is not None:
                debt.creditor = creditor
                debt.category = creditor.category
            else:
                debt.private_creditor_name = spec["private"]
                debt.category = spec["category"].value
            debt.hoofdsom = spec["hoofdsom"]
            debt.original_amount = spec["hoofdsom"]
            for name in ("rente", "incassokosten", "gerechtelijke_kosten", "boetes"):
                if spec.get(name):
                    setattr(debt, name, spec[name])
            if spec["reference"]:
                debt.creditor_reference = _demo_ref(rng, "DEMO")
            if "collector" in spec:
                kind, name = spec["collector"]
                debt.collector_kind = kind.value
                debt.collector_name = name
                debt.collector_reference = _demo_ref(rng, "INC")
            if "garnishment" in spec:
                kind, amount = spec["garnishment"]
                debt.garnishment_kind = kind.value
                debt.garnishment_amount = amount
                debt.garnishment_by = "Demo Deurwaarderskantoor"
            if "arrangement" in spec:
                debt.arrangement_amount, debt.arrangement_since = spec["arrangement"]
            debt.fraud = bool(spec.get("fraud"))
            debt.studieschuld_regulier = bool(spec.get("studie"))
            debt.cjib_kind = spec["cjib"].value if spec.get("cjib") else None
            debt.peildatum = spec["peildatum"]
            debt.arisen_on = spec["arisen_on"]
            status: DebtStatus = spec["status"]
            debt.status = status.value
            first = DebtStatus.HERINNERING_AANMANING
            debt.status_history.append(
                DebtStatusChange(case_id=case.id, from_status=None, to_status=first.value,
                                 on=spec["arisen_on"] + timedelta(days=30), by_user_id=case.coach_id)
            )  # fmt: skip
            if status is not first:
                debt.status_history.append(
                    DebtStatusChange(case_id=case.id, from_status=first.value, to_status=status.value,
                                     on=spec["peildatum"], by_user_id=case.coach_id)
                )  # fmt: skip
            db.add(debt)
        db.flush()
