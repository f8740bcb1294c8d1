"""The debt form (add and edit) and the status form of one debt, on WTForms.

Field names are those of templates/debts/form.html and show.html. Every error is a Dutch
text of the catalogue; amounts and dates are read by the shared fields of web/forms.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session
from wtforms import StringField

from schoonschip.cases.debts.models import CjibKind, Debt
from schoonschip.cases.debts.rules import CollectorKind, CreditorCategory, DebtStatus, GarnishmentKind
from schoonschip.cases.debts.service import DebtInput, selectable_creditor
from schoonschip.dates import FactContext, FactKind
from schoonschip.db import parse_id
from schoonschip.i18n import N_
from schoonschip.web.forms import (
    DutchDateField,
    EnumSelectField,
    FlagField,
    Form,
    IdField,
    Limit,
    MoneyField,
    VersionField,
    YesNoField,
    strip,
)

_CHOOSE = N_("Kies een van de mogelijkheden.")
_NOT_IN_FUTURE = ("peildatum", "arisen_on", "saldo_confirmed_on")


def _text(limit: int) -> StringField:
    return StringField(filters=[strip], validators=[Limit(limit)])


def _amount() -> MoneyField:
    return MoneyField(allow_empty=True)


def _date(fact: FactKind | None = FactKind.LIFE) -> DutchDateField:
    return DutchDateField(allow_empty=True, fact=fact)


def _choice(enum: Any) -> EnumSelectField[Any]:
    return EnumSelectField(enum=enum, message=_CHOOSE, allow_empty=True)


class DebtForm(Form):
    """Add or edit a debt. ``db``, ``today`` and, when editing, ``current_creditor_id`` (a
    creditor no longer in the list stays allowed on its own debt) are passed in."""

    new_creditor_name = _text(120)
    private_creditor_name = _text(120)
    creditor_reference = _text(80)
    collector_name = _text(120)
    collector_reference = _text(80)
    garnishment_by = _text(120)
    note = _text(2000)
    hoofdsom = _amount()
    rente = _amount()
    incassokosten = _amount()
    gerechtelijke_kosten = _amount()
    boetes = _amount()
    original_amount = _amount()
    arrangement_amount = _amount()
    garnishment_amount = _amount()
    peildatum = _date()
    arisen_on = _date()
    saldo_confirmed_on = _date()
    arrangement_since = _date(None)
    fraud = FlagField()
    studieschuld_regulier = FlagField()
    zakelijk = FlagField()
    incassokosten_incl_btw = FlagField()
    termijnbedrag = _amount()
    wki_periods = StringField(filters=[strip])
    collector_in_register = YesNoField(message=_CHOOSE)
    creditor_id = StringField()
    category = _choice(CreditorCategory)
    collector_kind = _choice(CollectorKind)
    garnishment_kind = _choice(GarnishmentKind)
    cjib_kind = _choice(CjibKind)
    preferent = YesNoField(message=_CHOOSE)
    vaste_lasten = YesNoField(message=_CHOOSE)
    status = _choice(DebtStatus)
    version = VersionField()

    def __init__(
        self, *args: Any, db: Session, today: date, current_creditor_id: int | None = None,
        birth_date: date | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.db = db
        self.today = today
        self.birth_date = birth_date
        self.current_creditor_id = current_creditor_id

    @classmethod
    def of(cls, debt: Debt, *, db: Session, today: date) -> DebtForm:
        """The edit form filled with a saved debt (nothing posted)."""
        data = {name: getattr(debt, name, None) for name in cls._names()}
        data["creditor_id"] = str(debt.creditor_id) if debt.creditor_id else ""
        data["new_creditor_name"] = ""
        if debt.creditor_pending:  # a new organisation, sealed in the case until the register has it
            data["new_creditor_name"] = debt.private_creditor_name or ""
            data["private_creditor_name"] = ""
        # Leave the category empty when it simply follows the creditor: then it follows a new choice too.
        same = debt.creditor is not None and debt.creditor.category == debt.category
        data["category"] = CreditorCategory(debt.category) if debt.category and not same else None
        for name, enum in (("collector_kind", CollectorKind), ("garnishment_kind", GarnishmentKind),
                           ("cjib_kind", CjibKind), ("status", DebtStatus)):  # fmt: skip
            data[name] = enum(getattr(debt, name)) if getattr(debt, name) else None
        return cls(formdata=None, data=data, db=db, today=today)

    @classmethod
    def _names(cls) -> list[str]:
        return [
            name
            for name in vars(cls)
            if not name.startswith("_") and hasattr(getattr(cls, name), "field_class")
        ]

    def values(self) -> dict[str, str]:
        return {k: v for k, v in super().values().items() if k != "version"}

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        # The app's one date rule (schoonschip.dates): not in the future, not before the resident's birth.
        self.check_fact_dates(FactContext(today=self.today, birth_date=self.birth_date), only=_NOT_IN_FUTURE)
        self._check_creditor()
        if (
            self.garnishment_amount.data is not None or self.garnishment_by.data
        ) and self.garnishment_kind.data is None:
            self.add_error("garnishment_kind", _("Kies wat voor beslag het is."), replace=True)
        periods = str(self.wki_periods.data or "").strip()
        if periods and not (periods.isascii() and periods.isdigit() and 1 <= int(periods) <= 20):
            self.add_error("wki_periods", _("Vul een heel getal van 1 tot en met 20 in."))
        if (self.collector_name.data or self.collector_reference.data) and self.collector_kind.data is None:
            self.add_error("collector_kind", _("Kies wie de schuld nu int."), replace=True)
        return not self.error_texts()

    def _check_creditor(self) -> None:
        """Exactly one way to say who the creditor is."""
        raw = self.creditor_id.data or ""
        if raw:
            try:
                creditor_id = parse_id(raw)
            except ValueError:
                creditor_id = -1
            if selectable_creditor(self.db, creditor_id, current_id=self.current_creditor_id) is None:
                self.add_error("creditor_id", _("Kies een schuldeiser uit de lijst."), replace=True)
        given = [bool(raw), bool(self.new_creditor_name.data), bool(self.private_creditor_name.data)]
        if sum(given) == 0:
            self.add_error(
                "creditor_id",
                _("Kies een schuldeiser uit de lijst, of vul een nieuwe organisatie of een persoon in."),
            )
        elif sum(given) > 1:
            self.add_error(
                "creditor_id",
                _("Vul maar één schuldeiser in: uit de lijst, een nieuwe organisatie óf een persoon."),
            )
        if self.new_creditor_name.data and not self.new_creditor_name.errors and sum(given) == 1:
            if self.category.data is None:
                self.add_error(
                    "category", _("Kies bij een nieuwe organisatie ook de soort schuldeiser."), replace=True
                )
            elif self.category.data is CreditorCategory.ANDERS:
                self.add_error("new_creditor_name", _(
                    "Past de organisatie in geen enkele soort, of is het een persoon? "
                    "Vul de naam dan in bij 'Een persoon of andere schuldeiser'."
                ), replace=True)  # fmt: skip

    def to_input(self) -> DebtInput:
        """The validated form as the service's input."""
        data = DebtInput()
        for name in vars(DebtInput()):
            if name == "creditor_id":
                data.creditor_id = parse_id(self.creditor_id.data) if self.creditor_id.data else None
            elif name == "wki_periods":
                raw = str(self.wki_periods.data or "").strip()
                data.wki_periods = int(raw) if raw else None
            elif name in self:
                value = self[name].data
                setattr(data, name, (value or None) if isinstance(value, str) else value)
        return data


class CreditorForm(Form):
    """A coordinator confirms a proposed creditor (name, short name, category)."""

    category = EnumSelectField(enum=CreditorCategory, message=N_("Kies de soort schuldeiser."))
    name = _text(120)
    short_name = _text(40)


class MergeForm(Form):
    """The confirmed creditor a proposal is merged into."""

    target_id = IdField()


class StatusForm(Form):
    """A dated status change of one debt (on the debt's page)."""

    status = EnumSelectField(enum=DebtStatus, message=N_("Kies de nieuwe status."))
    on = DutchDateField(fact=FactKind.LIFE)
    version = VersionField()
