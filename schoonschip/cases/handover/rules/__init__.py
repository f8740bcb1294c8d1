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

# A package by concern; every public name is importable from here as before.
from schoonschip.cases.handover.rules import catalogue, checks, evidence, vocabulary, voorlegger
from schoonschip.cases.handover.rules.catalogue import *  # noqa: F403
from schoonschip.cases.handover.rules.checks import *  # noqa: F403
from schoonschip.cases.handover.rules.evidence import *  # noqa: F403
from schoonschip.cases.handover.rules.vocabulary import *  # noqa: F403
from schoonschip.cases.handover.rules.voorlegger import *  # noqa: F403

__all__ = [*vocabulary.__all__, *evidence.__all__, *catalogue.__all__, *checks.__all__, *voorlegger.__all__]
