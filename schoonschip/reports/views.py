"""Funder report pages (/rapportage): the report, its exports, and the targets sheet.

Who sees what (see ``service.scope_for``): rapportage and beheerder every location,
a coordinator their location(s), a coach only the cases assigned to them. Everything
shown or exported went through disclosure control in ``indicators.build_report``.
Every view and export is written to the audit log: who (the actor), which period,
which profile, which format, how many locations. Never a number or a name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.dates import get_month_names
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from schoonschip import audit, clock
from schoonschip.auth.core import login_required, role_required
from schoonschip.auth.models import Location, Role
from schoonschip.db import get_session
from schoonschip.reports.exports import chart_rows, report_csv, report_xlsx
from schoonschip.reports.forms import target_form
from schoonschip.reports.publish import (
    PeriodError,
    close_due,
    close_period,
    closed_codes,
    disclosure_k,
    report_view,
)
from schoonschip.reports.rules.disclosure import IdentifyingFieldError
from schoonschip.reports.rules.indicators import INDICATORS, PROFILES, Period, Report
from schoonschip.reports.rules.legend import LEGEND
from schoonschip.reports.service import (
    TARGET_INDICATORS,
    ReportScope,
    field_name,
    save_target_sheet,
    scope_for,
    target_sheet,
    targets_for,
)
from schoonschip.web import page_locale
from schoonschip.web.pdf import download, render_pdf

bp = Blueprint("reports", __name__, url_prefix="/rapportage")
# A DISCLOSURE_K below 3 stops the app at start, not at the first report.
bp.record_once(lambda state: disclosure_k(state.app.config))

PERIOD_KINDS = ("jaar", "halfjaar", "kwartaal", "maand")
PDF_CSS = "static/reports.css"
ALL = "alle"


@dataclass
class Choice:
    """What the user chose on the form, as typed, and the errors (Dutch, per field).

    Only the closed family exists: a calendar month, quarter, half-year or year, and one
    location or all locations (issue 13 item 1)."""

    kind: str = "jaar"
    year: str = ""
    half: str = "1"
    quarter: str = "1"
    month: str = "1"
    location: str = ALL
    profile: str = "gemeente"
    errors: dict[str, str] = field(default_factory=dict)
    period: Period | None = None

    @property
    def location_id(self) -> int | None:
        return None if self.location == ALL else int(self.location)

    @property
    def location_ids(self) -> list[int]:
        return [] if self.location == ALL else [int(self.location)]

    def query(self) -> dict[str, Any]:
        """The same choice as URL parameters (for the export links). No personal data."""
        q: dict[str, Any] = {"soort": self.kind, "jaar": self.year, "profiel": self.profile, "locatie": self.location}
        if self.kind == "halfjaar":
            q["halfjaar"] = self.half
        if self.kind == "kwartaal":
            q["kwartaal"] = self.quarter
        if self.kind == "maand":
            q["maand"] = self.month
        return q

    @property
    def period_code(self) -> str:
        """For the audit log and file names: "2026", "2026-H1", "2026-Q2" or "2026-05"."""
        return self.period.code if self.period is not None else "-"


def _scope() -> ReportScope:
    scope = scope_for(get_session(), current_user)
    if scope is None or not scope.location_ids:
        abort(404)
    return scope


def _locations(scope: ReportScope) -> list[Location]:
    return list(get_session().scalars(select(Location).where(Location.id.in_(scope.location_ids)).order_by(Location.name)))


def _all_allowed(scope: ReportScope) -> bool:
    """"All locations" is a view only for who may see every location (its Totaal)."""
    every = set(get_session().scalars(select(Location.id)))
    return every <= set(scope.location_ids)


def _int(text: str, low: int, high: int) -> int | None:
    text = (text or "").strip()
    if not text.isdecimal() or not text.isascii():
        return None
    value = int(text)
    return value if low <= value <= high else None


def parse_choice(args: Any, scope: ReportScope, today: date, *, all_allowed: bool = True) -> Choice:
    default_location = ALL if all_allowed else str(min(scope.location_ids))
    c = Choice(
        kind=args.get("soort", "jaar"),
        year=(args.get("jaar") or str(today.year)).strip(),
        half=args.get("halfjaar", "1" if today.month <= 6 else "2"),
        quarter=args.get("kwartaal", str((today.month - 1) // 3 + 1)),
        month=args.get("maand", str(today.month)),
        location=(args.get("locatie") or default_location).strip(),
        profile=args.get("profiel", "gemeente"),
    )
    if c.kind not in PERIOD_KINDS:
        c.errors["soort"] = _("Kies een maand, kwartaal, halfjaar of jaar. Een eigen periode of losse dagen kunnen niet: "
                              "dan zouden kleine aantallen terug te rekenen zijn.")  # fmt: skip
        c.kind = "jaar"
    if args.get("van") or args.get("tot"):
        c.errors["soort"] = _("Kies een maand, kwartaal, halfjaar of jaar. Een eigen periode of losse dagen kunnen niet: "
                              "dan zouden kleine aantallen terug te rekenen zijn.")  # fmt: skip
    if c.profile not in PROFILES:
        c.errors["profiel"] = _("Kies een overzicht uit de lijst.")
        c.profile = "gemeente"
    if len(args.getlist("locatie")) > 1:
        c.errors["locatie"] = _("Kies één locatie of alle locaties. Een andere groep locaties kan niet.")
        c.location = default_location
    elif c.location == ALL:
        if not all_allowed:
            c.errors["locatie"] = _("Kies een locatie uit de lijst.")
            c.location = default_location
    else:
        value = _int(c.location, 1, 2**53)
        if value is None or value not in scope.location_ids:
            c.errors["locatie"] = _("Kies een locatie uit de lijst.")
            c.location = default_location
        else:
            c.location = str(value)
    year = _int(c.year, 2000, 2100)
    if year is None:
        c.errors["jaar"] = _("Vul een jaar in, bijvoorbeeld %(y)s.", y=today.year)
        return c
    if c.kind == "jaar":
        c.period = Period.year(year)
    elif c.kind == "halfjaar":
        c.period = _part_of_year(c, "halfjaar", c.half, year, 2, Period.half, _("Kies een halfjaar."))
    elif c.kind == "kwartaal":
        c.period = _part_of_year(c, "kwartaal", c.quarter, year, 4, Period.quarter, _("Kies een kwartaal."))
    else:
        c.period = _part_of_year(c, "maand", c.month, year, 12, Period.month, _("Kies een maand."))
    return c


def _part_of_year(
    c: Choice, field: str, chosen: str | None, year: int, parts: int, period_of: Callable[[int, int], Period], error: str
) -> Period | None:
    """Part ``chosen`` (1 to ``parts``) of the year; None with ``error`` on ``field`` when it is not one."""
    n = _int(chosen, 1, parts)
    if n is None:
        c.errors[field] = error
        return None
    return period_of(year, n)


def _k() -> int:
    return disclosure_k(current_app.config)


def _build(scope: ReportScope, c: Choice) -> Report | None:
    if c.period is None or c.errors:
        return None
    db = get_session()
    k = _k()
    names = {loc.id: loc.name for loc in db.scalars(select(Location))}
    if c.location_id is not None:
        names = {c.location_id: names[c.location_id]}
    targets = targets_for(db, c.period.start.year, names) if c.period.full_year is not None else []
    try:
        if not scope.own_only:
            after = int(current_app.config.get("REPORT_CLOSE_AFTER_DAYS", 30))
            try:
                if close_due(db, c.period.start.year, k, clock.today(), after):
                    db.commit()
            except IntegrityError:  # another worker closed the same period just now
                db.rollback()
        return report_view(db, period=c.period, location_id=c.location_id, profile=c.profile, k=k, targets=targets,
                           coach_id=scope.coach_id)  # fmt: skip
    except ValueError:  # two locations with one name, or one called "Totaal"
        c.errors["locatie"] = _("Deze locaties kunnen niet samen in één overzicht. Vraag de beheerder de namen te controleren.")
        return None


def _audit(action: str, scope: ReportScope, c: Choice, fmt: str, outcome: str = "ok") -> None:
    audit.record(
        action,
        outcome=outcome,
        object_type="report",
        object_id=c.profile,
        location_id=c.location_ids[0] if len(c.location_ids) == 1 else None,
        detail=f"{fmt}:{c.profile}:{c.period_code}:loc={len(c.location_ids) or 'alle'}{':eigen' if scope.own_only else ''}",
    )


def _common(scope: ReportScope, c: Choice) -> dict[str, Any]:
    return {
        "scope": scope,
        "choice": c,
        "profiles": PROFILES,
        "profile_options": [(p.code, _(p.title)) for p in PROFILES.values()],
        "legend": LEGEND,
        "months": [(str(i), n) for i, n in get_month_names("wide", "stand-alone", page_locale()).items()],
        "all_allowed": _all_allowed(scope),
        "location_options": ([(ALL, _("Alle locaties"))] if _all_allowed(scope) else [])
        + [(str(loc.id), loc.name) for loc in _locations(scope)],
        "k": _k(),
    }


@bp.route("/")
@login_required
def report() -> Any:
    scope = _scope()
    c = parse_choice(request.args, scope, clock.today(), all_allowed=_all_allowed(scope))
    rep = _build(scope, c)
    _audit("report_view", scope, c, "page")
    return render_template(
        "reports/report.html",
        report=rep,
        charts=chart_rows(rep) if rep else [],
        locations=_locations(scope),
        **_common(scope, c),
    )


def _export(fmt: str) -> Any:
    scope = _scope()
    c = parse_choice(request.args, scope, clock.today(), all_allowed=_all_allowed(scope))
    rep = _build(scope, c)
    if rep is None:
        flash(_("Kies eerst een goede periode en locatie."), "error")
        return redirect(url_for("reports.report", **c.query()))
    name = f"rapportage-{c.profile}-{c.period_code}"
    today = clock.today()
    try:
        rep.export_rows()  # the identifying-field guard, before anything leaves
    except IdentifyingFieldError:
        _audit("report_export", scope, c, fmt, outcome="refused")
        flash(_("Dit overzicht kan niet worden gedownload: er lijkt iets persoonlijks in te staan. Vraag de beheerder."), "error")
        return redirect(url_for("reports.report", **c.query()))
    _audit("report_export", scope, c, fmt)
    if fmt == "csv":
        body, mime = report_csv(rep, today), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body, mime = report_xlsx(rep, today), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        html = render_template(
            "reports/print.html", report=rep, charts=chart_rows(rep), pdf=True, css_href=PDF_CSS, made_on=today,
            **_common(scope, c),
        )  # fmt: skip
        body, mime = render_pdf(html), "application/pdf"
    return download(body, f"{name}.{fmt}", mime)


@bp.route("/export.csv")
@login_required
def export_csv() -> Any:
    return _export("csv")


@bp.route("/export.xlsx")
@login_required
def export_xlsx() -> Any:
    return _export("xlsx")


@bp.route("/export.pdf")
@login_required
def export_pdf() -> Any:
    return _export("pdf")


# ----------------------------------------------------------------------- targets
def _sent() -> Mapping[str, str]:
    """What the beheerder sent: the posted form, or the query string of a GET."""
    return request.form if request.method == "POST" else request.args


def _year(source: Mapping[str, str], today: date) -> int:
    """The chosen year (this year when none or not a year)."""
    return _int(source.get("jaar", str(today.year)), 2000, 2100) or today.year


@bp.route("/streefcijfers", methods=["GET", "POST"])
@role_required(Role.BEHEERDER)
def targets() -> Any:
    db = get_session()
    today = clock.today()
    source = _sent()
    year = _year(source, today)
    locs = list(db.scalars(select(Location).order_by(Location.name)))
    loc_ids = [loc.id for loc in locs]
    errors: dict[str, str] = {}
    removing: list[tuple[str, str]] = []
    copied_from: int | None = None
    if request.method == "POST":
        sheet_form = target_form(loc_ids)
        checked = sheet_form.check()
        errors = sheet_form.error_texts()
        if checked is not None:
            values = checked
            existing = target_sheet(db, year)
            names = {loc.id: loc.name for loc in locs}
            removing = [(INDICATORS[code].label, names[loc]) for (code, loc), v in values.items()
                        if v is None and (code, loc) in existing]  # fmt: skip
            if not removing or request.form.get("bevestig") == "ja":
                changed = save_target_sheet(db, year, values, by_user_id=current_user.user_id)
                audit.record("report_targets", object_type="report_targets", object_id=year, detail=f"changed:{changed}")
                db.commit()
                flash(_("De streefcijfers voor %(y)s zijn opgeslagen.", y=year), "success")
                return redirect(url_for("reports.targets", jaar=year))
        form = {k: v for k, v in request.form.items() if k.startswith("t_")}
    else:
        sheet = target_sheet(db, year)
        source_year = _int(request.args.get("van_jaar", ""), 2000, 2100)
        if source_year is not None and source_year != year:
            sheet = target_sheet(db, source_year)  # a starting point; nothing is saved until the beheerder saves
            copied_from = source_year
        form = {field_name(code, loc): str(v) for (code, loc), v in sheet.items()}
    return render_template(
        "reports/targets.html",
        year=year,
        locations=locs,
        codes=TARGET_INDICATORS,
        indicators=INDICATORS,
        form=form,
        errors=errors,
        field_name=field_name,
        legend=LEGEND,
        removing=removing,
        copied_from=copied_from,
    )


# ------------------------------------------------------------------ closing periods
@bp.route("/afsluiten", methods=["GET", "POST"])
@role_required(Role.BEHEERDER)
def close() -> Any:
    """The beheerder closes a period that has ended: its tables are stored as published."""
    db = get_session()
    today = clock.today()
    source = _sent()
    code = (source.get("periode") or "").strip()
    year = _year(source, today)
    error = None
    if request.method == "POST":
        if request.form.get("bevestig") != "ja":
            error = _("Vink aan dat u deze periode wilt afsluiten.")
        else:
            try:
                closed = close_period(db, code, _k(), today, current_user.user_id)
            except PeriodError:
                error = _("Deze periode kan niet worden afgesloten. Kies een periode die voorbij is en nog open is.")
            else:
                audit.record("report_close", object_type="report_period", object_id=code, detail=f"periods:{len(closed)}")
                db.commit()
                flash(_("De periode is afgesloten. De cijfers veranderen niet meer."), "success")
                return redirect(url_for("reports.close", jaar=year))
    done = closed_codes(db, year)
    options = []
    for p in [Period.year(year), Period.half(year, 1), Period.half(year, 2)] + [Period.quarter(year, q) for q in range(1, 5)] + [
        Period.month(year, m) for m in range(1, 13)
    ]:
        options.append((p.code, p.label, p.code in done, p.end < today))
    return render_template("reports/close.html", year=year, options=options, error=error, chosen=code)
