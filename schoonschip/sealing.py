"""Sealed columns: the bridge between the pure crypto core and SQLAlchemy models.

A model declares a raw ``LargeBinary`` column ``<name>_enc`` and a ``SealedField`` named
``<name>``. Setting the field keeps the plaintext pending on the instance; just before
the session flushes, every pending value is sealed with the data key of the row's case
(associated data ``table|column|case_id``). Reading opens the ciphertext lazily with the
session's :class:`CaseKeyStore` and caches the plaintext on the instance.

Data keys live in ``data_keys`` (subject ``case:<id>``, plus ``system`` for user
secrets and ``audit`` for the audit chain), wrapped by the active master key. Destroying
a case's row there makes every sealed value of that case unreadable (crypto-shredding).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, LargeBinary, String, bindparam, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session

from schoonschip.crypto import KeyMissing, KeyRing, aad_for, new_data_key, open_sealed, seal
from schoonschip.db import Base, utcnow
from schoonschip.money import Money


class DataKey(Base):
    __tablename__ = "data_keys"

    subject: Mapped[str] = mapped_column(String(40), primary_key=True)
    master_key_id: Mapped[str] = mapped_column(String(40))
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


_WRAPPED_KEY = select(DataKey.master_key_id, DataKey.wrapped).where(DataKey.subject == bindparam("subject"))


def case_subject(case_id: int) -> str:
    return f"case:{case_id}"


class CaseErased(KeyMissing):
    """The case's data key is gone: its content can never be read again."""


class CaseKeyStore:
    """Unwraps and caches data keys for one session (one request)."""

    def __init__(self, session: Session, keyring: KeyRing) -> None:
        self.session = session
        self.keyring = keyring
        self._cache: dict[str, bytes] = {}

    def key(self, subject: str) -> bytes:
        if subject in self._cache:
            return self._cache[subject]
        # The row as the session knows it (a key re-wrapped in this session), else read as
        # a plain row: an ORM object per key cost more than the unwrap (docs/performance.md).
        known = self.session.identity_map.get(self.session.identity_key(DataKey, subject))
        if known is not None:
            if known in self.session.deleted:  # destroyed, the delete not flushed yet
                raise CaseErased("data key missing or destroyed")
            found: tuple[str, bytes] | None = (known.master_key_id, known.wrapped)
        else:
            with self.session.no_autoflush:
                row = self.session.execute(_WRAPPED_KEY, {"subject": subject}).first()
            found = None if row is None else (row[0], row[1])
        if found is None:
            raise CaseErased("data key missing or destroyed")
        k = self.keyring.unwrap(found[0], found[1], subject)
        self._cache[subject] = k
        return k

    def preload(self, subjects: list[str], chunk: int = 500) -> None:
        """Unwrap many data keys with a few queries (lists and name search), instead of
        one query per case when each sealed value is first read."""
        missing = [s for s in dict.fromkeys(subjects) if s not in self._cache]
        for i in range(0, len(missing), chunk):
            with self.session.no_autoflush:
                rows = self.session.execute(
                    select(DataKey.subject, DataKey.master_key_id, DataKey.wrapped).where(DataKey.subject.in_(missing[i : i + chunk]))
                ).all()
            for subject, kid, blob in rows:
                self._cache[subject] = self.keyring.unwrap(kid, blob, subject)

    def known(self, subject: str) -> bytes | None:
        """A key already unwrapped in this session (e.g. by ``preload``), else None;
        never a query. After ``preload``, None means the key is gone (an erased case)."""
        return self._cache.get(subject)

    def create(self, subject: str) -> bytes:
        k = new_data_key()
        kid, blob = self.keyring.wrap(k, subject)
        self.session.add(DataKey(subject=subject, master_key_id=kid, wrapped=blob))
        self._cache[subject] = k
        return k

    def adopt(self, subject: str, key: bytes) -> bytes:
        """Store a key that was made elsewhere (wrapped like every data key), so it survives
        master-key rotation from now on."""
        kid, blob = self.keyring.wrap(key, subject)
        self.session.add(DataKey(subject=subject, master_key_id=kid, wrapped=blob))
        self._cache[subject] = key
        return key

    def ensure(self, subject: str) -> bytes:
        try:
            return self.key(subject)
        except CaseErased:
            return self.create(subject)

    def destroy(self, subject: str) -> None:
        self._cache.pop(subject, None)
        row = self.session.get(DataKey, subject)
        if row is not None:
            self.session.delete(row)

    def rewrap_all(self) -> int:
        n = 0
        for row in self.session.scalars(select(DataKey)):
            row.master_key_id, row.wrapped = self.keyring.rewrap(row.master_key_id, row.wrapped, row.subject)
            n += 1
        self._cache.clear()
        return n


def keys_of(session: Session) -> CaseKeyStore:
    return session.info["case_keys"]


