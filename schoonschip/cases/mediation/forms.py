"""Forms of rent-arrears mediation and crises on WTForms.

Field names are those of templates/mediation/*.html. Errors are Dutch texts of the catalogue;
amounts and dates are read by the shared fields of web/forms.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from wtforms import StringField

from schoonschip.cases.casefile.resident import Landlord
from schoonschip.cases.mediation.models import Mediation
from schoonschip.cases.mediation.rules import (
    EVENT_DATE_STAGES,
    MAX_INSTALMENTS,
    ArrangementEnd,
    CrisisAction,
    CrisisKind,
    InstalmentStatus,
    MediationOutcome,
    MediationStage,
)
from schoonschip.cases.mediation.service import (
    ATTEMPT_KINDS,
    CONTRACT_LIMIT,
    COPIED_FIELDS,
    ArrangementInput,
    MediationInput,
)
from schoonschip.dates import DateError, FactContext, FactKind, parse_date_nl
from schoonschip.i18n import N_
from schoonschip.web.forms import (
    DutchDateField,
    EnumSelectField,
    FlagField,
    Form,
    Limit,
    MoneyField,
    VersionField,
    strip,
)

_CHOOSE = N_("Kies een van de mogelijkheden.")
_MONTH = N_("Schrijf de maand zo: 03-2025 (maand-jaar).")


def parse_month_nl(text: str) -> date | None:
    """``03-2025``, ``3/2025`` or a whole date; the first of that month. Empty: None."""
    s = "".join(text.split())
    if not s:
        return None
    parts = s.replace("/", "-").replace(".", "-").split("-")
    if len(parts) == 2 and all(p.isascii() and p.isdecimal() for p in parts):
        month, year = int(parts[0]), int(parts[1])
        if len(parts[1]) != 4 or not 1 <= month <= 12:
            raise DateError(_MONTH)
        return date(year, month, 1)
    try:
        value = parse_date_nl(text)
    except DateError:
        raise DateError(_MONTH) from None
    assert value is not None
    return value.replace(day=1)


class MonthField(StringField):
    """A month typed as ``03-2025``; ``data`` is the first day of that month, or None."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = str(valuelist[0]) if valuelist else ""
        self.data = None
        if any(ch.isdigit() and not ch.isascii() for ch in text):
            raise ValueError(_MONTH)
        try:
            self.data = parse_month_nl(text)
        except DateError as exc:
            raise ValueError(str(exc)) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0]).strip()
        return f"{self.data.month:02d}-{self.data.year}" if isinstance(self.data, date) else ""


class MediationForm(Form):
    """Start (``new``) or edit a mediation. ``stage`` and ``event_on`` only when starting."""

    landlord = EnumSelectField(enum=Landlord, message=_CHOOSE, allow_empty=True)
    contract_number = StringField(filters=[strip], validators=[Limit(CONTRACT_LIMIT)])
    kale_huur = MoneyField(allow_empty=True)
    servicekosten = MoneyField(allow_empty=True)
    huurtoeslag = MoneyField(allow_empty=True)
    arrears = MoneyField(allow_empty=True)
    collection_costs = MoneyField(allow_empty=True)
    court_costs = MoneyField(allow_empty=True)
    oldest_unpaid_month = MonthField()
    started_on = DutchDateField(allow_empty=True, fact=FactKind.CASEWORK)
    peildatum = DutchDateField(allow_empty=True, fact=FactKind.LIFE)
    benefit_deduction_since = DutchDateField(allow_empty=True, fact=FactKind.LIFE)
    toeslag_to_landlord = FlagField()
    benefit_deduction = FlagField()
    stage = EnumSelectField(enum=MediationStage, message=_CHOOSE, allow_empty=True)
    event_on = DutchDateField(allow_empty=True)
    version = VersionField()
    date_notes: dict[str, str]

    @classmethod
    def of(cls, m: Mediation) -> MediationForm:
        names = ("contract_number", "kale_huur", "servicekosten", "huurtoeslag", "arrears", "collection_costs",
                 "court_costs", "oldest_unpaid_month", "started_on", "peildatum", "benefit_deduction_since",
                 "toeslag_to_landlord", "benefit_deduction", "version")  # fmt: skip
        data: dict[str, Any] = {name: getattr(m, name) for name in names}
        data["landlord"] = Landlord(m.landlord) if m.landlord else None
        data["stage"] = MediationStage(m.stage) if m.stage else None
        return cls(formdata=None, data=data)

    @classmethod
    def blank(cls, prefill: Any, today: date) -> MediationForm:
        """A new mediation, filled in from what the case knows (``mediation.service.Prefill``:
        the rent debt and the budget); today as start, and as peildatum when the debt has none."""
        return cls(formdata=None, data={
            "landlord": prefill.landlord, "kale_huur": prefill.kale_huur, "huurtoeslag": prefill.huurtoeslag,
            "arrears": prefill.arrears, "collection_costs": prefill.collection_costs, "court_costs": prefill.court_costs,
            "started_on": today, "peildatum": prefill.peildatum or today, "stage": MediationStage.SIGNAAL,
        })  # fmt: skip

    def values(self) -> dict[str, str]:
        return {k: v for k, v in super().values().items() if k != "version"}

    def check(self, *, facts: FactContext, new: bool) -> MediationInput | None:
        """Validate; the one date rule leaves ``date_notes`` for a start before the case."""
        self.validate()
        today = facts.today
        if self.landlord.data is None and not self.landlord.errors:
            self.add_error("landlord", _("Kies de verhuurder."))
        self.date_notes = self.check_fact_dates(facts)
        if self.oldest_unpaid_month.data is not None and self.oldest_unpaid_month.data > today:
            self.add_error("oldest_unpaid_month", _("Deze maand ligt in de toekomst."))
        if self.toeslag_to_landlord.data and self.huurtoeslag.data is None:
            self.add_error("huurtoeslag", _("Vul ook het bedrag van de huurtoeslag in."))
        if self.benefit_deduction_since.data is not None and not self.benefit_deduction.data:
            self.add_error(
                "benefit_deduction", _("Zet dit aan als de huur van de uitkering wordt ingehouden.")
            )
        if self.started_on.data is None:
            self.add_error("started_on", _("Vul in wanneer de bemiddeling begon."))
        stage, event_on = None, None
        if new:
            stage = self.stage.data or (None if self.stage.errors else MediationStage.SIGNAAL)
            event_on = self.event_on.data
            if stage in EVENT_DATE_STAGES and event_on is None:
                self.add_error("event_on", _("Vul de datum van de zitting of de ontruiming in."))
            elif stage is not None and stage not in EVENT_DATE_STAGES and event_on is not None:
                self.add_error(
                    "event_on",
                    _("Deze datum hoort alleen bij een dagvaarding of een aanzegging van ontruiming."),
                )
        else:  # not on the edit form: whatever is sent is ignored, as before
            self.stage.errors, self.event_on.errors = [], []
        if self.error_texts():
            return None
        values = {name: self[name].data for name in COPIED_FIELDS}
        values["contract_number"] = values["contract_number"] or None
        return MediationInput(landlord=self.landlord.data, stage=stage, event_on=event_on, **values)


