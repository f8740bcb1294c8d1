"""Flask commands: db-upgrade, create-user, rotate-keys, audit-verify, sessions-revoke, demo.

Output names no resident and no personal data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from schoonschip.budget.normsets import import_normset_text
from schoonschip.budget.rules.norms import NormSetError

# The project folder (migrations/ lives there), as in the app factory; not imported from it,
# so the CLI commands do not depend on the factory and its views.
ROOT = Path(__file__).resolve().parents[2]


def alembic_config(connection: object | None = None) -> object:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade_database(revision: str = "head") -> None:
    from alembic import command

    from schoonschip.db import engine

    with engine().begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade_database(revision: str) -> None:
    from alembic import command

    from schoonschip.db import engine

    with engine().begin() as conn:
        command.downgrade(alembic_config(conn), revision)


def init_app(app: Flask) -> None:
    app.cli.add_command(db_upgrade)
    app.cli.add_command(db_downgrade)
    app.cli.add_command(db_revision)
    app.cli.add_command(create_user)
    app.cli.add_command(rotate_keys)
    app.cli.add_command(drop_retired_keys)
    app.cli.add_command(purge_expired)
    app.cli.add_command(audit_verify)
    app.cli.add_command(sessions_revoke)
    app.cli.add_command(demo)
    app.cli.add_command(import_norms_command)
    from schoonschip.ops import cli_backup

    cli_backup.register(app)


@click.command("db-upgrade")
@with_appcontext
@click.option("--revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply database migrations (the app never migrates by itself)."""
    upgrade_database(revision)
    click.echo("Database is up to date.")


