"""Hostile input against EVERY form of the app (hypothesis-driven).

Every POST route in ``app.url_map`` is a form. For each, the test logs in as a user who may
use it (the first allowed user in the authorisation matrix, or ``ACTORS``), finds the
``<form method="post">`` that posts to it on a page of the app, and posts that form many
times with some fields replaced by hostile values (huge strings, control characters incl.
NUL, HTML and script, unicode oddities, negative and enormous amounts, impossible dates) and
extra fields (``role``, ``location_id``, ``is_admin``, ``coach_id`` ...) and fields sent twice.
Besides the random examples, explicit ones put one hostile value into every field of a kind
(all amounts ``1e309``, all dates ``31-12-9999``, all texts with a NUL ...), and every hidden
field (version numbers, ids) is forged separately. It asserts:

* never a server error (5xx), never the script echoed unescaped;
* a refused value gives a field error in Dutch, with the form shown again (200/400/422, not a
  redirect, nor a redirect with a flash message) and what the user typed in the text fields kept;
* nothing refused is stored (every table compared, sealed values opened), and the audit log
  and the app's log get no typed value;
* an accepted post stores no control character, no text over 20.000 characters, no date
  outside 1900-2100, no amount over a billion euro, and no role, location or coach
  assignment changes unless the form is the one that assigns them (``ASSIGNS``);
* CSRF is still enforced (no token, a wrong token: refused, nothing stored).

The database is restored between examples, so a delete or a logout in one example does not
spoil the next: from a copy of the SQLite file, or on PostgreSQL (``DATABASE_URL``, ``make
test-pg``) by refilling every table and id sequence (``hostile_support.DbReset``). The test
runs on both.

``test_every_page_holds_against_hostile_query_strings`` does the same for the address: every
GET page with every id in its path replaced by a huge number (2^63 and more: 404, never an
OverflowError), and every query parameter the code reads (found in the source:
``args.get("...")``) set to huge numbers and control characters: never a server error.

**A new form** is found automatically; if the test cannot find it on any page for its user, it
fails naming it: add a line to ``STATES`` (a setup that makes the form appear) or ``ACTORS``.

Runtime: ``HOSTILE_EXAMPLES`` examples per form (default 6, derandomized: the same examples
every run). Raise it locally to dig deeper: ``HOSTILE_EXAMPLES=50 pytest ...``.
"""

from __future__ import annotations

import html
import logging
import os
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, url_for
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule

from schoonschip.auth.core import start_session
from schoonschip.auth.models import User
from schoonschip.db import write_transaction
from tests.integration import hostile_support as hs
from tests.integration.test_authz_matrix import EXPECT, OK, REDIR, VALUES, World, _feature_objects

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "6"))
OUTCOMES: Counter[int] = Counter()  # status codes of all hostile posts, printed at the end
PLAIN_200: Counter[str] = Counter()  # forms that answered 200 without an error (a confirmation step)


