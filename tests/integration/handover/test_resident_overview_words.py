"""The resident overview in plain words (issue 12 item 7): one B1 sentence on why "blijft
over" and "kunt aflossen" differ, jargon explained, and "u" everywhere."""

from __future__ import annotations

import re

from tests.integration.handover_support import CaseSpec, build_case, text_of

WHY = "Dat is minder dan wat er elke maand overblijft, omdat u bij een regeling altijd een vast bedrag mag houden"
JE = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)


def test_overview_explains_why_left_over_and_repayable_differ_and_explains_jargon(app, web, people):
    spec = CaseSpec(income=[("participatiewet", "bewoner", "maand"), ("kindgebonden_budget", "bewoner", "maand")])
    cid = build_case(app, people, spec)
    web.login("coach.a")
    text = text_of(web.get(f"/dossiers/{cid}/overzicht-bewoner"))
    assert "Er blijft elke maand" in text and "U kunt ongeveer" in text
    assert WHY in text
    assert text.count(WHY) == 1
    assert "Bijstand (Participatiewet)" in text and "Geld van de gemeente om van te leven" in text
    assert "Kindgebonden budget" in text and "Geld van de Belastingdienst voor ouders" in text
    assert not JE.search(text), JE.search(text)
