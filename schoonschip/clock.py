"""Dates as the community room sees them (Europe/Amsterdam), not the server's UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def today() -> date:
    return datetime.now(AMSTERDAM).date()


def local(dt: datetime) -> datetime:
    """A naive UTC timestamp from the database, shown in Amsterdam time."""
    return dt.replace(tzinfo=UTC).astimezone(AMSTERDAM)