class _LogCatcher(logging.Handler):
    """Everything the app logs while the forms are posted: typed input must not be in it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # noqa: BLE001 - a broken log call is not this test's concern
            self.messages.append(str(record.msg))


LOGS = _LogCatcher()

# Who posts a form when the matrix's first allowed user is not the right one.
PREFERENCE = ("coach_a", "coordinator_a", "beheerder", "rapportage", "coach_b")
ACTORS: dict[str, str] = {
    "auth.login": "anonymous",
    "auth.login_code": "pending_totp",  # password step done, code step to go
    "auth.enrol": "pending_enrol",  # password step done, no second factor set up yet
    "auth.new_recovery_codes": "coordinator_a",
    "tally.minus": "coach_a",
    "auth.logout": "coach_a",
}
# Forms that change who works where, by design (their own tests check them).
ASSIGNS = {
    "admin.user_new",
    "admin.user_role_add",
    "admin.user_role_remove",
    "admin.user_deactivate",
    "admin.user_reactivate",
    "cases.reassign_case",
    "cases.share_case",
    "cases.unshare_case",
    "cases.transfer_case",
    "cases.bulk_reassign_view",
    "cases.erase",
    "cases.new_case",
    "cases.conflict",  # a coach with a conflict of interest steps off the case
}
# Refusal statuses of the login forms (wrong password/code: 401; throttled: 429).
AUTH_REFUSALS = {"auth.login": {401, 429}, "auth.login_code": {401, 429}, "auth.enrol": {422, 429}}
# Text fields a form shows again cut to a length on purpose (the login echoes at most the
# longest possible username).
CUT_ON_PURPOSE = {("auth.login", "username"): 60}
# Text fields a form rightly does not show again (secrets).
NOT_REDISPLAYED = {"password", "new_password", "new_password2", "current_password", "code", "confirm", "password2"}


# --- states in which the remaining forms appear (set up through the app's services) -------


def _case_in_stage_c(db: Any, w: World) -> Any:
    from datetime import timedelta

    from schoonschip import clock
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.casefile.service import change_stage

    case = db.get(Case, w.case_a)
    on = clock.today()
    case.opened_on = on - timedelta(days=60)
    for stage in ("a_verhaal", "b_inzicht", "c_aanpak"):
        change_stage(db, case, stage, w.users["coach_a"], on - timedelta(days=30))
    return case


def _handover_in(state: str) -> Callable[[Flask, World], None]:
    def setup(app: Flask, w: World) -> None:
        from schoonschip import clock
        from schoonschip.cases.handover import service as hos

        today = clock.today()
        with app.app_context(), write_transaction() as db:
            case = _case_in_stage_c(db, w)
            if state == "c_aanpak":
                return
            org = w.extra["org_id"]
            hos.mark_ready(db, case, route="minnelijk", org_id=org, on=today, reason="Testreden: het moet nu.",
                           by_user_id=w.users["coach_a"], today=today)  # fmt: skip
            if state == "klaar":
                return
            hos.sign_off(db, case, on=today, by_user_id=w.users["coordinator_a"])
            if state == "akkoord":
                return
            hos.mark_sent(db, case, on=today, org_id=org, route="minnelijk", by_user_id=w.users["coach_a"], confirmed=True)

    return setup


def _readiness_item_set_aside(app: Flask, w: World) -> None:
    """A computed item of case A set aside by the coach (the "Weer openzetten" form shows)."""
    from schoonschip import clock
    from schoonschip.cases.handover.models import ReadinessState

    with app.app_context(), write_transaction() as db:
        state = ReadinessState(case_id=w.case_a, answers="{}", documents="{}")
        state.reasons = {"overrides": {"schuldenlijst_compleet": {"reason": "Testreden", "on": clock.today().isoformat(),
                                                                  "by": None}}, "nvt": {}}  # fmt: skip
        db.add(state)


def _location_a_ended(app: Flask, w: World) -> None:
    from schoonschip import clock
    from schoonschip.auth.models import Location

    with app.app_context(), write_transaction() as db:
        db.get(Location, w.loc_a).ended_on = clock.today()


def _spare_coach_deactivated(app: Flask, w: World) -> None:
    with app.app_context(), write_transaction() as db:
        db.get(User, w.spare_user).active = False


def _spare_coach_two_roles(app: Flask, w: World) -> None:
    from schoonschip.auth.models import Role, RoleAssignment

    with app.app_context(), write_transaction() as db:
        db.add(RoleAssignment(user_id=w.spare_user, role=Role.COORDINATOR.value, location_id=w.loc_a))


def _case_shared(app: Flask, w: World) -> None:
    from schoonschip.cases.casefile.models import CaseShare

    with app.app_context(), write_transaction() as db:
        db.add(CaseShare(case_id=w.case_a, user_id=w.spare_user))


def _tally_counted(app: Flask, w: World) -> None:
    from schoonschip import clock
    from schoonschip.reports.tally import add_one

    with app.app_context(), write_transaction() as db:
        add_one(db, w.loc_a, "brief", clock.today())


def _statement_review(app: Flask, w: World) -> None:
    """A bank-statement review of case A with proposed lines, signals and an unknown CSV
    waiting for its columns (the accept, dismiss and mapping forms show)."""
    from schoonschip.budget.statements.models import StatementReview
    from schoonschip.budget.statements.service import TTL, _signal_dicts
    from schoonschip.db import utcnow
    from tests.statements_support import household

    txs = household(11, signals=True).transactions
    with app.app_context(), write_transaction() as db:
        row = StatementReview(case_id=w.case_a, expires_at=utcnow() + TTL)
        row.state = {
            "transactions": [t.to_dict() for t in txs], "formats": ["CAMT.053"], "finished": False,
            "signals": _signal_dicts(txs, []),
            "pending_csv": {"delimiter": "|", "header": ["Wanneer", "Hoeveel", "Wie"],
                            "rows": [["05-06-2025", "-12,00", "Testwinkel"]]},
        }  # fmt: skip
        db.add(row)


def _package_ready(app: Flask, w: World) -> None:
    """Case A signed off, its receiving organisation with an age key (the package form shows)."""
    from pyrage import x25519

    from schoonschip.cases.handover.models import ReceivingOrg

    _handover_in("akkoord")(app, w)
    with app.app_context(), write_transaction() as db:
        db.get(ReceivingOrg, w.extra["org_id"]).age_recipient = str(x25519.Identity.generate().to_public())


STATES: dict[str, Callable[[Flask, World], None]] = {
    "statements.accept": _statement_review,
    "statements.dismiss": _statement_review,
    "statements.mapping": _statement_review,
    "admin.location_reopen": _location_a_ended,
    "admin.user_reactivate": _spare_coach_deactivated,
    "admin.user_role_remove": _spare_coach_two_roles,  # the last role cannot be removed
    "cases.unshare_case": _case_shared,
    "handover.remove_override": _readiness_item_set_aside,
    "handover.ready": _handover_in("c_aanpak"),
    "handover.withdraw": _handover_in("klaar"),
    "handover.signoff": _handover_in("klaar"),
    "handover.send_back": _handover_in("klaar"),
    "handover.sent": _handover_in("akkoord"),
    "handover.package": _package_ready,
    "handover.result": _handover_in("overgedragen"),
    "tally.minus": _tally_counted,
}
# Pages to look on first, when the form is not on the page of its own URL.
FORM_PAGES: dict[str, Callable[[World], str]] = {
    "tally.minus": lambda w: f"/telling/{w.loc_a}/min?topic=brief",
}


@dataclass
class Target:
    endpoint: str
    url: str
    actor: str
    post_url: str = ""  # the form's action (may carry a query string)


def _post_rules(app: Flask) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if "POST" in (r.methods or set()) and r.endpoint != "static"),
        key=lambda r: r.endpoint,
    )


def _url_for(app: Flask, rule: Rule, w: World) -> str:
    values = {}
    for arg in sorted(rule.arguments):
        if arg not in VALUES:
            raise AssertionError(f"{rule.endpoint}: no value for URL parameter '{arg}' (add it to VALUES in test_authz_matrix.py)")
        values[arg] = VALUES[arg](w)
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def _actor(endpoint: str) -> str:
    if endpoint in ACTORS:
        return ACTORS[endpoint]
    row = dict(zip(("anonymous", "coach_a", "coach_b", "coordinator_a", "beheerder", "rapportage"), EXPECT[endpoint], strict=True))
    for role in PREFERENCE:
        if row[role] == OK:
            return role
    for role in PREFERENCE:
        if row[role] == REDIR:
            return role
    raise AssertionError(f"{endpoint}: no user may post this form; add it to ACTORS")


# --- sessions -----------------------------------------------------------------------------


def _client_for(app: Flask, w: World, actor: str, pending_user: int | None) -> Any:
    client = app.test_client()
    if actor == "anonymous":
        return client
    if actor.startswith("pending"):
        assert pending_user is not None
        with app.app_context(), write_transaction() as db:
            token = start_session(db, db.get(User, pending_user), second_factor_done=False)
        with client.session_transaction() as s:
            s[_pending_key()] = token
        return client
    with app.app_context(), write_transaction() as db:
        token = start_session(db, db.get(User, w.users[actor]), second_factor_done=True)
    with client.session_transaction() as s:
        s["_user_id"] = token
        s["_fresh"] = True
    return client


def _pending_key() -> str:
    from schoonschip.auth import views

    return views.PENDING_KEY


# --- finding the form ------------------------------------------------------------------


def _get_urls(app: Flask, w: World) -> list[str]:
    urls = []
    for r in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "GET" not in (r.methods or set()) or r.endpoint == "static" or r.endpoint not in EXPECT:
            continue
        if any(a not in VALUES for a in r.arguments):
            continue
        urls.append(_url_for(app, r, w))
    return urls


def _shared_prefix(a: str, b: str) -> int:
    """How many leading path segments two URLs share (the form is usually on a page nearby)."""
    n = 0
    for x, y in zip(a.split("/"), b.split("/"), strict=False):
        if x != y:
            break
        n += 1
    return n


def _find_form(client: Any, url: str, candidates: list[str]) -> tuple[hs.Form | None, str | None]:
    path = url.split("?")[0]
    for page in candidates:
        resp = client.get(page)
        if resp.status_code != 200 or resp.mimetype != "text/html":
            continue
        for form in hs.find_forms(resp.get_data(as_text=True)):
            action = html.unescape(form.action).split("?")[0] or page.split("?")[0]
            if action == path:
                return form, page
    return None, None


# --- the checks ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _catalogue() -> re.Pattern[str]:
    """Every Dutch source text of the translation catalogue, placeholders as wildcards: a field
    error must be one of them (Dutch, and translatable), never an exception's own text."""
    from babel.messages.pofile import read_po

    po = Path(__file__).resolve().parents[2] / "schoonschip/translations/en/LC_MESSAGES/messages.po"
    with po.open("rb") as fh:
        catalog = read_po(fh)
    patterns = []
    for message in catalog:
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            if msgid:
                text = " ".join(msgid.split())
                patterns.append(re.sub(r"%\\\(\w+\\\)[sd]|%[sd]", ".+?", re.escape(text)))
    return re.compile("(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")", re.S)


