"""Tables for readiness, the voorlegger and the handover to professional debt help.

What is plaintext and why (house rules, DESIGN §4):

* the coach's checklist answers (ja / nee / n.v.t. per item code, with a date) and the
  voorlegger statuses (ontvangen / ontbreekt / n.v.t. per document code, with a date):
  coded values only, no personal content, validated against the pure module's codes;
* the handover's state, route, result, receiving organisation and dates, and who did what:
  the funders' reports count them without opening a case;
* the receiving organisations: names of organisations and document codes, no personal data.

Sealed with the case key: the readiness facts that are about the resident (car value,
alimony paid, nihilstelling asked), the coach's reasons for setting a computed checklist
item aside or a document to n.v.t., and every free text (the coach's reason to hand over
despite blocking items, the coordinator's comment when sending back, the reason the
receiving organisation gave).
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoonschip.db import Base, utcnow
from schoonschip.i18n import N_, LabelledEnum
from schoonschip.sealing import Sealed, SealedField


class ReceivingOrg(Base):
    """An organisation a case can be handed over to, with the voorlegger documents it
    requires. Set up by a beheerder; exactly one active organisation is the default."""

    __tablename__ = "receiving_orgs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # JSON list of VOORLEGGER_ITEMS codes this organisation requires.
    required_items: Mapped[str] = mapped_column(Text, default="[]")
    # The organisation's age public key (X25519, "age1..."): the handover package is
    # encrypted to it (cases/handover/package.py). A public key: no secret, no personal data.
    age_recipient: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def required_codes(self) -> list[str]:
        try:
            value = json.loads(self.required_items or "[]")
        except ValueError:
            return []
        return [str(v) for v in value] if isinstance(value, list) else []


class ReadinessState(Sealed, Base):
    """One per case: the coach's answers to the checklist and the voorlegger.

    ``answers`` and ``documents`` are JSON objects ``{code: [value, "jjjj-mm-dd"]}`` of
    coded values only. ``facts`` (sealed) holds what the checklist needs to know about the
    resident's car and alimony.
    """

    __tablename__ = "readiness_states"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    answers: Mapped[str] = mapped_column(Text, default="{}")
    documents: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    facts_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    facts = SealedField("json")  # {"car": "ja"/"nee", "car_value": Money, "alimony": ..., "nihil": ..., "on": date}
    # The coach's free-text reasons (sealed): setting a computed item aside, and n.v.t. on a
    # document. {"overrides": {code: {"reason": str, "on": "jjjj-mm-dd", "by": user id}},
    #  "nvt": {document code: reason}}
    reasons_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    reasons = SealedField("json")

    __mapper_args__ = {"version_id_col": version}


class HandoverState(LabelledEnum):
    # the coach says: ready; waits for the coordinator
    KLAAR = "klaar", N_("Klaar voor overdracht: wacht op controle door een coördinator")
    # the coordinator checked and signed off
    AKKOORD = "akkoord", N_("Gecontroleerd en akkoord: kan worden verstuurd")
    # the coordinator sent it back to the coach (round ends)
    TERUGGESTUURD = "teruggestuurd", N_("Teruggestuurd naar de coach")
    INGETROKKEN = "ingetrokken", N_("Melding ingetrokken")  # the coach withdrew the ready mark (round ends)
    OVERGEDRAGEN = "overgedragen", N_("Overgedragen")  # sent to the receiving organisation
    # came back: teruggestuurd or afgewezen by the receiving organisation (round ends)
    AFGEROND = "afgerond", N_("Terug van de organisatie")


# The one set of texts for a round's state: the Overdracht page and the inzage show these.
STATE_LABELS_NL = HandoverState.labels()


class Route(LabelledEnum):
    MINNELIJK = "minnelijk", N_("Minnelijk traject")
    WSNP = "wsnp", N_("WSNP (schuldsanering via de rechter)")
    BUDGETBEHEER = "budgetbeheer", N_("Budgetbeheer")
    ANDERS = "anders", N_("Anders")


ROUTE_LABELS_NL = Route.labels()


class HandoverResult(LabelledEnum):
    GEACCEPTEERD = "geaccepteerd", N_("Geaccepteerd")
    TERUGGESTUURD = "teruggestuurd", N_("Teruggestuurd")
    REGELING_GESTART = "regeling_gestart", N_("Regeling gestart")
    WSNP_TOEGELATEN = "wsnp_toegelaten", N_("WSNP toegelaten")
    AFGEWEZEN = "afgewezen", N_("Afgewezen")


RESULT_LABELS_NL = HandoverResult.labels()
# Results after which the round is over and the case goes back to step C.
RESULTS_ENDING_ROUND = frozenset({HandoverResult.TERUGGESTUURD, HandoverResult.AFGEWEZEN})
# Results that need a reason from the receiving organisation.
RESULTS_NEEDING_REASON = frozenset({HandoverResult.TERUGGESTUURD, HandoverResult.AFGEWEZEN})


class Handover(Sealed, Base):
    """One round of handing a case over: ready → checked → sent → result.

    A round that is sent back (by the coordinator or the receiving organisation) or
    withdrawn ends; a new round starts when the coach marks the case ready again.
    On erasure the row stays without its sealed texts (funders' counts).
    """

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    route: Mapped[str] = mapped_column(String(20))
    receiving_org_id: Mapped[int] = mapped_column(ForeignKey("receiving_orgs.id"))
    # Counts of open items when the coach marked it ready (coded, no content).
    blocking_at_ready: Mapped[int] = mapped_column(Integer, default=0)
    missing_documents_at_ready: Mapped[int] = mapped_column(Integer, default=0)
    ready_on: Mapped[date] = mapped_column(Date)
    ready_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_off_on: Mapped[date | None] = mapped_column(Date)
    signed_off_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_on: Mapped[date | None] = mapped_column(Date)  # sent back, withdrawn or returned
    sent_on: Mapped[date | None] = mapped_column(Date, index=True)
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    result: Mapped[str | None] = mapped_column(String(30))
    result_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    override_reason_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    override_reason = SealedField(str)  # why hand over although something blocks

    receiving_org: Mapped[ReceivingOrg] = relationship()
    events: Mapped[list[HandoverEvent]] = relationship(
        back_populates="handover", cascade="all, delete-orphan", order_by="HandoverEvent.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.state in (HandoverState.KLAAR, HandoverState.AKKOORD, HandoverState.OVERGEDRAGEN)


class HandoverEventKind(LabelledEnum):
    KLAAR = "klaar", N_("Klaar voor overdracht gemeld")
    INGETROKKEN = "ingetrokken", N_("Melding ingetrokken")
    AKKOORD = "akkoord", N_("Gecontroleerd en akkoord")
    TERUGGESTUURD = "teruggestuurd", N_("Teruggestuurd naar de coach")
    OVERGEDRAGEN = "overgedragen", N_("Overgedragen")
    UITSLAG = "uitslag", N_("Uitslag")


EVENT_LABELS_NL = HandoverEventKind.labels()


class HandoverEvent(Sealed, Base):
    """The dated history of a round. ``result`` only for UITSLAG; ``text`` (sealed) is a
    comment or reason."""

    __tablename__ = "handover_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    handover_id: Mapped[int] = mapped_column(ForeignKey("handovers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    result: Mapped[str | None] = mapped_column(String(30))
    on: Mapped[date] = mapped_column(Date)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    text_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    text = SealedField(str)

    handover: Mapped[Handover] = relationship(back_populates="events")