class StageForm(Form):
    stage = EnumSelectField(enum=MediationStage, message=N_("Kies de nieuwe fase."))
    stage_on = DutchDateField(fact=FactKind.CASEWORK)
    event_on = DutchDateField(allow_empty=True)
    version = VersionField()


class OutcomeForm(Form):
    outcome = EnumSelectField(enum=MediationOutcome, message=_CHOOSE, allow_empty=True)
    outcome_on = DutchDateField(allow_empty=True, fact=FactKind.CASEWORK)
    version = VersionField()


class ArrangementForm(Form):
    amount = MoneyField()
    start_on = DutchDateField()
    months = StringField(filters=[strip])
    made_on = DutchDateField(fact=FactKind.CASEWORK)
    version = VersionField()

    def check(self, *, facts: FactContext) -> ArrangementInput | None:
        """Validate. The agreement may have been made in the past (before the mediation or
        even the case was recorded: ``date_notes``), never in the future."""
        self.validate()
        if self.amount.data is not None and self.amount.data.cents <= 0:
            self.add_error("amount", _("Vul een bedrag groter dan nul in."))
        self.date_notes = self.check_fact_dates(facts)
        raw = self.months.data or ""
        if not (raw.isascii() and raw.isdecimal()) or not 1 <= int(raw) <= MAX_INSTALMENTS:
            self.add_error("months", _("Vul een aantal maanden in, van 1 tot %(n)s.", n=MAX_INSTALMENTS))
        if (
            self.error_texts()
            or self.amount.data is None
            or self.start_on.data is None
            or self.made_on.data is None
        ):
            return None
        return ArrangementInput(
            amount=self.amount.data, start_on=self.start_on.data, months=int(raw), made_on=self.made_on.data
        )


class EndArrangementForm(Form):
    reason = EnumSelectField(enum=ArrangementEnd, message=N_("Kies waarom de regeling stopt."))
    on = DutchDateField()
    version = VersionField()


class MarkForm(Form):
    """One instalment: paid or missed (with a date), or open again."""

    status = EnumSelectField(enum=InstalmentStatus, message=N_("Kies: betaald of gemist."))
    on = DutchDateField(fact=FactKind.CASEWORK)
    version = VersionField()

    def check(self) -> bool:
        self.validate()
        if self.status.data is InstalmentStatus.OPEN:
            self.on.errors = []  # no date needed to open it again
        return not self.error_texts()


class AttemptForm(Form):
    """A contact attempt with the landlord."""

    kind = StringField(filters=[strip])
    on = DutchDateField(fact=FactKind.CASEWORK)
    reached = StringField(filters=[strip])
    minutes = StringField(filters=[strip])

    def check(self, *, facts: FactContext) -> dict[str, Any] | None:
        self.validate()
        if self.kind.data not in {k.value for k in ATTEMPT_KINDS}:
            self.add_error("kind", _("Kies hoe u contact zocht."), replace=True)
        on = self.on.data
        self.date_notes = self.check_fact_dates(facts)
        if self.reached.data not in ("ja", "nee"):
            self.add_error("reached", _("Kies of u iemand hebt gesproken."))
        raw = self.minutes.data or ""
        if not (raw.isascii() and raw.isdecimal()) or not 1 <= int(raw) <= 600:
            self.add_error("minutes", _("Vul de duur in minuten in, van 1 tot 600."))
        if self.error_texts():
            return None
        return {"kind": self.kind.data, "on": on, "reached": self.reached.data == "ja", "minutes": int(raw)}


class CrisisForm(Form):
    crisis_kind = EnumSelectField(enum=CrisisKind, message=N_("Kies wat er dreigt."))
    crisis_since = DutchDateField(fact=FactKind.LIFE)


class HandleCrisisForm(Form):
    action = EnumSelectField(enum=CrisisAction, message=N_("Kies wat er gedaan is."))
    on = DutchDateField(fact=FactKind.CASEWORK)
    version = VersionField()