# The norm-set upload (beheerder, budget/service.py NormSetError) reports its validation in
# untranslated Dutch: its texts are only checked for being Dutch (NORMS_UNTRANSLATED).
NORMS_UNTRANSLATED = {"budget_admin.upload"}


def _known_text(text: str) -> bool:
    """A catalogue text; or 'Label: text' (the error summary of long forms) or two sentences
    run together, each known."""
    text = " ".join(text.split())
    if _catalogue().fullmatch(text):
        return True
    label, sep, rest = text.partition(": ")
    if sep and _catalogue().fullmatch(label) and _known_text(rest):
        return True
    for m in re.finditer(r"[.?!] ", text):
        head, tail = text[: m.start() + 1], text[m.end() :]
        if _catalogue().fullmatch(head) and _known_text(tail):
            return True
    return False


_ERROR = re.compile(r'class="(?:error|error-summary)"|aria-invalid="true"')
_ENGLISH = re.compile(r"\b(the|invalid|error|must be|value|required|field|not a)\b", re.I)


def _error_texts(page: str) -> list[str]:
    """The texts of the field errors and of the error summary's items."""
    texts = re.findall(r'<p class="error[^"]*"[^>]*>(.*?)</p>', page, re.S)
    for summary in re.findall(r'<div class="error-summary"[^>]*>(.*?)</div>', page, re.S):
        texts += re.findall(r"<li[^>]*>(.*?)</li>", summary, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", " ", t)).strip() for t in texts]


def _check(
    target: Target,
    sent: dict[str, str],
    changed: set[str],
    form: hs.Form,
    resp: Any,
    before: hs.DbState,
    after: hs.DbState,
) -> list[str]:
    problems: list[str] = []
    status = resp.status_code
    page = resp.get_data(as_text=True) if resp.mimetype == "text/html" else ""
    if status >= 500:
        return [f"server error {status}"]
    if hs.SCRIPT in page:
        problems.append("the script was echoed unescaped")
    diff = before.diff(after)
    assignments_changed = before.assignments != after.assignments
    new_audit = after.audit[len(before.audit) :]
    typed_texts = [sent[n] for n in changed if n in form.fields and form.fields[n].is_text]
    for ev in new_audit:
        for value in typed_texts:
            v = value.strip()
            if len(v) >= 4 and ev[6] and v in ev[6]:
                problems.append(f"audit detail carries typed input ({ev[2]})")
    refusals = {200, 400, 422} | AUTH_REFUSALS.get(target.endpoint, set())
    has_error = bool(_ERROR.search(page))
    if status in (301, 302, 303, 307, 308) or (status == 200 and not has_error):
        # accepted (or a confirmation step): what got stored must be clean
        old = set(before.stored)
        for table, col, value in after.stored:
            if (table, col, value) in old:
                continue
            wrong = hs.out_of_range(value)
            if wrong:
                problems.append(f"stored {wrong} in {table}.{col}")
        if assignments_changed and target.endpoint not in ASSIGNS:
            problems.append("a role, location or coach assignment changed")
        if status == 200 and resp.mimetype == "text/html" and not diff and not page.count("<form"):  # a download is no page
            problems.append("200 without an error, without a change and without a form")
        return problems
    if status in refusals:
        if not has_error:
            problems.append(f"refused ({status}) without a field error")
        for text in _error_texts(page):
            if not text or _ENGLISH.search(text) or (target.endpoint not in NORMS_UNTRANSLATED and not _known_text(text)):
                problems.append(f"field error not a Dutch text of the catalogue: {text[:80]!r}")
        if '<html lang="nl"' not in page:
            problems.append("refusal page is not Dutch")
        if diff:
            problems.append("refused, yet stored: " + "; ".join(diff))
        if assignments_changed:
            problems.append("refused, yet an assignment changed")
        # the form again, with what was typed
        forms = [f for f in hs.find_forms(page) if html.unescape(f.action).split("?")[0] in ("", target.url.split("?")[0])]
        if not forms:
            problems.append("refused without showing the form again")
        else:
            shown = forms[0]
            for name in changed:
                f = form.fields.get(name)
                if f is None or f.kind not in hs.TEXTLIKE or name in NOT_REDISPLAYED or f.kind == "password":
                    continue
                typed = sent[name].strip()
                if not typed or hs.has_control(typed) or len(typed) > 1000:
                    continue
                again = shown.fields.get(name)
                cut = CUT_ON_PURPOSE.get((target.endpoint, name))
                if cut is not None:
                    typed = typed[:cut].strip()
                if again is None or again.value.strip().casefold() != typed.casefold():
                    problems.append(f"typed value of '{name}' not kept")
        return problems
    if status == 404:
        if diff or assignments_changed:
            problems.append("404, yet something was stored: " + "; ".join(diff))
        return problems
    return [f"unexpected status {status}"]


# --- the test ---------------------------------------------------------------------------


@pytest.fixture
def hostile_world(app: Flask, people: Any) -> tuple[World, dict[str, int]]:
    from schoonschip.auth.models import Role
    from tests.factories import make_user, open_test_case

    with app.app_context(), write_transaction() as db:
        spare = make_user(db, "coach.reserve", Role.COACH, people.loc_a)
        spare_id, spare_role = spare.id, spare.roles[0].id
        fresh = make_user(db, "coordinator.nieuw", Role.COORDINATOR, people.loc_a)
        fresh_id = fresh.id
    case_a = open_test_case(app, alias="Vijandig Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    users = {
        "coach_a": people.coach_a,
        "coach_b": people.coach_b,
        "coordinator_a": people.coordinator_a,
        "beheerder": people.beheerder,
        "rapportage": people.rapportage,
    }
    w = World(people.loc_a, people.loc_b, users, spare_id, spare_role, case_a, _feature_objects(app, case_a))
    return w, {"pending_totp": people.coordinator_a, "pending_enrol": fresh_id}


def _targets(app: Flask, w: World) -> list[Target]:
    return [Target(r.endpoint, _url_for(app, r, w), _actor(r.endpoint)) for r in _post_rules(app)]


def _hammer(
    app: Flask, target: Target, form: hs.Form, defaults: dict[str, str], before: hs.DbState, fresh_client: Callable[[], Any]
) -> None:
    """Post the form EXAMPLES times with hostile values; raises on the first (shrunk) problem."""
    # Hidden fields (version numbers, ids) are probed separately in _probe_hidden.
    editable = [f for f in form.fields.values() if f.kind not in ("hidden", "submit", "button", "reset", "image")]
    buttons = hs.submit_buttons(form)
    extra_names = [n for n in hs.EXTRA_FIELDS if n not in form.fields]
    strategy = st.fixed_dictionaries(
        {
            "values": st.fixed_dictionaries({f.name: hs.field_value(f) for f in editable}),
            "touch": st.sets(st.sampled_from([f.name for f in editable])) if editable else st.just(set()),
            "extra": st.dictionaries(st.sampled_from(extra_names), st.sampled_from(hs.EXTRA_VALUES), max_size=3),
            "button": st.sampled_from(buttons) if buttons else st.none(),
            # a field sent twice (a forged form): the first value is the hostile one
            "twice": st.sets(st.sampled_from([f.name for f in editable])) if editable else st.just(set()),
        }
    )

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(drawn=strategy)
    def one_form(drawn: dict[str, Any]) -> None:
        drawn["touch"] = set(drawn["touch"]) & set(drawn["values"])
        sent = dict(defaults)
        for name in drawn["touch"]:
            sent[name] = drawn["values"][name]
        sent.update(drawn["extra"])
        if drawn["button"] is not None:
            sent[drawn["button"].name] = drawn["button"].value
        payload: dict[str, Any] = dict(sent)
        for name in drawn.get("twice", set()) & set(drawn["touch"]):
            payload[name] = [sent[name], defaults.get(name, "")]
        c = fresh_client()
        LOGS.messages.clear()
        try:
            resp = c.post(target.post_url, data=payload)
        except Exception as e:  # noqa: BLE001 - TESTING propagates what would be a 500
            raise AssertionError(f"server error: {type(e).__name__}: {str(e)[:120]}") from None
        after = hs.snapshot(app)
        OUTCOMES[resp.status_code] += 1
        if resp.status_code == 200 and resp.mimetype == "text/html" and not _ERROR.search(resp.get_data(as_text=True)):
            PLAIN_200[target.endpoint] += 1
        issues = _check(target, sent, set(drawn["touch"]), form, resp, before, after)
        if resp.status_code in (302, 303) and drawn["touch"] and resp.headers.get("Location"):
            # A refusal must re-show the form; a redirect that only flashes an error loses the input.
            landing = c.get(resp.headers["Location"]).get_data(as_text=True)
            if 'class="flash flash-error"' in landing:
                issues.append("refused with a redirect and a flash message instead of a field error")
        typed = [sent[n].strip() for n in drawn["touch"] if n in form.fields and form.fields[n].is_text]
        if any(len(v) >= 6 and v in m for v in typed for m in LOGS.messages):
            issues.append("typed input appeared in the log")
        if issues:
            raise AssertionError("; ".join(sorted(set(issues))))

    for values in hs.explicit_examples(editable):
        one_form = example(drawn={"values": values, "touch": set(values), "extra": {}, "button": None, "twice": set()})(one_form)
    one_form()


def _probe_hidden(
    app: Flask, target: Target, form: hs.Form, defaults: dict[str, str], before: hs.DbState, fresh_client: Callable[[], Any]
) -> list[str]:
    """A forged hidden field (version number, id): refused or harmless, never a 5xx."""
    problems = []
    for f in form.fields.values():
        if f.kind != "hidden" or f.name == "csrf_token":
            continue
        for bad in ("9" * 30, str(2**31), "-1", "x\x00", ""):
            try:
                resp = fresh_client().post(target.post_url, data={**defaults, f.name: bad})
            except Exception as e:  # noqa: BLE001 - TESTING propagates what would be a 500
                problems.append(f"hidden field '{f.name}'={bad!r}: server error {type(e).__name__}: {str(e)[:120]}")
                continue
            after = hs.snapshot(app)
            if resp.status_code >= 500:
                problems.append(f"hidden field '{f.name}'={bad!r}: server error {resp.status_code}")
            elif resp.status_code < 300 or resp.status_code >= 400:
                if before.diff(after):
                    problems.append(f"hidden field '{f.name}'={bad!r}: refused ({resp.status_code}) yet stored")
    return problems


def test_every_form_holds_against_hostile_input(
    app: Flask, hostile_world: Any, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    w, pending = hostile_world
    started = time.monotonic()
    root, level = logging.getLogger(), logging.getLogger().level
    root.addHandler(LOGS)
    root.setLevel(logging.INFO)  # what a production server would log

    def _unhook() -> None:
        root.removeHandler(LOGS)
        root.setLevel(level)

    request.addfinalizer(_unhook)
    problems: list[str] = []
    missing: list[str] = []
    checked = 0
    all_gets = _get_urls(app, w)
    base = hs.DbReset(app, tmp_path / "base.sqlite")
    for target in _targets(app, w):
        base.restore()
        if target.endpoint in STATES:
            STATES[target.endpoint](app, w)
        client = _client_for(app, w, target.actor, pending.get(target.actor))
        candidates = [FORM_PAGES[target.endpoint](w)] if target.endpoint in FORM_PAGES else []
        candidates += [target.url] if target.url in all_gets or target.actor.startswith("pending") else []
        candidates += sorted((u for u in all_gets if u != target.url), key=lambda u: -_shared_prefix(u, target.url))
        form, page = _find_form(client, target.url, candidates)
        if form is None or page is None:
            missing.append(f"{target.endpoint} (as {target.actor})")
            continue
        target.post_url = html.unescape(form.action) or page
        cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
        assert cookie is not None, target.endpoint
        session_cookie = cookie.value
        state = hs.DbReset(app, tmp_path / f"{target.endpoint}.sqlite")
        before = hs.snapshot(app)
        defaults = form.defaults()
        token = defaults.get("csrf_token", "")
        assert token, f"{target.endpoint}: the form has no CSRF token"

        def fresh_client(state: Any = state, session_cookie: str = session_cookie) -> Any:
            state.restore()
            c = app.test_client()
            c.set_cookie(app.config["SESSION_COOKIE_NAME"], session_cookie)
            return c

        # CSRF still enforced
        for label, payload in (("no token", {k: v for k, v in defaults.items() if k != "csrf_token"}),
                               ("wrong token", {**defaults, "csrf_token": "X" + token[1:]})):
            c = fresh_client()
            resp = c.post(target.post_url, data=payload)
            after = hs.snapshot(app)
            if resp.status_code != 400 or before.diff(after) or before.assignments != after.assignments:
                problems.append(f"{target.endpoint}: CSRF {label}: status {resp.status_code}, changes {before.diff(after)}")

        problems += [f"{target.endpoint}: {p}" for p in _probe_hidden(app, target, form, defaults, before, fresh_client)]
        try:
            _hammer(app, target, form, defaults, before, fresh_client)
        except Exception as e:  # noqa: BLE001 - collected and reported per form below
            first = (str(e).splitlines() or [type(e).__name__])[0][:400]
            notes = " ".join(getattr(e, "__notes__", []))
            example = re.search(r"drawn=(\{.*\})", notes, re.S)
            problems.append(f"{target.endpoint}: {first}" + (f"\n      example: {example.group(1)[:700]}" if example else ""))
        checked += 1
    base.restore()
    elapsed = time.monotonic() - started
    print(f"hostile input: {checked} forms, {EXAMPLES} random examples each, {sum(OUTCOMES.values())} posts "
          f"(status: {dict(sorted(OUTCOMES.items()))}), {elapsed:.1f} s; 200 without error: {dict(PLAIN_200)}")
    report = []
    if missing:
        report.append(
            "No form found for these POST routes (add a STATES setup or an ACTORS line in "
            "tests/integration/test_hostile_input.py): " + ", ".join(missing)
        )
    if problems:
        report.append("Forms that mishandle hostile input:\n  " + "\n  ".join(problems))
    assert not report, "\n".join(report)
    assert checked >= 60


# --- the address: ids in paths and every query parameter ------------------------------------

HUGE_IDS = (str(2**31), str(2**63), str(2**64), "9" * 30)  # 2^31: PostgreSQL's integer; 2^63: SQLite's
HOSTILE_QUERY_VALUES = (str(2**31), str(2**63), "9" * 30, "-" + "9" * 30, "1e309", "1\n2", "\x00", "\t", "\r\n", "%", "٣", "x" * 3000)


def _query_params() -> list[str]:
    """Every query parameter the code reads (``args.get("x")`` / ``args.getlist("x")``)."""
    import schoonschip

    names: set[str] = set()
    for f in Path(schoonschip.__file__).parent.rglob("*.py"):
        names |= set(re.findall(r'args\.get(?:list)?\(\s*"([A-Za-z_]+)"', f.read_text(encoding="utf-8")))
    return sorted(names)


def _id_args(rule: Rule) -> list[str]:
    from schoonschip.web.urls import IdConverter

    return [name for name, conv in rule._converters.items() if isinstance(conv, IdConverter)]


@pytest.mark.slow
def test_every_page_holds_against_hostile_query_strings(app: Flask, hostile_world: Any) -> None:
    from urllib.parse import urlencode

    w, pending = hostile_world
    params = _query_params()
    assert {"pagina", "versie", "fase", "jaar"} <= set(params), params
    problems: list[str] = []
    checked = 0
    clients: dict[str, Any] = {}

    def get(actor: str, url: str) -> int | str:
        if actor not in clients:
            clients[actor] = _client_for(app, w, actor, pending.get(actor))
        try:
            return clients[actor].get(url).status_code
        except Exception as e:  # noqa: BLE001 - TESTING propagates what would be a 500
            return f"{type(e).__name__}: {str(e)[:100]}"

    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "GET" not in (rule.methods or set()) or rule.endpoint not in EXPECT or any(a not in VALUES for a in rule.arguments):
            continue
        try:
            actor = _actor(rule.endpoint)
        except AssertionError:
            actor = "coach_a"
        url = _url_for(app, rule, w)
        # 1. a huge number for each id in the path: 404 (the route does not match), never a 500
        for arg in _id_args(rule):
            real = str(VALUES[arg](w))
            for huge in HUGE_IDS:
                bad = url.replace(f"/{real}", f"/{huge}", 1) if f"/{real}" in url else None
                if bad is None:
                    continue
                status = get(actor, bad)
                checked += 1
                if status != 404:
                    problems.append(f"{rule.endpoint} GET {bad} as {actor}: {status}, expected 404")
        # 2. every query parameter at once, then one at a time, with hostile values: never a 500
        slow = rule.endpoint.endswith("pdf")  # a PDF takes seconds: one request, huge numbers everywhere
        values = HOSTILE_QUERY_VALUES[2:3] if slow else HOSTILE_QUERY_VALUES
        queries = [urlencode({p: v for p in params}) for v in values]
        if not slow:
            queries += [urlencode({p: v}) for p in params for v in ("9" * 30, "\n\x00")]
        for q in queries:
            status = get(actor, f"{url}?{q}")
            checked += 1
            if not isinstance(status, int) or status >= 500:
                problems.append(f"{rule.endpoint} GET {url}?{q[:120]} as {actor}: {status}")
    assert checked > 500
    assert not problems, "Pages that mishandle hostile addresses:\n  " + "\n  ".join(problems[:40])
