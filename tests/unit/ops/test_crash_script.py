"""``make crash`` (scripts/crash_test.py), issue 16 finding 7: it once killed the server before
the first acknowledged write and then failed with "no write was acknowledged". Now it waits for
acknowledged writes before the kill, and fails only on a lost acknowledged write or a broken
database. The round is driven here with stand-ins for gunicorn and the writers (no server)."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest

from scripts import crash_test


class FakeServer:
    killed_at: list[int] = []
    counts: dict[str, int] | None = None

    def __init__(self, *_a, **_k) -> None:  # type: ignore[no-untyped-def]
        self.port = 1

    def start(self) -> FakeServer:
        return self

    def pids(self) -> list[int]:
        return [1, 2]

    def kill9(self) -> None:
        if FakeServer.counts is not None:
            FakeServer.killed_at.append(FakeServer.counts["acknowledged"])


def _slow_writer(errors: int):  # type: ignore[no-untyped-def]
    def writer(name, password, case_ids, creditor_ids, port, stop, written, lock, counts, seed, round_no):  # type: ignore[no-untyped-def]
        FakeServer.counts = counts
        time.sleep(0.3)  # a slow login under load: nothing is acknowledged at first
        with lock:
            counts["5xx"] += errors
        n = 0
        while not stop.is_set():
            n += 1
            with lock:
                written.contacts.append((case_ids[0], f"m{n}"))
                counts["acknowledged"] += 1
            time.sleep(0.01)

    return writer


@pytest.fixture
def stand_ins(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    FakeServer.killed_at = []
    FakeServer.counts = None
    monkeypatch.setattr(crash_test, "make_instance", lambda inst, **k: inst)
    monkeypatch.setattr(crash_test, "populate", lambda inst, **k: SimpleNamespace(
        password="x", coaches=["coach.synth000"], case_ids_by_coach={"coach.synth000": [1]}))
    monkeypatch.setattr(crash_test, "confirmed_creditor_ids", lambda inst, n: [1])
    monkeypatch.setattr(crash_test, "Gunicorn", FakeServer)
    monkeypatch.setattr(crash_test, "integrity", lambda inst: "ok")
    monkeypatch.setattr(crash_test, "drop_scratch", lambda tmp, inst, keep: None)
    monkeypatch.setattr(crash_test.subprocess, "run", lambda *a, **k: SimpleNamespace(returncode=0, stdout="ok", stderr=""))
    monkeypatch.setattr(crash_test.tempfile, "mkdtemp", lambda prefix: str(tmp_path))
    return monkeypatch


ARGS = ["--rounds", "1", "--min-burst", "0", "--max-burst", "0", "--min-acknowledged", "3", "--ack-timeout", "30"]


def test_the_kill_waits_for_acknowledged_writes(stand_ins):
    stand_ins.setattr(crash_test, "verify_writes", lambda inst, written: [])
    stand_ins.setattr(crash_test, "writer", _slow_writer(errors=0))
    assert crash_test.main(ARGS) == 0
    assert FakeServer.killed_at and FakeServer.killed_at[0] >= 3


def test_server_errors_alone_do_not_fail_it(stand_ins):
    stand_ins.setattr(crash_test, "verify_writes", lambda inst, written: [])
    stand_ins.setattr(crash_test, "writer", _slow_writer(errors=2))
    assert crash_test.main(ARGS) == 0


def test_a_lost_acknowledged_write_fails_it(stand_ins):
    stand_ins.setattr(crash_test, "verify_writes", lambda inst, written: ["contact moment m1 of case 1 is missing"])
    stand_ins.setattr(crash_test, "writer", _slow_writer(errors=0))
    assert crash_test.main(ARGS) == 1


def test_what_fails_a_round():
    assert crash_test.round_failures(1, "ok", [], True) == []
    assert crash_test.round_failures(1, "*** in database main ***", [], True)
    assert crash_test.round_failures(1, "ok", ["lost"], True)
    assert crash_test.round_failures(1, "ok", [], False)


def test_waiting_gives_up_after_the_timeout():
    now = [0.0]
    counts = {"acknowledged": 0}

    def sleep(s: float) -> None:
        now[0] += s

    assert not crash_test.wait_for_acknowledged(counts, threading.Lock(), 1, 5, sleep=sleep, clock=lambda: now[0])
    assert now[0] >= 5
    counts["acknowledged"] = 1
    assert crash_test.wait_for_acknowledged(counts, threading.Lock(), 1, 5, sleep=sleep, clock=lambda: now[0])

