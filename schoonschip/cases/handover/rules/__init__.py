"""Readiness of a case for handover to professional debt help (minnelijk traject / WSNP).

Pure module (no Flask, no SQLAlchemy). The app builds a :class:`ReadinessInput` from the
case and gets a :class:`ReadinessReport` per track: blocking items apart from warnings,
never a single score (rules.md §0 point 6 and §3.4).

Sources in ``/work/shared/domain/rules.md``:

* §3.4 the derived checklist (blocking and warnings);
* §3.1 the Amsterdam voorlegger (document list, income-evidence rule per pay frequency);
* §2 WSNP admission: art. 285 Fw request contents, art. 288 Fw goede trouw over 3 years;
* §1.3 / §3.1 the car value limit;
* §3.3 the three Wgs crisis situations.

Every item is either *berekend* (computed from data) or *beantwoord* (answered ja / nee /
n.v.t. by the coach, with a date). Messages are Dutch at B1 level and carry counts at
most, never names, references or the coach's texts.
"""

# A package by concern. Every public name below is importable from here as before; the
# star imports take each module's public names (the list below says which are the interface).
# ruff: noqa: F403, F405
from schoonschip.cases.handover.rules.catalogue import *
from schoonschip.cases.handover.rules.checks import *
from schoonschip.cases.handover.rules.evidence import *
from schoonschip.cases.handover.rules.vocabulary import *
from schoonschip.cases.handover.rules.voorlegger import *

__all__ = [
    "Track",
    "AnswerValue",
    "ANSWER_LABELS_NL",
    "Answer",
    "ItemStatus",
    "ItemSource",
    "FactKind",
    "FactRef",
    "Override",
    "NOT_OVERRIDABLE",
    "RentArrangementFacts",
    "SALDO_RECENT_MAANDEN",
    "ESCALATED_PRIORITY_STATUSES",
    "ItemKind",
    "CrisisKind",
    "CrisisFlag",
    "PayFrequency",
    "EvidenceKind",
    "IncomeItem",
    "EvidenceNeed",
    "income_evidence_needed",
    "ReadinessInput",
    "Item",
    "ReadinessReport",
    "assess_readiness",
    "assess_all",
    "CatalogueEntry",
    "item_catalogue",
    "AUTO_WAARDEGRENS",
    "GOEDE_TROUW_JAREN",
    "SPECS_PER_FREQUENCY",
    "SPECS_PARTICIPATIEWET",
    "DocumentStatus",
    "DOCUMENT_STATUS_LABELS_NL",
    "DocumentAnswer",
    "VoorleggerItem",
    "VOORLEGGER_ITEMS",
    "VoorleggerLine",
    "VoorleggerSummary",
    "voorlegger_status",
    "voorlegger_summary",
]