# --- value codecs ----------------------------------------------------------------
def _encode(kind: type | str, value: Any) -> bytes:
    if kind is str:
        if not isinstance(value, str):
            raise TypeError("expected str")
        return value.encode()
    if kind is Money:
        if not isinstance(value, Money):
            raise TypeError("expected Money")
        return str(value.cents).encode()
    if kind is date:
        if not isinstance(value, date):
            raise TypeError("expected date")
        return value.isoformat().encode()
    if kind is int:
        return str(int(value)).encode()
    if kind is bool:
        return b"1" if value else b"0"
    if kind is Decimal:
        if isinstance(value, float):
            raise TypeError("float refused")
        return str(Decimal(value)).encode()
    if kind == "json":
        return json.dumps(value, sort_keys=True, default=_json_default).encode()
    raise TypeError(f"unsupported sealed kind {kind!r}")


def _json_default(o: Any) -> Any:
    if isinstance(o, Money):
        return {"__cents__": o.cents}
    if isinstance(o, date):
        return o.isoformat()
    if isinstance(o, Decimal):
        return str(o)
    raise TypeError("not serialisable")


def _json_hook(d: dict[str, Any]) -> Any:
    if set(d) == {"__cents__"}:
        return Money(int(d["__cents__"]))
    return d


def _decode(kind: type | str, raw: bytes) -> Any:
    if kind is str:
        return raw.decode()
    if kind is Money:
        return Money(int(raw))
    if kind is date:
        return date.fromisoformat(raw.decode())
    if kind is int:
        return int(raw)
    if kind is bool:
        return raw == b"1"
    if kind is Decimal:
        return Decimal(raw.decode())
    if kind == "json":
        return json.loads(raw, object_hook=_json_hook)
    raise TypeError(f"unsupported sealed kind {kind!r}")


_PENDING = b"\x00pending"


class SealedField:
    """Descriptor for a sealed value stored in the raw column ``<name>_enc``."""

    def __init__(self, kind: type | str = str) -> None:
        self.kind = kind
        self.name = ""
        self.column = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.column = f"{name}_enc"

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        pending = obj.__dict__.get("_sealed_pending")
        if pending and self.name in pending:
            return pending[self.name]
        raw = getattr(obj, self.column)
        if raw is None:
            return None
        cache = obj.__dict__.setdefault("_sealed_cache", {})
        hit = cache.get(self.name)
        if hit is not None and hit[0] is raw:
            return hit[1]
        session = object_session(obj)
        if session is None:
            raise KeyMissing("sealed value read outside a session")
        subject, aad_id = obj.sealed_binding()
        key = keys_of(session).key(subject)
        value = _decode(self.kind, open_sealed(key, raw, aad_for(obj.__tablename__, self.column, aad_id)))
        cache[self.name] = (raw, value)
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        if value is not None:
            _encode(self.kind, value)  # type check now, not at flush time
        obj.__dict__.setdefault("_sealed_pending", {})[self.name] = value
        obj.__dict__.get("_sealed_cache", {}).pop(self.name, None)
        # Touch the raw column so the ORM knows the row changed.
        setattr(obj, self.column, None if value is None else _PENDING)


class Sealed:
    """Mixin for models with sealed fields. Override ``sealed_binding`` where needed."""

    creates_data_key = False  # True only on Case: a new case mints its data key at flush

    def sealed_binding(self) -> tuple[str, int | str]:
        case_id = getattr(self, "case_id", None)
        if case_id is None and getattr(self, "case", None) is not None:
            case_id = self.case.id
        if case_id is None:
            raise ValueError("sealed row without a case")
        return case_subject(case_id), case_id

    @classmethod
    def sealed_fields(cls) -> dict[str, SealedField]:
        cached = cls.__dict__.get("_sealed_fields_cache")
        if cached is not None:
            return cached
        out = {}
        for klass in cls.__mro__:
            for k, v in vars(klass).items():
                if isinstance(v, SealedField):
                    out.setdefault(k, v)
        cls._sealed_fields_cache = out  # per class (the class's own __dict__), fixed after import
        return out


@event.listens_for(Session, "before_flush")
def _seal_pending(session: Session, _ctx: Any, _instances: Any) -> None:
    store: CaseKeyStore | None = session.info.get("case_keys")
    # session.new builds a fresh set on every access: take it once (asking per object
    # made a flush of n new rows cost O(n^2); 3 of 9 s when generating 300 cases).
    new = session.new
    for obj in list(new) + list(session.dirty):
        pending = obj.__dict__.get("_sealed_pending")
        if not pending:
            continue
        if store is None:
            raise KeyMissing("session has no key store")
        subject, aad_id = obj.sealed_binding()
        if obj in new and getattr(obj, "creates_data_key", False):
            key = store.create(subject)  # a new case gets its own key; nothing else may mint one
        elif not subject.startswith("case:"):
            key = store.ensure(subject)  # the "system" key for user secrets, made on first use
        else:
            key = store.key(subject)
        fields = type(obj).sealed_fields()
        for name, value in list(pending.items()):
            f = fields[name]
            if value is None:
                setattr(obj, f.column, None)
            else:
                raw = seal(key, _encode(f.kind, value), aad_for(obj.__tablename__, f.column, aad_id))
                setattr(obj, f.column, raw)
                obj.__dict__.setdefault("_sealed_cache", {})[name] = (raw, value)
        pending.clear()
