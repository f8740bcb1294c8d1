"""Forms of the handover area on WTForms: the readiness checklist and the voorlegger (one
answer and one date per item of the catalogue), the workflow steps of the Overdracht tab,
and the beheerder's receiving organisation.

Field names are those of templates/handover/*.html. Errors are Dutch texts of the catalogue.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from flask_babel import gettext as _
from wtforms import Field, StringField

from schoonschip.cases.handover.models import ReceivingOrg
from schoonschip.cases.handover.package import recipient_problem
from schoonschip.cases.handover.readiness import ANSWER_VALUES, DOCUMENT_VALUES, REASON_MAX, Facts
from schoonschip.cases.handover.receivers import DEFAULT_REQUIRED, ORG_CODE_CHARS, OrgInput
from schoonschip.cases.handover.rules import VOORLEGGER_ITEMS, item_catalogue
from schoonschip.dates import DateError, FactContext, FactKind, check_fact_date
from schoonschip.web.forms import DutchDateField, Form, MoneyField, VersionField, strip

YES_NO = ("ja", "nee")
Pairs = dict[str, tuple[str, date | None]]


def _day(field: Field, today: date) -> date | None:
    """A checklist date: its own error, or "in the future", or the date (None when empty)."""
    if field.errors:
        return None
    if field.data is not None:
        try:  # the app's one date rule (schoonschip.dates): same words as every form
            check_fact_date(field.data, FactContext(today=today), FactKind.LIFE)
        except DateError as exc:
            field.errors = [_(str(exc))]
            return None
    return field.data  # type: ignore[no-any-return]


def _chosen(
    form: Form, choice_name: str, day_name: str, today: date, allowed: Collection[str], wrong: str, dated_alone: str
) -> tuple[Field, str, date | None] | None:
    """One checklist item's choice and date: None when it is "open" (not yet: no choice,
    whatever the date field says), empty (with the error `dated_alone` when a date was
    typed all the same) or not one of ``allowed`` (with the error ``wrong``); else the
    choice field, its value and the date (None when empty)."""
    choice, day_field = form[choice_name], form[day_name]
    value = choice.data or ""
    if value == "open":
        day_field.errors = []
        return None
    day = _day(day_field, today)
    if value == "":
        if day_field.raw_data and str(day_field.raw_data[0]).strip() and not day_field.errors:
            form.add_error(choice.name, dated_alone)
        return None
    if value not in allowed:
        form.add_error(choice.name, wrong)
        return None
    return choice, value, day


class _Checklist(Form):
    """Base of the two checklist forms: every value as typed (for showing them again)."""

    def values(self) -> dict[str, str]:
        return {k: v for k, v in super().values().items() if k != "version"}


def answers_form() -> _Checklist:
    """The checklist form: ``a_<code>`` (ja/nee/nvt/open) and ``d_<code>`` per item, and the
    facts about a car and alimony."""

    class AnswersForm(_Checklist):
        car = StringField(filters=[strip])
        car_value = MoneyField(allow_empty=True)
        alimony = StringField(filters=[strip])
        nihil = StringField(filters=[strip])
        version = VersionField(empty=0)

    for entry in item_catalogue():
        setattr(AnswersForm, f"a_{entry.code}", StringField(filters=[strip]))
        setattr(AnswersForm, f"d_{entry.code}", DutchDateField(allow_empty=True))
    return AnswersForm()


def check_answers(form: _Checklist, today: date) -> tuple[Pairs, Facts] | None:
    """(answers, facts), or None with the errors in the form. An answer without a date is
    dated today; a date without an answer is an error."""
    form.validate()
    answers: Pairs = {}
    for entry in item_catalogue():
        chosen = _chosen(form, f"a_{entry.code}", f"d_{entry.code}", today, ANSWER_VALUES, _("Kies ja, nee of n.v.t."),
                         _("Kies ja, nee of n.v.t. bij deze datum."))  # fmt: skip
        if chosen is None:
            continue
        answer, value, day = chosen
        if value == "nvt" and not entry.nvt_allowed:
            form.add_error(answer.name, _("N.v.t. kan hier niet: dit is altijd nodig."))
        else:
            answers[entry.code] = (value, day or today)
    car, alimony, nihil = form["car"].data or "", form["alimony"].data or "", form["nihil"].data or ""
    for name, v in (("car", car), ("alimony", alimony), ("nihil", nihil)):
        if v not in ("", *YES_NO):
            form.add_error(name, _("Kies ja of nee."))
    car_value = form["car_value"].data
    if car == "ja" and car_value is None and not form["car_value"].errors:
        form.add_error("car_value", _("Vul in hoeveel de auto ongeveer waard is."))
    if car != "ja" and car_value is not None:
        form.add_error("car", _("Kies ja als er een auto is. Anders: laat de waarde leeg."), replace=True)
    if form.error_texts():
        return None
    facts = Facts(car=car, car_value=car_value if car == "ja" else None, alimony=alimony,
                  nihil=nihil if alimony == "ja" else "", on=today)  # fmt: skip
    return answers, facts


def documents_form() -> _Checklist:
    """The voorlegger form: ``v_<code>`` (ontvangen/ontbreekt/nvt/open) and ``vd_<code>`` per document."""

    class DocumentsForm(_Checklist):
        version = VersionField(empty=0)

    for item in VOORLEGGER_ITEMS:
        setattr(DocumentsForm, f"v_{item.code}", StringField(filters=[strip]))
        setattr(DocumentsForm, f"vd_{item.code}", DutchDateField(allow_empty=True))
        setattr(DocumentsForm, f"vr_{item.code}", StringField(filters=[strip]))
    return DocumentsForm()


def check_documents(form: _Checklist, today: date, required: Collection[str] = ()) -> tuple[Pairs, dict[str, str]] | None:
    """(documents, reasons for n.v.t.), or None with the errors in the form. N.v.t. on a
    document in ``required`` (the receiving organisation's list) needs a reason."""
    form.validate()
    documents: Pairs = {}
    reasons: dict[str, str] = {}
    for item in VOORLEGGER_ITEMS:
        chosen = _chosen(form, f"v_{item.code}", f"vd_{item.code}", today, DOCUMENT_VALUES,
                         _("Kies ontvangen, ontbreekt of n.v.t."), _("Kies ontvangen, ontbreekt of n.v.t. bij deze datum."))  # fmt: skip
        if chosen is None:
            continue
        _status, value, day = chosen
        if value == "nvt":
            reason = form[f"vr_{item.code}"].data or ""
            if len(reason) > REASON_MAX:
                form.add_error(f"vr_{item.code}", _("Gebruik hooguit %(n)s tekens.", n=REASON_MAX))
            elif item.code in required and not reason:
                form.add_error(f"vr_{item.code}", _("Dit document is verplicht. Schrijf op waarom het niet van toepassing is."))
            elif reason:
                reasons[item.code] = reason
        documents[item.code] = (value, day or today)
    return None if form.error_texts() else (documents, reasons)


class OverrideForm(Form):
    """Setting a computed checklist item aside: which item and why (the reason is required)."""

    code = StringField(filters=[strip])
    reason = StringField(filters=[strip])
    version = VersionField(empty=0)


def typed(form: _Checklist) -> dict[str, str]:
    """What was typed, only the fields that were sent (the template falls back to the stored
    state for the others, as before)."""
    return {f.name: str(f._value()) for f in form if f.raw_data and f.name != "version"}  # noqa: SLF001


# --- the Overdracht tab ----------------------------------------------------------------------
class WorkflowForm(Form):
    """Every step of the handover workflow posts some of these fields."""

    on = DutchDateField()
    back_on = DutchDateField()
    route = StringField(filters=[strip])
    org = StringField(filters=[strip])
    reason = StringField(filters=[strip])
    comment = StringField(filters=[strip])
    result = StringField(filters=[strip])
    confirm = StringField(filters=[strip])
    version = StringField(filters=[strip])

    def day(self, key: str, today: date) -> date | None:
        """The date of this step (``on``, or ``back_on`` when sending back), checked."""
        return _day(self[key], today)

    def expected_version(self) -> int | None:
        raw = self.version.data or ""
        if not raw:
            return None
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else -1

    def values(self) -> dict[str, str]:
        return {k: v for k, v in super().values().items() if k != "version"}


# --- receiving organisations ---------------------------------------------------------------
class OrgForm(Form):
    """The beheerder's form of one receiving organisation; ``required`` is a checkbox group."""

    code = StringField(filters=[strip, lambda v: v.lower() if isinstance(v, str) else v])
    name = StringField(filters=[strip])
    active = StringField()
    is_default = StringField()
    age_recipient = StringField(filters=[strip])
    version = VersionField(empty=0)

    @staticmethod
    def blank_values(org: ReceivingOrg | None) -> dict[str, Any]:
        if org is None:
            return {
                "code": "",
                "name": "",
                "active": True,
                "is_default": False,
                "required": set(DEFAULT_REQUIRED),
                "age_recipient": "",
            }
        return {"code": org.code, "name": org.name, "active": org.active, "is_default": org.is_default,
                "required": set(org.required_codes), "age_recipient": org.age_recipient or ""}  # fmt: skip

    def check(self, required: list[str], *, new: bool) -> tuple[OrgInput, dict[str, Any], dict[str, str]]:
        """(input, values to show again, errors)."""
        self.validate()
        known = {v.code for v in VOORLEGGER_ITEMS}
        values: dict[str, Any] = {
            "code": self.code.data or "",
            "name": self.name.data or "",
            "active": self.active.data == "ja",
            "is_default": self.is_default.data == "ja",
            "required": {c for c in required if c in known},
            "age_recipient": self.age_recipient.data or "",
        }
        key_problem = recipient_problem(values["age_recipient"])
        if key_problem:
            self.add_error("age_recipient", _(key_problem.msgid, **key_problem.params))
        if new:
            code = values["code"]
            if not code:
                self.add_error("code", _("Vul een korte code in, bijvoorbeeld kredietbank."))
            elif len(code) > 30 or not set(code) <= ORG_CODE_CHARS:
                self.add_error(
                    "code", _("Gebruik alleen kleine letters, cijfers, - en _ (hooguit 30 tekens).")
                )
        if not values["name"]:
            self.add_error("name", _("Vul de naam van de organisatie in."))
        elif len(values["name"]) > 80:
            self.add_error("name", _("Gebruik hooguit 80 tekens."))
        if values["is_default"] and not values["active"]:
            self.add_error("is_default", _("De standaard-organisatie moet actief zijn."))
        data = OrgInput(values["code"], values["name"], values["active"], values["is_default"],
                        [v.code for v in VOORLEGGER_ITEMS if v.code in values["required"]], values["age_recipient"])  # fmt: skip
        return data, values, self.error_texts()
