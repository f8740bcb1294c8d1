"""The English catalogue is complete and the language switch really shows English.

When this fails with "untranslated", run ``make translations-update`` and fill in the
empty msgstr entries named in the failure (README, "Translations")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from tests.integration.casefile_helpers import open_case_via_web

TRANSLATIONS = Path(__file__).resolve().parents[3] / "schoonschip" / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|%%")


def _catalog() -> Catalog:
    with PO.open("rb") as f:
        return read_po(f)


def _forms(value: str | tuple[str, ...] | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def test_every_msgid_has_an_english_translation() -> None:
    missing = []
    for msg in _catalog():
        if not msg.id:
            continue
        if not all(s.strip() for s in _forms(msg.string)) or not _forms(msg.string):
            missing.append(_forms(msg.id)[0])
    assert not missing, f"{len(missing)} untranslated msgid(s) in {PO.name}:\n" + "\n".join(missing[:50])


def test_no_translation_is_fuzzy() -> None:
    fuzzy = [_forms(m.id)[0] for m in _catalog() if m.id and m.fuzzy]
    assert not fuzzy, "fuzzy (unchecked) translations:\n" + "\n".join(fuzzy)


def test_placeholders_match() -> None:
    wrong = []
    for msg in _catalog():
        if not msg.id:
            continue
        ids, strings = _forms(msg.id), _forms(msg.string)
        # Plural forms: each English form must use the placeholders of the Dutch plural.
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for i, s in enumerate(strings):
            source = ids[min(i, len(ids) - 1)]
            if sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(source)) and sorted(
                PLACEHOLDER.findall(s)
            ) != expected:
                wrong.append(f"{source!r} -> {s!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


@pytest.fixture
def compiled_english() -> None:
    """The .mo is built, not checked in; build it from the .po like `make translations`."""
    mo = PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < PO.stat().st_mtime:
        with mo.open("wb") as f:
            write_mo(f, _catalog())


def _english(web) -> None:  # type: ignore[no-untyped-def]
    web.get("/login")
    web.post("/taal", {"lang": "en", "next": "/login"})


def test_login_page_in_english(app, web, compiled_english) -> None:  # type: ignore[no-untyped-def]
    assert "Inloggen" in web.get("/login").get_data(as_text=True)  # Dutch is the default
    _english(web)
    body = web.get("/login").get_data(as_text=True)
    assert "Log in" in body and "Inloggen" not in body
    assert "Username" in body and "Password" in body


def _tab(body: str, href: str, label: str) -> bool:
    return re.search(rf'href="{re.escape(href)}"[^>]*>{re.escape(label)}</a>', body) is not None


def test_case_page_in_english(app, web, people, compiled_english) -> None:  # type: ignore[no-untyped-def]
    web.login("coach.a")
    cid = open_case_via_web(web, "Demo Taal Testpersoon", people.loc_a)
    dutch = web.get(f"/dossiers/{cid}").get_data(as_text=True)
    assert _tab(dutch, f"/dossiers/{cid}/persoon", "Persoon")
    _english(web)
    body = web.get(f"/dossiers/{cid}").get_data(as_text=True)
    # Tab labels come from register_tab(...) data, not from _("...") in code.
    assert _tab(body, f"/dossiers/{cid}/persoon", "Person")
    assert _tab(body, f"/dossiers/{cid}/verhaal", "Story")
    assert _tab(body, f"/dossiers/{cid}/toestemming", "Consent")
    assert _tab(body, f"/dossiers/{cid}", "Overview")
    assert not _tab(body, f"/dossiers/{cid}/persoon", "Persoon")
    assert "Log out" in body and "Uitloggen" not in body


def test_form_errors_from_pure_modules_are_translated(app, web, people, compiled_english) -> None:  # type: ignore[no-untyped-def]
    """money.parse_amount raises a Dutch message marked with N_; the form shows it in English."""
    web.login("coach.a")
    cid = open_case_via_web(web, "Demo Taal Testpersoon", people.loc_a)
    _english(web)
    body = web.post(f"/dossiers/{cid}/schulden/nieuw", {"private_creditor_name": "Demo Schuldeiser", "hoofdsom": "twaalf"}).get_data(
        as_text=True
    )
    assert "This is not an amount" in body, body[:3000]
    assert "Dit is geen bedrag" not in body


def test_every_text_in_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    """Extract like `make translations-update` does; a text marked in the code or data but not
    in the .po was never translated (someone forgot `make translations-update`)."""
    import subprocess
    import sys

    root = TRANSLATIONS.parents[1]
    pot = tmp_path / "messages.pot"
    keywords = ["-k", "_", "-k", "gettext", "-k", "lazy_gettext", "-k", "N_", "-k", "ngettext:1,2"]
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", *keywords, "-o", str(pot), "."],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as f:
        wanted = {_forms(m.id)[0] for m in read_po(f) if m.id}
    have = {_forms(m.id)[0] for m in _catalog() if m.id}
    missing = sorted(wanted - have)
    assert not missing, (
        f"{len(missing)} text(s) in the code are not in {PO.name}; run `make translations-update` and translate:\n"
        + "\n".join(missing[:50])
    )
