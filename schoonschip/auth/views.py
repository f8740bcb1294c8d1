"""Login (password, then a code from the authenticator app), second-factor set-up,
password change, account page, logout, language switch.

The two-step login: a correct password for someone who needs a second factor creates a
*pending* server-side session (``second_factor_at`` empty; the user loader refuses it)
whose token waits in the Flask session under ``pending_token``. The code step completes
it. Throttling counts wrong passwords and wrong codes alike.
"""

from __future__ import annotations

import math
from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    after_this_request,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.auth import passwords, throttle, totp
from schoonschip.auth.core import (
    NEXT_KEY,
    _load_user,
    check_password,
    hash_password,
    login_required,
    requires_totp,
    revoke_session,
    start_session,
    token_hash,
    verify_password,
)
from schoonschip.auth.models import ROLE_LABELS_NL, Location, Role, User, UserSession
from schoonschip.auth.service import change_password as change_password_service
from schoonschip.db import get_session, new_session, utcnow
from schoonschip.web.urls import safe_local_path

bp = Blueprint("auth", __name__)

PENDING_KEY = "pending_token"
PENDING_MAX = timedelta(minutes=10)

# Pages a user who must change their password may still reach.
ALLOWED_WHILE_MUST_CHANGE = frozenset({"auth.change_password", "auth.logout", "auth.set_language", "static", "main.health"})


def password_problem_message(problem: passwords.Problem) -> str:
    return {
        passwords.Problem.TOO_SHORT: _("Kies een wachtwoord van minstens %(n)s tekens. Een zin van een paar woorden werkt goed.", n=passwords.MIN_LENGTH),
        passwords.Problem.TOO_LONG: _("Gebruik hooguit %(n)s tekens.", n=passwords.MAX_LENGTH),
        passwords.Problem.CONTAINS_USERNAME: _("Het wachtwoord mag uw gebruikersnaam niet bevatten."),
        passwords.Problem.COMMON: _("Dit wachtwoord is te bekend of te makkelijk te raden. Kies iets anders, bijvoorbeeld een zin van een paar woorden."),
    }[problem]


def throttled_message(wait: int) -> str:
    """The answer while a login must wait (the same whether or not the account exists)."""
    if wait > 90:
        return _(
            "Er is te vaak een verkeerd wachtwoord gebruikt. Wacht %(n)s minuten en probeer het dan opnieuw. "
            "Lukt het daarna nog niet? Vraag de coördinator van uw locatie om hulp.",
            n=math.ceil(wait / 60),
        )
    return _(
        "Er is te vaak een verkeerd wachtwoord gebruikt. Wacht %(n)s seconden en probeer het dan opnieuw.",
        n=max(wait, 1),
    )


def code_limit_message() -> str:
    return _(
        "Er is te vaak een verkeerde code gebruikt. Log opnieuw in met uw wachtwoord. Lukt het daarna nog "
        "niet? Wacht een uur of vraag de beheerder om hulp."
    )


@bp.before_app_request
def _force_password_change() -> object:
    """After a reset code or a CLI-made account: nothing works until a new password is chosen."""
    if request.endpoint in ALLOWED_WHILE_MUST_CHANGE or request.endpoint is None:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("auth.change_password"))
    return None


def _timeout_notice() -> str | None:
    ended = g.get("session_ended")
    if ended == "idle":
        return _("U was te lang niet actief. Daarom bent u uitgelogd. Log opnieuw in.")
    if ended == "absolute":
        return _("U was al lang ingelogd. Daarom bent u uitgelogd. Log opnieuw in.")
    return None


def _complete_login(token: str, message: tuple[str, str] | None = None) -> object:
    """Swap the Flask session for a fresh one that carries only the new token; this browser
    becomes a known device of the user (throttle), and notices of failed logins are shown."""
    target = safe_local_path(session.get(NEXT_KEY))
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    cu = _load_user(token)
    login_user(cu, remember=False)
    if message:
        flash(*message)
    if cu is not None:
        who = throttle.subject(cu.username)

        @after_this_request
        def _known_device(resp: Response) -> Response:
            return throttle.remember_device(resp, who)

        _show_notices(cu.user_id)
    return redirect(target or url_for("main.start"))


