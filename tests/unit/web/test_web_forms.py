"""The shared form fields (web/forms.py): Dutch money and dates, enum choices, the hidden
version, and the optimistic-lock save. Hostile input gives a Dutch error, never a crash."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict

from schoonschip.money import Money
from schoonschip.web.forms import (
    DutchDateField,
    EnumSelectField,
    Form,
    MoneyField,
    VersionField,
    differences,
    save_locked,
)


class Colour(enum.StrEnum):
    RED = "rood"
    BLUE = "blauw"

    @property
    def label(self) -> str:
        return {"rood": "Rood", "blauw": "Blauw"}[self.value]


class SampleForm(Form):
    amount = MoneyField()
    optional_amount = MoneyField(allow_empty=True)
    on = DutchDateField()
    maybe_on = DutchDateField(allow_empty=True)
    colour = EnumSelectField(enum=Colour, message="Kies een kleur.")
    maybe_colour = EnumSelectField(enum=Colour, message="Kies een kleur.", allow_empty=True)
    version = VersionField()


VALID = {"amount": "1,00", "on": "1-1-2025", "colour": "rood"}


@pytest.fixture(scope="module")
def app() -> Flask:
    a = Flask(__name__)
    a.config.update(SECRET_KEY="x" * 32, TESTING=True)
    return a


def _post(app: Flask, **fields: Any) -> SampleForm:
    data = {**VALID, **fields}
    with app.test_request_context("/", method="POST", data=MultiDict(data)):
        form = SampleForm()
        form.validate()
        return form


@pytest.mark.parametrize(
    ("text", "cents"),
    [("1.234,56", 123456), ("€ 1.234,56", 123456), ("€ 12", 1200), ("12,5", 1250), (" 85 ", 8500), ("€ 12,-", 1200)],
)
def test_money_field_parses_dutch_amounts(app: Flask, text: str, cents: int) -> None:
    form = _post(app, amount=text)
    assert form.amount.errors == []
    assert form.amount.data == Money(cents)
    assert form.values()["amount"] == text.strip()  # shown again as typed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("３", "Dit is geen bedrag. Schrijf het zo: 1.234,56"),  # fullwidth digit
        ("١٢٣", "Dit is geen bedrag. Schrijf het zo: 1.234,56"),  # Arabic-Indic digits
        ("1e5", "Dit is geen bedrag. Schrijf het zo: 1.234,56"),
        ("NaN", "Dit is geen bedrag. Schrijf het zo: 1.234,56"),
        ("", "Vul een bedrag in."),
        ("-5", "Een bedrag kan hier niet negatief zijn."),
        ("9" * 40, "Dit bedrag is te lang. Schrijf het zo: 1.234,56"),
        ("99999999999", "Dit bedrag is te groot. Kijk of er niet een cijfer te veel staat."),
    ],
)
def test_money_field_refuses_with_the_dutch_text(app: Flask, text: str, message: str) -> None:
    form = _post(app, amount=text)
    assert form.amount.data is None
    assert form.error_texts()["amount"] == message


def test_money_field_empty_allowed_and_formatted_for_input(app: Flask) -> None:
    form = _post(app, optional_amount="")
    assert form.optional_amount.errors == [] and form.optional_amount.data is None
    with app.test_request_context("/"):
        shown = SampleForm(data={"amount": Money(123456), "on": date(2025, 4, 3), "colour": Colour.BLUE, "version": 7})
        assert shown.values() == {
            "amount": "1.234,56",
            "optional_amount": "",
            "on": "03-04-2025",
            "maybe_on": "",
            "colour": "blauw",
            "maybe_colour": "",
            "version": "7",
        }


@pytest.mark.parametrize(("text", "day"), [("3-4-2025", date(2025, 4, 3)), ("2025-04-03", date(2025, 4, 3)), ("03/04/2025", date(2025, 4, 3))])
def test_date_field_parses(app: Flask, text: str, day: date) -> None:
    form = _post(app, on=text)
    assert form.on.errors == [] and form.on.data == day


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Vul een datum in."),
        ("３-４-２０２５", "Dit is geen datum. Schrijf de datum zo: 31-12-2025 (dag-maand-jaar)."),
        ("31-02-2025", "Deze datum bestaat niet: die maand heeft niet zoveel dagen."),
        ("1-13-2025", "De maand moet tussen 1 en 12 liggen. Schrijf de datum zo: 31-12-2025 (dag-maand-jaar)."),
        ("1-1-1800", "Het jaar moet tussen 1900 en 2100 liggen."),
        ("<script>", "Dit is geen datum. Schrijf de datum zo: 31-12-2025 (dag-maand-jaar)."),
    ],
)
def test_date_field_refuses_with_the_dutch_text(app: Flask, text: str, message: str) -> None:
    form = _post(app, on=text)
    assert form.on.data is None
    assert form.error_texts()["on"] == message


def test_date_field_may_be_empty(app: Flask) -> None:
    form = _post(app, maybe_on=" ")
    assert form.maybe_on.errors == [] and form.maybe_on.data is None


@pytest.mark.parametrize("bad", ["", "groen", "ROOD", "x\x00", "9" * 50])
def test_enum_field_refuses_unknown_values(app: Flask, bad: str) -> None:
    form = _post(app, colour=bad)
    assert form.colour.data is None
    assert form.error_texts()["colour"] == "Kies een kleur."


def test_enum_field_coerces_and_lists_labels(app: Flask) -> None:
    form = _post(app, colour="blauw", maybe_colour="")
    assert form.colour.data is Colour.BLUE
    assert form.maybe_colour.data is None and form.maybe_colour.errors == []
    assert form.colour.choices() == [("rood", "Rood"), ("blauw", "Blauw")]
    assert _post(app, maybe_colour="geel").error_texts()["maybe_colour"] == "Kies een kleur."


@pytest.mark.parametrize(("raw", "version"), [("3", 3), ("", -1), ("-1", -1), ("9" * 30, -1), ("x\x00", -1), ("３", -1)])
def test_version_field_is_a_small_number_or_minus_one(app: Flask, raw: str, version: int) -> None:
    assert _post(app, version=raw).version.data == version


def test_the_whole_form_validates(app: Flask) -> None:
    form = _post(app, version="2")
    with app.test_request_context("/", method="POST", data=MultiDict({**VALID, "version": "2"})):
        assert SampleForm().validate()
    assert form.error_texts() == {}


class FakeDb:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def commit(self) -> None:
        self.calls.append("commit")

    def rollback(self) -> None:
        self.calls.append("rollback")


class Stale(Exception):
    pass


def test_save_locked_saves_and_commits() -> None:
    db = FakeDb()
    out = save_locked(db, lambda: "saved", lambda: "conflict", expected=3, current=3)  # type: ignore[arg-type]
    assert (out.value, out.stale, db.calls) == ("saved", False, ["commit"])


def test_save_locked_refuses_an_old_version_without_saving() -> None:
    db, saved = FakeDb(), []
    out = save_locked(db, lambda: saved.append(1), lambda: ("page", 409), expected=2, current=3)  # type: ignore[arg-type]
    assert out.stale and out.conflict == ("page", 409) and saved == [] and db.calls == ["commit"]


@pytest.mark.parametrize("error", [StaleDataError, Stale])
def test_save_locked_rolls_back_on_stale_errors(error: type[Exception]) -> None:
    db = FakeDb()

    def save() -> None:
        raise error("someone else")

    seen: list[list[str]] = []
    out = save_locked(db, save, lambda: seen.append(list(db.calls)) or "conflict", stale=(Stale,))  # type: ignore[arg-type, func-returns-value]
    assert out.stale and out.conflict == "conflict"
    assert seen == [["rollback"]]  # the conflict page is built after the rollback


def test_save_locked_lets_other_errors_through() -> None:
    def save() -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        save_locked(FakeDb(), save, lambda: "conflict", stale=(Stale,))  # type: ignore[arg-type]


def test_differences_lists_what_differs() -> None:
    assert differences({"a": "1", "b": " 2", "c": ""}, {"a": "1", "b": "3"}) == {"b": " 2"}
