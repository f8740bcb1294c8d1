"""Issue 14 item 5: no page or PDF that a coach, coordinator, beheerder or the funders' role sees
contains a development reference: ``rules.md``, a ``.py`` file or ``docstring``.

Loads the demo data, logs in as every demo role and follows every link of the app from the
start page (GET only; at most a few pages per URL shape, so every kind of page is seen without
opening all of them), and renders every PDF it finds plus the dossier, resident overview and
inzage PDFs of the demo cases. Synthetic demo data only."""

from __future__ import annotations

import io
import re
from collections import Counter, deque
from datetime import date

import pypdf
from sqlalchemy import select

from schoonschip.cases.casefile.models import Case
from schoonschip.db import new_session
from schoonschip.demo.service import load_demo
from tests.conftest import TOTP_SECRET

PASSWORD = "demo password for tests"
TODAY = date(2026, 10, 1)
FORBIDDEN = re.compile(r"rules\.md|\.py\b|docstring", re.IGNORECASE)
SKIP = re.compile(r"^/(logout|taal|static/)|\.(csv|xlsx)$|/export\.(csv|xlsx)")
PER_SHAPE = 3
MAX_PAGES = 1500


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", url)


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(page.extract_text() or "" for page in reader.pages)


def _visible(body: str) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return body  # attributes count too: a title or value is seen as well


def _check(resp, url: str, found: list[str]) -> str | None:  # type: ignore[no-untyped-def]
    if resp.mimetype == "application/pdf":
        text = _pdf_text(resp.data)
        kind = "pdf"
    elif resp.mimetype == "text/html":
        text = _visible(resp.get_data(as_text=True))
        kind = "html"
    else:
        return None
    for m in FORBIDDEN.finditer(text):
        found.append(f"{url} ({kind}): …{text[max(0, m.start() - 60):m.end() + 30]}…")
    return text if kind == "html" else None


def _crawl(web, start: list[str], found: list[str], always: frozenset[str] = frozenset()) -> int:  # type: ignore[no-untyped-def]
    """Pages in ``always`` are opened whatever their shape (every PDF of the demo cases)."""
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    queue = deque(start)
    pages = 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        if url in seen or SKIP.search(url) or (url not in always and shapes[_shape(url)] >= PER_SHAPE):
            continue
        seen.add(url)
        shapes[_shape(url)] += 1
        resp = web.get(url)
        pages += 1
        if resp.status_code != 200:
            continue
        html = _check(resp, url, found)
        if html is None:
            continue
        for href in re.findall(r'href="(/[^"#]*)"', html):
            href = href.replace("&amp;", "&")
            if href not in seen:
                queue.append(href)
    return pages


def test_no_page_or_pdf_of_the_demo_shows_a_development_reference(app, make_web):
    with app.app_context():
        load_demo(password=PASSWORD, totp_secret=TOTP_SECRET, today=TODAY)
        db = new_session()
        case_ids = list(db.scalars(select(Case.id).order_by(Case.id)))
        db.close()
    found: list[str] = []
    visited = 0
    for username, totp in (("coach.cjm", None), ("coordinator.cjm", TOTP_SECRET), ("beheerder", TOTP_SECRET),
                           ("rapportage", None)):  # fmt: skip
        web = make_web()
        web.login(username, password=PASSWORD, totp_secret=totp)
        start = ["/", "/start"]
        always: list[str] = []
        if username == "coordinator.cjm":  # every PDF and printout of the demo cases (others answer 404)
            for cid in case_ids:
                always += [f"/dossiers/{cid}/overdracht/dossier.pdf", f"/dossiers/{cid}/overzicht-bewoner.pdf",
                           f"/dossiers/{cid}/inzage.pdf", f"/dossiers/{cid}/aflossen/afdruk"]  # fmt: skip
        visited += _crawl(web, always + start, found, frozenset(always))
    assert visited > 50  # the crawl really went through the app
    assert not found, "\n".join(found[:20])