def _show_notices(user_id: int) -> None:
    """Failed logins on this account since the user last looked: say so once."""
    db = get_session()
    notices = throttle.unseen_notices(db, user_id)
    if not notices:
        return
    flash(
        _(
            "Er is %(n)s keer geprobeerd in te loggen op uw account met een verkeerd wachtwoord of een verkeerde "
            "code. Was u dat niet zelf? Kies een nieuw wachtwoord en meld het bij de beheerder.",
            n=sum(n.failures for n in notices),
        ),
        "warning",
    )
    now = utcnow()
    for n in notices:
        n.seen_by_user_at = now
    db.commit()


@bp.route("/login", methods=["GET", "POST"])
def login() -> object:
    if current_user.is_authenticated:
        return redirect(url_for("main.start"))
    username = ""
    error = None
    status = 200
    if request.method == "POST":
        username = (request.form.get("username") or "").strip()[:60]
        password = (request.form.get("password") or "")[: passwords.MAX_LENGTH + 1]
        who = throttle.subject(username)
        # 1. Read and check the password in a read-only session: no write lock is held
        #    while Argon2 runs, so other requests keep writing meanwhile.
        read = new_session()
        try:
            seen = read.scalar(select(User).where(User.username == throttle.normalise_username(username))) if username else None
            wait = throttle.wait_seconds(read, who)
            any_id = seen.id if seen is not None else None
            seen_id, seen_hash = (seen.id, seen.password_hash) if seen is not None and seen.active else (None, None)
        finally:
            read.close()
        ok, rehash = (False, False) if wait else check_password(seen_hash, password)
        new_hash = hash_password(password) if ok and rehash else None  # also outside the lock
        # 2. Record the outcome in this request's write transaction (it takes the lock
        #    now). The throttle is checked again under the lock, and the password counts
        #    only if it did not change in between.
        db = get_session()
        user = db.get(User, seen_id) if seen_id is not None else None
        if user is None and any_id is not None:
            user = db.get(User, any_id)  # an inactive account: named in the audit event only
        if not wait:
            wait = throttle.wait_seconds(db, who)
        if wait:
            audit.record("login_throttled", object_type="user", object_id=user.id if user else None, outcome="refused")
            db.commit()
            error, status = throttled_message(wait), 429
        elif ok and user is not None and user.active and user.password_hash == seen_hash:
            if new_hash is not None:
                user.password_hash = new_hash
            throttle.record(db, who, success=True)
            if requires_totp(user):
                token = start_session(db, user, second_factor_done=False)
                audit.record("login_password_ok", object_type="user", object_id=user.id, actor_id=user.id)
                db.commit()
                nxt = session.get(NEXT_KEY)
                session.clear()
                session[PENDING_KEY] = token
                if nxt:
                    session[NEXT_KEY] = nxt
                return redirect(url_for("auth.login_code" if user.totp_enrolled_at else "auth.enrol"))
            token = start_session(db, user, second_factor_done=True)
            audit.record("login", object_type="user", object_id=user.id, actor_id=user.id)
            db.commit()
            return _complete_login(token)
        else:
            throttle.record(db, who, success=False)
            throttle.notice_if_repeated(db, who, user, throttle.PASSWORD)
            audit.record("login_failed", object_type="user", object_id=user.id if user else None, outcome="failed")
            db.commit()
            error, status = _("Gebruikersnaam of wachtwoord klopt niet. Let op hoofdletters en kleine letters."), 401
    return render_template(
        "auth/login.html", username=username, error=error, notice=_timeout_notice()
    ), status


def _pending() -> tuple[UserSession, User] | None:
    token = session.get(PENDING_KEY)
    if not token or not isinstance(token, str):
        return None
    db = get_session()
    row = db.scalar(select(UserSession).where(UserSession.token_hash == token_hash(token)))
    if row is None or row.revoked_at is not None or row.second_factor_at is not None:
        return None
    if utcnow() - row.created_at > PENDING_MAX:
        return None
    user = db.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return row, user


def _pending_or_restart() -> tuple[UserSession, User] | object:
    pending = _pending()
    if pending is None:
        session.pop(PENDING_KEY, None)
        if current_user.is_authenticated:
            return redirect(url_for("main.start"))
        flash(_("Log opnieuw in."), "info")
        return redirect(url_for("auth.login"))
    return pending


def _refuse_codes(row: UserSession, user: User) -> object:
    """Too many wrong codes (on this pending login, or for this user in the code window):
    the pending login ends; the user starts again with the password."""
    db = get_session()
    revoke_session(db, row.id, "throttled")
    audit.record("login_throttled", object_type="user", object_id=user.id, outcome="refused", detail="second_factor")
    db.commit()
    session.pop(PENDING_KEY, None)
    flash(code_limit_message(), "error")
    return redirect(url_for("auth.login"))


