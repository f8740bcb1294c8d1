"""Support for tests/integration/test_hostile_input.py: finding every form of the app, the
hostile values to post into it, and snapshots of the database to compare before and after.

* ``find_forms(html)`` parses the ``<form method="post">`` elements of a page: action and
  fields (name, kind, default value, the options of a select or radio group).
* ``HOSTILE_*`` and ``field_value()``: hypothesis strategies for hostile values — huge
  strings, control characters (NUL included), HTML and script, unicode oddities, negative
  and enormous amounts, impossible dates — next to the form's own valid default.
* ``DbState`` — every row of every table (sealed values opened), for "nothing refused was
  stored", "no role or location changed" and "no control character stored" checks.
* ``SqliteReset`` / ``PostgresReset`` (``DbReset`` picks one) — restore the database between
  hypothesis examples, so a delete or a logout in one example does not spoil the next: the
  SQLite file is copied back; on PostgreSQL every table is emptied and refilled with the rows
  taken at the start, and every id sequence set back to where it stood.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from flask import Flask
from hypothesis import strategies as st

from schoonschip.dates import MAX_YEAR, MIN_YEAR
from schoonschip.money import MAX_CENTS, Money

# --- forms in a page --------------------------------------------------------------------

TEXTLIKE = {"text", "search", "email", "tel", "url", "number", "date", "textarea", "password"}


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    hint: str = ""  # class and inputmode: tells an amount or a date field

    @property
    def is_amount(self) -> bool:
        return "amount" in self.hint or "decimal" in self.hint

    @property
    def is_date(self) -> bool:
        return "date" in self.hint or self.kind == "date"

    @property
    def is_text(self) -> bool:
        return self.kind in TEXTLIKE and self.kind != "password"


@dataclass
class Form:
    action: str
    fields: dict[str, Field] = field(default_factory=dict)

    def defaults(self) -> dict[str, str]:
        """What a browser would submit untouched (first submit button not included)."""
        out: dict[str, str] = {}
        for f in self.fields.values():
            if f.kind in ("submit", "button", "reset", "image", "file"):
                continue
            if f.kind in ("checkbox", "radio"):
                if f.checked:
                    out[f.name] = f.value
                continue
            out[f.name] = f.value
        return out


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = Form(action=a.get("action", ""))
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "radio" and name in self._form.fields:
                f = self._form.fields[name]
                f.options.append(a.get("value", "on"))
                if "checked" in a:
                    f.value, f.checked = a.get("value", "on"), True
                return
            f = Field(name, kind, a.get("value", "on" if kind in ("checkbox", "radio") else ""), checked="checked" in a)
            f.hint = f"{a.get('class', '')} {a.get('inputmode', '')}"
            if kind == "radio":
                f.options.append(f.value)
            self._form.fields.setdefault(name, f)
        elif tag == "select" and name:
            self._select = self._form.fields.setdefault(name, Field(name, "select"))
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a or len(self._select.options) == 1:
                self._select.value = value
        elif tag == "textarea" and name:
            self._textarea = self._form.fields.setdefault(name, Field(name, "textarea"))
        elif tag == "button" and name:
            self._form.fields.setdefault(name, Field(name, "submit", a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None


def find_forms(html: str) -> list[Form]:
    p = _FormParser()
    p.feed(html)
    return p.forms


def submit_buttons(form: Form) -> list[Field]:
    return [f for f in form.fields.values() if f.kind == "submit"]


# --- hostile values -----------------------------------------------------------------------

SCRIPT = "<script>alert('xss')</script>"
HOSTILE_TEXT = [
    "",
    " ",
    "A" * 5_000,
    "Ω" * 70_000,  # > 64 KiB of UTF-8 in one field
    "x\x00y",
    "\x00",
    "nul\x00 in het midden",
    "\x1b[31mrood\x1b[0m",
    "tab\tregel\r\nnieuw",
    "bel\x07 en \x08backspace en \x7fdel",
    "\x0bverticaal\x0c",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }} {% raw %}",
    "'; DROP TABLE cases; --",
    "\u202eokay.exe",  # right-to-left override
    "\ufeffbom",
    "zero\u200bwidth",
    "e\u0301" * 300,  # combining accents
    "💸🏠" * 50,
    "\U0010ffff",
    "Ｆｕｌｌｗｉｄｔｈ １２３",
    "%s %(name)s {0}",
    "../../etc/passwd",
    "null",
    "None",
]
HOSTILE_AMOUNTS = [
    "-1",
    "-0,01",
    "-1.000.000,00",
    "0",
    "1e309",
    "1E6",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "9" * 40,
    "99999999999999999999,99",
    "123456789012345,67",
    "1.2.3,4,5",
    "12,345",
    "0,001",
    "€ -5",
    "١٢٣",  # Arabic-Indic digits
    "1_000",
    "0x10",
    " 12 ",
]
HOSTILE_DATES = [
    "31-02-2025",
    "29-02-2023",
    "00-00-0000",
    "01-01-0001",
    "31-12-9999",
    "01-01-10000",
    "99-99-9999",
    "32-01-2025",
    "2025-13-45",
    "01-13-2025",
    "1-1-1",
    "01-01-1800",
    "01-01-2999",
    "-1-01-2025",
    "٠١-٠١-٢٠٢٥",
]
HOSTILE_NUMBERS = ["²", "١٢", "-1", "0", "-0", "2147483648", "9223372036854775808", "9" * 30, "1.5", "1,5", "1e3", " 3 "]
EXTRA_FIELDS = ["role", "location_id", "is_admin", "coach_id", "user_id", "case_id", "active", "id", "version"]
EXTRA_VALUES = ["beheerder", "coordinator", "1", "2", "true", "0", "-1", "9" * 20]

any_hostile = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.sampled_from(HOSTILE_AMOUNTS),
    st.sampled_from(HOSTILE_DATES),
    st.sampled_from(HOSTILE_NUMBERS),
    # random text, surrogates excluded (a browser cannot send them in UTF-8)
    st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
)


NUL_TEXT = "nul\x00 in het midden"
HUGE_TEXT = "A" * 5_000


def explicit_examples(fields: list[Field]) -> list[dict[str, str]]:
    """Systematic cases besides the random ones: one hostile value in every field of a kind
    at once (all amounts enormous, all dates impossible, all texts with a NUL ...), the rest
    of the form valid."""
    amounts = [f.name for f in fields if f.is_amount]
    dates = [f.name for f in fields if f.is_date and not f.is_amount]
    choices = [f.name for f in fields if f.kind in ("select", "radio")]
    texts = [f.name for f in fields if f.is_text and f.name not in amounts and f.name not in dates]
    out: list[dict[str, str]] = []
    for names, values in (
        (amounts, ("1e309", "99999999999999999999,99", "-1")),
        (dates, ("31-12-9999", "01-01-0001", "31-02-2025")),
        (choices, ("<b>geen optie</b>",)),
        (texts, (NUL_TEXT, HUGE_TEXT)),
    ):
        if names:
            out += [dict.fromkeys(names, v) for v in values]
    return out


def field_value(f: Field) -> st.SearchStrategy[str]:
    """The default, another valid option, or something hostile."""
    valid = [f.value, *f.options]
    return st.one_of(st.sampled_from(valid), any_hostile, any_hostile)


def out_of_range(value: Any) -> str | None:
    """What is wrong with a stored value that no form should accept, or None."""
    if isinstance(value, str):
        if has_control(value):
            return "a control character"
        if len(value) > 20_000:
            return f"{len(value)} characters"
    elif isinstance(value, date):
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            return f"the year {value.year}"
    elif isinstance(value, Money):
        if abs(value.cents) > 10 * MAX_CENTS:
            return "an amount over a billion euro"
    elif isinstance(value, Decimal) and not value.is_finite():
        return f"the number {value}"
    return None


def has_control(value: str) -> bool:
    """Control characters other than tab, newline and carriage return."""
    return bool(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", value))


# --- the database, whole ------------------------------------------------------------------

# Tables that change on every request or refusal by design (sessions' last-seen time, login
# throttle, the append-only audit chain: checked separately).
VOLATILE = {"user_sessions", "login_attempts", "audit_events", "audit_head"}


@dataclass
class DbState:
    rows: dict[str, dict[Any, tuple[Any, ...]]]
    assignments: dict[str, Any]
    audit: list[tuple[Any, ...]]
    stored: list[tuple[str, str, Any]]  # table, column, value: every stored text, date and amount

    def diff(self, other: DbState) -> list[str]:
        out = []
        for table in sorted(set(self.rows) | set(other.rows)):
            a, b = self.rows.get(table, {}), other.rows.get(table, {})
            if a != b:
                added = len(set(b) - set(a))
                removed = len(set(a) - set(b))
                changed = sum(1 for k in set(a) & set(b) if a[k] != b[k])
                out.append(f"{table}: +{added} -{removed} ~{changed}")
        return out


def _sealed_names(cls: type) -> list[str]:
    from schoonschip.sealing import SealedField

    names = []
    for klass in cls.__mro__:
        for name, attr in vars(klass).items():
            if isinstance(attr, SealedField):
                names.append(name)
    return names


def snapshot(app: Flask) -> DbState:
    from schoonschip.db import Base, new_session

    rows: dict[str, dict[Any, tuple[Any, ...]]] = {}
    stored: list[tuple[str, str, Any]] = []
    audit: list[tuple[Any, ...]] = []
    with app.app_context():
        db = new_session()
        try:
            for mapper in Base.registry.mappers:
                cls = mapper.class_
                table = mapper.local_table.name
                cols = [c.key for c in mapper.column_attrs]
                sealed = _sealed_names(cls)
                if table == "audit_events":
                    for ev in db.query(cls).order_by(cls.id):  # type: ignore[attr-defined]
                        audit.append((ev.id, ev.actor_id, ev.action, ev.object_type, ev.object_id, ev.outcome, ev.detail))
                    continue
                if table in VOLATILE:
                    continue
                got: dict[Any, tuple[Any, ...]] = {}
                for obj in db.query(cls):
                    values = [getattr(obj, c) for c in cols]
                    for name in sealed:
                        try:
                            values.append(getattr(obj, name))
                        except Exception:  # noqa: BLE001 - an erased case: unreadable by design
                            values.append("<erased>")
                    for col, v in zip([*cols, *sealed], values, strict=True):
                        if isinstance(v, str | date | Money | Decimal):
                            stored.append((table, col, v))
                    pk = mapper.primary_key_from_instance(obj)
                    got[tuple(pk)] = tuple(repr(v) for v in values)
                rows[table] = got
        finally:
            db.close()
    return DbState(rows=rows, assignments=_assignments(app), audit=audit, stored=stored)


def _assignments(app: Flask) -> dict[str, Any]:
    """Who has which role where; which case is at which location with which coach."""
    from sqlalchemy import text

    from schoonschip.db import engine

    out: dict[str, Any] = {}
    with app.app_context(), engine().connect() as conn:
        out["roles"] = sorted(conn.execute(text("SELECT user_id, role, location_id FROM role_assignments")).all())
        out["cases"] = sorted(conn.execute(text("SELECT id, location_id, coach_id FROM cases")).all())
        out["shares"] = sorted(conn.execute(text("SELECT case_id, user_id FROM case_shares")).all())
        out["users"] = sorted(conn.execute(text("SELECT id, active FROM users")).all())
    return out


# --- restoring the database between examples ------------------------------------------


class SqliteReset:
    """Copy of the SQLite file taken once; ``restore()`` puts it back (engine disposed first)."""

    def __init__(self, app: Flask, keep: Path) -> None:
        self.app = app
        self.enabled = not os.environ.get("DATABASE_URL")
        self.db_path = Path(app.instance_path) / "schoonschip.sqlite"
        self.keep = keep
        if self.enabled:
            self._dispose()
            shutil.copy(self.db_path, self.keep)

    def _dispose(self) -> None:
        from schoonschip.db import engine

        with self.app.app_context():
            engine().dispose()

    def restore(self) -> None:
        if not self.enabled:
            return
        self._dispose()
        for suffix in ("-wal", "-shm"):
            Path(str(self.db_path) + suffix).unlink(missing_ok=True)
        shutil.copy(self.keep, self.db_path)


class PostgresReset:
    """The same as :class:`SqliteReset` on PostgreSQL: every row of every table and every id
    sequence's position are taken once; ``restore()`` empties all tables
    and puts the rows and the sequence positions back."""

    def __init__(self, app: Flask, keep: Path) -> None:
        from sqlalchemy import select, text

        from schoonschip.db import Base, engine
        from schoonschip.models import import_all

        self.app = app
        import_all()
        self.tables = list(Base.metadata.sorted_tables)
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.sequences: list[tuple[str, int, bool]] = []
        with app.app_context(), engine().connect() as conn:
            for t in self.tables:
                self.rows[t.name] = [dict(r._mapping) for r in conn.execute(select(t))]
                for col in t.primary_key.columns:
                    seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": t.name, "c": col.name}).scalar()
                    if seq:
                        last, called = conn.execute(text(f"SELECT last_value, is_called FROM {seq}")).one()
                        self.sequences.append((seq, int(last), bool(called)))

    def restore(self) -> None:
        from sqlalchemy import text

        from schoonschip.db import engine

        with self.app.app_context(), engine().begin() as conn:
            # DELETE, children first: on these few rows far cheaper than TRUNCATE, which makes
            # new files for every table on every example.
            for t in reversed(self.tables):
                conn.execute(t.delete())
            for t in self.tables:
                if self.rows[t.name]:
                    conn.execute(t.insert(), self.rows[t.name])
            for seq, last, called in self.sequences:
                conn.execute(text("SELECT setval(:s, :v, :c)"), {"s": seq, "v": last, "c": called})


def DbReset(app: Flask, keep: Path) -> SqliteReset | PostgresReset:  # noqa: N802 - used like a class
    """The reset for the database the tests run on."""
    return PostgresReset(app, keep) if os.environ.get("DATABASE_URL") else SqliteReset(app, keep)