@click.command("db-downgrade")
@with_appcontext
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION (e.g. 'base')."""
    downgrade_database(revision)
    click.echo(f"Database downgraded to {revision}.")


@click.command("db-revision")
@with_appcontext
@click.option("-m", "--message", required=True)
@click.option("--rev-id", default=None, help="e.g. 0002")
def db_revision(message: str, rev_id: str | None) -> None:
    """Developers: write a new migration from the difference between models and database."""
    from alembic import command

    from schoonschip.db import engine

    with engine().begin() as conn:
        command.revision(alembic_config(conn), message=message, autogenerate=True, rev_id=rev_id)


@click.command("create-user")
@with_appcontext
@click.option("--username", prompt=True)
@click.option("--name", "display_name", prompt="Display name")
@click.option("--role", type=click.Choice(["coach", "coordinator", "beheerder", "rapportage"]), default="beheerder")
@click.option("--location", "location_code", default=None, help="Location code for coach/coordinator")
def create_user(username: str, display_name: str, role: str, location_code: str | None) -> None:
    """Create a user (the first beheerder on a new installation). Prints a one-time code;
    the user chooses a password at first login (and sets up a second factor where the role needs it)."""
    from schoonschip import clock
    from schoonschip.auth.models import LOCATION_ROLES, Location, Role
    from schoonschip.auth.service import USERNAME_RE, username_taken
    from schoonschip.auth.service import create_user as create_user_service
    from schoonschip.db import write_transaction

    username = username.strip().lower()
    display_name = " ".join(display_name.split())
    if not USERNAME_RE.fullmatch(username):
        raise click.ClickException("Username: 3-60 characters, lower-case letters, digits, '.', '-' or '_'.")
    if not display_name or len(display_name) > 100:
        raise click.ClickException("Display name: 1-100 characters.")
    with write_transaction() as db:
        if username_taken(db, username):
            raise click.ClickException("That username exists already.")
        loc_id = None
        if Role(role) in LOCATION_ROLES:
            if not location_code:
                raise click.ClickException("--location is required for this role.")
            loc = db.scalar(select(Location).where(Location.code == location_code))
            if loc is None:
                raise click.ClickException("Unknown location code.")
            if not loc.is_active(clock.today()):
                raise click.ClickException("That location has ended.")
            loc_id = loc.id
        user, code = create_user_service(
            db, username=username, display_name=display_name, role=Role(role), location_id=loc_id, by_user_id=None
        )
    click.echo(f"User {user.username} created. One-time code (they choose a password at first login): {code}")


@click.command("rotate-keys")
@with_appcontext
@click.option("--drop-retired", is_flag=True, help="Also destroy retired master keys (old backups become unreadable).")
def rotate_keys(drop_retired: bool) -> None:
    """Add a new master key, re-wrap every data key with it, retire the old keys."""
    from schoonschip import audit
    from schoonschip.db import new_session
    from schoonschip.keys import save_keyring
    from schoonschip.reports.contributions import resident_key_secret
    from schoonschip.sealing import keys_of

    ring = current_app.extensions["keyring"]
    old_ids = [k for k in ring.keys if k != ring.active]
    old_active = ring.active
    new = ring.add_new_active()
    save_keyring(current_app, ring)  # both keys on disk before any data key moves
    db = new_session(write=True)
    try:
        # The resident-key secret of the funder reports becomes a stored data key before the
        # rewrap (an instance from before it was stored derived it from the oldest master key).
        resident_key_secret(keys_of(db))
        db.flush()
        n = keys_of(db).rewrap_all()
        audit.record("keys_rotated", object_type="keyring", object_id=new.key_id, session=db, detail=f"rewrapped:{n}")
        db.commit()
    except BaseException:
        db.rollback()
        raise
    finally:
        db.close()
    ring.retire([old_active, *old_ids])
    dropped = ring.drop_retired() if drop_retired else []
    save_keyring(current_app, ring)
    click.echo(f"New master key {new.key_id} active; {n} data keys re-wrapped; retired {old_active}.")
    if dropped:
        click.echo(f"Destroyed retired keys: {', '.join(dropped)}")


@click.command("sessions-revoke")
@with_appcontext
@click.option("--user", "username", default=None, help="Log this user out everywhere (e.g. a lost laptop).")
@click.option("--all", "everyone", is_flag=True, help="Log every user out.")
def sessions_revoke(username: str | None, everyone: bool) -> None:
    """End open sessions: every session of one user, or of all users. They must log in again
    (password and, where the role needs it, the second factor). Accounts stay as they are."""
    from schoonschip.auth.models import User
    from schoonschip.auth.service import end_all_sessions, end_sessions
    from schoonschip.db import write_transaction

    if bool(username) == everyone:
        raise click.UsageError("Give either --user USERNAME or --all.")
    with write_transaction() as db:
        if everyone:
            n = end_all_sessions(db, by_user_id=None)
            click.echo(f"Ended {n} open session(s) of all users.")
            return
        user = db.scalar(select(User).where(User.username == (username or "").strip().lower()))
        if user is None:
            raise click.ClickException("Unknown username.")
        n = end_sessions(db, user, by_user_id=None)
        click.echo(f"Ended {n} open session(s) of {user.username}.")


def master_keys_in_use(db: object) -> set[str]:
    """Master key ids that still wrap at least one data key."""
    from schoonschip.sealing import DataKey

    return set(db.scalars(select(DataKey.master_key_id).distinct()))  # type: ignore[attr-defined]


@click.command("drop-retired-keys")
@with_appcontext
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def drop_retired_keys(yes: bool) -> None:
    """Destroy retired master keys that no data key uses any more.

    Backups made before the rotation can then no longer be restored: that is the point
    (docs/keys.md)."""
    from schoonschip import audit
    from schoonschip.db import new_session
    from schoonschip.keys import save_keyring

    ring = current_app.extensions["keyring"]
    db = new_session()
    try:
        in_use = master_keys_in_use(db)
    finally:
        db.close()
    retired = [kid for kid, mk in ring.keys.items() if mk.retired]
    still_used = [kid for kid in retired if kid in in_use]
    if still_used:
        raise click.ClickException(
            f"Retired key(s) {', '.join(still_used)} still wrap data keys; run rotate-keys first. Nothing was dropped."
        )
    if not retired:
        click.echo("No retired master keys.")
        return
    if not yes:
        click.confirm(
            f"Destroy {len(retired)} retired master key(s) ({', '.join(retired)})? Backups made before the last "
            "rotation can then never be restored.",
            abort=True,
        )
    dropped = ring.drop_retired()
    save_keyring(current_app, ring)
    with_session = new_session(write=True)
    try:
        audit.record("keys_dropped", object_type="keyring", object_id=ring.active, detail=f"dropped:{len(dropped)}", session=with_session)
        with_session.commit()
    finally:
        with_session.close()
    click.echo(f"Destroyed retired master key(s): {', '.join(dropped)}. Active key: {ring.active}.")


@click.command("purge-expired")
@with_appcontext
@click.option("--dry-run", is_flag=True, help="Only count what would be erased (per location, no names).")
def purge_expired(dry_run: bool) -> None:
    """Erase closed cases whose retention period is over (RETENTION_DAYS_AFTER_CLOSE)."""
    from schoonschip import clock
    from schoonschip.auth.models import Location
    from schoonschip.budget.statements.service import purge_expired as purge_statement_reviews
    from schoonschip.cases.casefile.service import checkpoint_after_erasure
    from schoonschip.db import new_session, write_transaction
    from schoonschip.privacy.retention import purge_expired as purge

    days = int(current_app.config["RETENTION_DAYS_AFTER_CLOSE"])
    if days < 1:
        raise click.ClickException("RETENTION_DAYS_AFTER_CLOSE must be at least 1.")
    today = clock.today()
    if dry_run:
        db = new_session()  # read only: nothing is locked or changed
        try:
            counts = purge(db, today=today, retention_days=days, dry_run=True)
            codes = {loc.id: loc.code for loc in db.scalars(select(Location))}
        finally:
            db.close()
    else:
        with write_transaction() as db:
            counts = purge(db, today=today, retention_days=days)
            codes = {loc.id: loc.code for loc in db.scalars(select(Location))}
            statements = purge_statement_reviews(db)  # bank-statement reviews past their 24 hours
    if not dry_run and counts:
        db = new_session()
        try:
            checkpoint_after_erasure(db)
        finally:
            db.close()
    total = sum(counts.values())
    verb = "would be erased" if dry_run else "erased"
    click.echo(f"Retention {days} days after closing: {total} case(s) {verb}.")
    if not dry_run and statements:
        click.echo(f"Bank-statement reviews older than 24 hours: {statements} deleted.")
    for loc_id, n in sorted(counts.items(), key=lambda kv: codes.get(kv[0], "")):
        click.echo(f"  {codes.get(loc_id, loc_id)}: {n}")


@click.command("audit-verify")
@with_appcontext
def audit_verify() -> None:
    """Check the audit chain; exit 1 when a row was edited, deleted or added out of band."""
    from schoonschip import audit
    from schoonschip.db import new_session

    db = new_session()
    try:
        result = audit.verify(db)
    finally:
        db.close()
    if result.ok:
        click.echo(f"Audit log intact: {result.checked} events verified.")
        return
    click.echo(f"AUDIT LOG DAMAGED after checking {result.checked} events:", err=True)
    for p in result.problems:
        click.echo(f"  - {p}", err=True)
    sys.exit(1)


@click.command("demo")
@with_appcontext
@click.option("--force", is_flag=True, help="Load again even when demo data exists.")
def demo(force: bool) -> None:
    """Load clearly fake demo data (locations, one account per role, cases in every stage)."""
    from schoonschip.demo.service import account_list, load_demo, password_file, write_password_file

    password = os.environ.get("SCHOONSCHIP_DEMO_PASSWORD") or None
    totp_secret = os.environ.get("SCHOONSCHIP_DEMO_TOTP_SECRET") or None
    if totp_secret:
        import pyotp

        try:
            pyotp.TOTP(totp_secret).now()
        except Exception:  # binascii.Error for bad base32, ValueError when too short
            raise click.ClickException(
                "SCHOONSCHIP_DEMO_TOTP_SECRET is not a usable second-factor secret: it must be base32 "
                "(letters A-Z and digits 2-7) and at least 23 characters (112 bits), e.g. the output of "
                "`python -c 'import pyotp; print(pyotp.random_base32())'`. Nothing was loaded."
            ) from None
    result = load_demo(password=password, totp_secret=totp_secret, force=force)
    pw_file = password_file(current_app.instance_path)
    if result is None:
        click.echo("Demo data is already loaded (use --force to load it again). Demo accounts:")
        for username, role in account_list():
            click.echo(f"  {username:<20} {role}")
        if pw_file.exists():
            click.echo(f"Their password is in {pw_file}")
        else:
            click.echo("Their password is the SCHOONSCHIP_DEMO_PASSWORD that was set when the demo was loaded.")
        return
    click.echo("Demo accounts (fake data only):")
    for username, role in result.accounts:
        click.echo(f"  {username:<20} {role}")
    if result.generated_password:
        path = write_password_file(current_app.instance_path, result.generated_password)
        click.echo(f"Password for all demo accounts: {result.generated_password}")
        click.echo(f"(also stored in {path}, readable only by you)")
    else:
        pw_file.unlink(missing_ok=True)  # an older generated password no longer applies
        click.echo("Password: the value of SCHOONSCHIP_DEMO_PASSWORD.")
    if result.totp_note:
        click.echo(result.totp_note)


@click.command("import-norms")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_norms_command(file: Path) -> None:
    """Import a norm set (JSON) as the beheerder's form does; never overwrites a set."""
    from schoonschip.db import write_transaction

    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        click.echo("Dit bestand is geen tekst (UTF-8).", err=True)
        sys.exit(1)
    try:
        with write_transaction() as db:
            ns = import_normset_text(db, text, user_id=None)
    except NormSetError as exc:
        click.echo("De normenset is NIET toegevoegd:", err=True)
        for e in exc.errors:
            click.echo(f"  - {e}", err=True)
        sys.exit(1)
    click.echo(f"Normenset {ns.code} (vanaf {ns.valid_from.strftime('%d-%m-%Y')}) is toegevoegd.")