def _code_limit_reached(db: Session, who: throttle.Subject, row: UserSession) -> bool:
    return row.code_failures >= int(current_app.config["LOGIN_CODE_MAX_PER_LOGIN"]) or throttle.codes_blocked(db, who)


def _posted_code(row: UserSession, user: User) -> tuple[Session, throttle.Subject, str] | object:
    """The second-factor code as posted, with the session and the throttle's subject for it;
    or, at the code limit, the refusal (before the code is looked at)."""
    db = get_session()
    who = throttle.subject(user.username)
    if _code_limit_reached(db, who, row):
        return _refuse_codes(row, user)
    return db, who, (request.form.get("code") or "").strip()[:40]


def _wrong_code(db: Session, who: throttle.Subject, row: UserSession, user: User, detail: str) -> object | None:
    """A wrong second-factor code counts for this pending login and for the user (never
    reset by a password), and is logged as a failed login. At the limit: the refusal."""
    throttle.record(db, who, success=False, factor=throttle.CODE)
    row.code_failures = (row.code_failures or 0) + 1
    throttle.notice_if_repeated(db, who, user, throttle.CODE)
    audit.record("login_failed", object_type="user", object_id=user.id, outcome="failed", detail=detail)
    db.commit()
    if _code_limit_reached(db, who, row):
        return _refuse_codes(row, user)
    return None


@bp.route("/login/code", methods=["GET", "POST"])
def login_code() -> object:
    pending = _pending_or_restart()
    if not isinstance(pending, tuple):
        return pending
    row, user = pending
    if user.totp_enrolled_at is None:
        return redirect(url_for("auth.enrol"))
    if request.method != "POST":
        return render_template("auth/code.html", error=None), 200
    posted = _posted_code(row, user)
    if not isinstance(posted, tuple):
        return posted
    db, who, code = posted
    method = None
    if totp.looks_like_totp(code):
        if totp.verify_totp(user, code):
            method = "totp"
    elif totp.use_recovery_code(db, user, code):
        method = "recovery_code"
    if method:
        _second_factor_passed(db, who, row)
        audit.record("login", object_type="user", object_id=user.id, actor_id=user.id, detail=method)
        db.commit()
        message = None
        if method == "recovery_code":
            left = totp.recovery_codes_left(db, user.id)
            message = (
                _("U heeft een herstelcode gebruikt. U heeft er nog %(n)s over. Maak nieuwe codes via Mijn account.", n=left),
                "warning",
            )
        return _complete_login(session[PENDING_KEY], message)
    refused = _wrong_code(db, who, row, user, "second_factor")
    if refused is not None:
        return refused
    error = _("Deze code klopt niet of is al gebruikt. Wacht op de volgende code in uw app en probeer het opnieuw.")
    return render_template("auth/code.html", error=error), 401


def _second_factor_passed(db: Session, who: throttle.Subject, row: UserSession) -> None:
    """A right code: the throttle forgets the failures, and this login has its second factor."""
    throttle.record(db, who, success=True, factor=throttle.CODE)
    now = utcnow()
    row.second_factor_at = now
    row.last_seen_at = now


@bp.route("/login/instellen", methods=["GET", "POST"])
def enrol() -> object:
    """First login of someone who needs a second factor: scan, confirm, get recovery codes."""
    pending = _pending_or_restart()
    if not isinstance(pending, tuple):
        return pending
    row, user = pending
    if user.totp_enrolled_at is not None:
        return redirect(url_for("auth.login_code"))
    secret = user.totp_secret
    if not secret:
        secret = _store_new_secret(user.id)
    error = None
    status = 200
    if request.method == "POST":
        posted = _posted_code(row, user)
        if not isinstance(posted, tuple):
            return posted
        db, who, code = posted
        if totp.verify_totp(user, code):
            _second_factor_passed(db, who, row)
            user.totp_enrolled_at = row.second_factor_at
            codes = totp.new_recovery_codes(db, user)
            audit.record("totp_enrolled", object_type="user", object_id=user.id, actor_id=user.id)
            audit.record("login", object_type="user", object_id=user.id, actor_id=user.id, detail="totp_enrolled")
            db.commit()
            _complete_login(session[PENDING_KEY])
            return render_template("auth/recovery_codes.html", codes=codes, first_time=True)
        refused = _wrong_code(db, who, row, user, "totp_enrol")
        if refused is not None:
            return refused
        error, status = _("Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat en probeer de volgende code."), 422
    uri = totp.provisioning_uri(secret, user.username, current_app.config["TOTP_ISSUER"])
    return render_template(
        "auth/enrol.html",
        secret_grouped=totp.grouped(secret),
        qr=totp.qr_svg(uri, _("QR-code om te scannen met uw app")),
        error=error,
    ), status


