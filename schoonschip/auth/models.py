"""People and access: locations, users, roles per location, server-side sessions,
login attempts (throttle), TOTP recovery codes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoonschip.db import Base, utcnow
from schoonschip.i18n import N_, LabelledEnum
from schoonschip.sealing import Sealed, SealedField


class Role(LabelledEnum):
    COACH = "coach", N_("Schuldhulpcoach")
    COORDINATOR = "coordinator", N_("Coördinator")
    BEHEERDER = "beheerder", N_("Beheerder")
    RAPPORTAGE = "rapportage", N_("Rapportage")


ROLE_LABELS_NL = Role.labels()

# Roles that belong to one location; beheerder and rapportage may be cooperative-wide.
LOCATION_ROLES = frozenset({Role.COACH, Role.COORDINATOR})


class Location(Base):
    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    def is_active(self, on: date) -> bool:
        return self.ended_on is None or self.ended_on > on


class User(Sealed, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    totp_secret_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    totp_secret = SealedField(str)
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(DateTime)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)  # refuses a replayed code
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    roles: Mapped[list[RoleAssignment]] = relationship(back_populates="user", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def sealed_binding(self) -> tuple[str, int | str]:
        if self.id is None:
            raise ValueError("user must be saved before a secret is sealed")
        return "system", f"user{self.id}"

    def role_set(self) -> set[tuple[Role, int | None]]:
        return {(Role(r.role), r.location_id) for r in self.roles}


class RoleAssignment(Base):
    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("user_id", "role", "location_id", name="uq_role_assignments_triple"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))

    user: Mapped[User] = relationship(back_populates="roles")
    location: Mapped[Location | None] = relationship()


class UserSession(Base):
    """A server-side session. The cookie holds a random token; we store its SHA-256.

    Logout, deactivation and password change set ``revoked_at``: the old cookie is
    refused on the next request.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    second_factor_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(30))
    # Wrong second-factor codes posted on this (pending) login; at the limit the pending
    # login is revoked and the password is asked again (auth/throttle.py).
    code_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class LoginAttempt(Base):
    """Throttle input. Usernames and addresses are stored as keyed digests only."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    username_digest: Mapped[str] = mapped_column(String(64), index=True)
    address_digest: Mapped[str] = mapped_column(String(64), index=True)
    success: Mapped[bool] = mapped_column(Boolean, default=False)
    # "password" or "code" (second factor): counted apart, see auth/throttle.py.
    factor: Mapped[str] = mapped_column(String(10), default="password", server_default="password")
    # A known device (its cookie from an earlier login of this user), keyed digest; None otherwise.
    device_digest: Mapped[str | None] = mapped_column(String(64), index=True)


class SecurityNotice(Base):
    """Repeated failed logins on an account: shown to the user at their next login and to
    the beheerder on the user pages. Holds no address and no typed value."""

    __tablename__ = "security_notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "password" or "code"
    failures: Mapped[int] = mapped_column(Integer, default=0)
    seen_by_user_at: Mapped[datetime | None] = mapped_column(DateTime)


class RecoveryCode(Base):
    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