def _store_new_secret(user_id: int) -> str:
    """Written at once in its own transaction (this may be a GET request)."""
    secret = totp.new_secret()
    own = new_session(write=True)
    try:
        u = own.get(User, user_id)
        assert u is not None
        u.totp_secret = secret
        own.commit()
    finally:
        own.close()
    return secret


@bp.route("/wachtwoord", methods=["GET", "POST"])
@login_required
def change_password() -> object:
    errors: dict[str, str] = {}
    if request.method == "POST":
        db = get_session()
        user = db.get(User, current_user.user_id)
        assert user is not None
        current = request.form.get("current_password") or ""
        new = request.form.get("new_password") or ""
        repeat = request.form.get("new_password_repeat") or ""
        if not verify_password(user, current[: passwords.MAX_LENGTH + 1]):
            errors["current_password"] = _("Uw huidige wachtwoord klopt niet.")
        problem = passwords.check(new, user.username)
        if problem is not None:
            errors["new_password"] = password_problem_message(problem)
        elif new == current:
            errors["new_password"] = _("Kies een ander wachtwoord dan het huidige.")
        if not errors.get("new_password") and new != repeat:
            errors["new_password_repeat"] = _("De twee nieuwe wachtwoorden zijn niet gelijk.")
        if not errors:
            change_password_service(db, user, new, keep_session_id=current_user.session_id)
            db.commit()
            flash(_("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd."), "success")
            return redirect(url_for("main.start"))
        if "current_password" in errors:
            audit.record("password_change_failed", object_type="user", object_id=user.id, outcome="failed")
            db.commit()
    return render_template(
        "auth/change_password.html", errors=errors, forced=current_user.must_change_password,
        min_length=passwords.MIN_LENGTH,
    ), (422 if errors else 200)


@bp.route("/account")
@login_required
def account() -> str:
    return _render_account()


def _render_account(errors: dict[str, str] | None = None) -> str:
    db = get_session()
    user = db.get(User, current_user.user_id)
    assert user is not None
    loc_names = {loc.id: loc.name for loc in db.scalars(select(Location))}
    roles = sorted(
        (ROLE_LABELS_NL[Role(r.role)] + (f" – {loc_names.get(r.location_id, '')}" if r.location_id else ""))
        for r in user.roles
    )
    return render_template(
        "auth/account.html",
        roles=roles,
        totp_enrolled=user.totp_enrolled_at is not None,
        codes_left=totp.recovery_codes_left(db, user.id),
        errors=errors or {},
    )


@bp.route("/account/herstelcodes", methods=["POST"])
@login_required
def new_recovery_codes() -> object:
    """New recovery codes (the old ones stop working); asks for the password again."""
    db = get_session()
    user = db.get(User, current_user.user_id)
    assert user is not None
    if user.totp_enrolled_at is None:
        return redirect(url_for("auth.account"))
    if not verify_password(user, (request.form.get("password") or "")[: passwords.MAX_LENGTH + 1]):
        audit.record("recovery_codes_refused", object_type="user", object_id=user.id, outcome="failed")
        db.commit()
        # The form again with the error next to the field, not a redirect with a flash.
        return _render_account({"password": _("Uw wachtwoord klopt niet. Er zijn geen nieuwe herstelcodes gemaakt.")}), 422
    codes = totp.new_recovery_codes(db, user)
    audit.record("recovery_codes_new", object_type="user", object_id=user.id)
    db.commit()
    return render_template("auth/recovery_codes.html", codes=codes, first_time=False)


@bp.route("/logout", methods=["POST"])
def logout() -> object:
    db = get_session()
    if current_user.is_authenticated:
        revoke_session(db, current_user.session_id, "logout")
        audit.record("logout", object_type="user", object_id=current_user.user_id)
    pending = _pending()
    if pending is not None:
        revoke_session(db, pending[0].id, "logout")
    db.commit()
    logout_user()
    session.clear()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/taal", methods=["POST"])
def set_language() -> object:
    lang = request.form.get("lang")
    if lang in ("nl", "en"):
        session["lang"] = lang
    target = safe_local_path(request.form.get("next")) or url_for("main.start")
    return redirect(target)
