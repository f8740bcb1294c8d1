"""Pure rules of documents: the kind from the first bytes, the size limit, safe file names,
active content in PDFs; and the image normalisation (Pillow, no database)."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from schoonschip.cases.documents.images import normalise
from schoonschip.cases.documents.rules import (
    MAX_BYTES,
    NAME_LIMIT,
    DocumentKind,
    Link,
    LinkKind,
    pdf_active_markers,
    sanitise_filename,
    size_problem,
    sniff,
)
from schoonschip.web.pdf import ascii_filename
from tests.integration.documents_support import (
    gif_js_polyglot,
    heic_header,
    jpeg_with_gps,
    png_bomb,
    png_polyglot,
)


def test_kind_comes_from_the_content() -> None:
    assert sniff(b"%PDF-1.7\n...").kind is DocumentKind.PDF
    assert sniff(b"\xff\xd8\xff\xe0....JFIF").kind is DocumentKind.JPEG
    assert sniff(b"\x89PNG\r\n\x1a\n....").kind is DocumentKind.PNG
    for hostile in (b"GIF89a", gif_js_polyglot(), b"<html><script>", b"PK\x03\x04", b"hello.jpg", b"", b" %PDF-1.4"):
        found = sniff(hostile[:64])
        assert found.kind is None and found.problem is not None and "geen pdf, JPEG of PNG" in found.problem
    heic = sniff(heic_header())
    assert heic.kind is None and heic.problem is not None and "HEIC" in heic.problem


def test_size_limit_is_15_mb() -> None:
    assert MAX_BYTES == 15 * 1024 * 1024
    assert size_problem(MAX_BYTES) is None and size_problem(1) is None
    assert size_problem(MAX_BYTES + 1) is not None and "15 MB" in size_problem(16 * 1024 * 1024)
    assert size_problem(0) is not None


def test_file_names_lose_their_path_and_get_the_real_extension() -> None:
    assert sanitise_filename("../../x.pdf", DocumentKind.PDF) == "x.pdf"
    assert sanitise_filename("C:\\Users\\jan\\brief.PDF", DocumentKind.PDF) == "brief.pdf"
    assert sanitise_filename("foto.exe", DocumentKind.JPEG) == "foto.jpg"
    assert sanitise_filename(".htaccess", DocumentKind.PNG) == "document.png"
    assert sanitise_filename("a\x00b\r\n<script>.pdf", DocumentKind.PDF) == "ab script.pdf"
    assert sanitise_filename("Brief Intrum 12-3-2026.pdf", DocumentKind.PDF) == "Brief Intrum 12-3-2026.pdf"
    assert sanitise_filename("", DocumentKind.PDF) == "document.pdf"


@given(st.text(max_size=300), st.sampled_from(list(DocumentKind)))
def test_sanitised_names_are_always_safe(raw: str, kind: DocumentKind) -> None:
    name = sanitise_filename(raw, kind)
    assert name.endswith(kind.extension) and 0 < len(name) <= NAME_LIMIT
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert all(ch.isprintable() for ch in name) and '"' not in name
    plain = ascii_filename(name)
    assert plain.isascii() and '"' not in plain and "\\" not in plain and plain


def test_active_pdf_content_is_found_also_hex_escaped() -> None:
    assert pdf_active_markers(b"%PDF-1.4 << /Type /Catalog >>") == []
    assert pdf_active_markers(b"<< /OpenAction << /S /JavaScript /JS (x) >> >>") == ["JS", "JavaScript", "OpenAction"]
    assert pdf_active_markers(b"<< /S /J#61vaScript /L#61unch >>") == ["JavaScript", "Launch"]


def test_link_needs_its_target() -> None:
    assert Link().kind is LinkKind.CASE
    for bad in (dict(kind=LinkKind.DEBT), dict(kind=LinkKind.VOORLEGGER), dict(kind=LinkKind.CASE, debt_id=3)):
        try:
            Link(**bad)  # type: ignore[arg-type]
        except ValueError:
            continue
        raise AssertionError(bad)


def test_normalised_photo_has_no_exif_and_is_upright() -> None:
    out = normalise(jpeg_with_gps(30, 20, orientation=6), DocumentKind.JPEG)
    assert out.problem is None and out.data is not None
    im = Image.open(io.BytesIO(out.data))
    assert im.size == (20, 30) and len(im.getexif()) == 0


def test_polyglot_tail_is_dropped_and_bombs_refused() -> None:
    out = normalise(png_polyglot(), DocumentKind.PNG)
    assert out.data is not None and b"<script>" not in out.data and b"PK\x03\x04" not in out.data
    bomb = normalise(png_bomb(), DocumentKind.PNG)
    assert bomb.data is None and bomb.problem is not None and "beeldpunten" in bomb.problem
    medium = normalise(png_bomb(8000, 8000), DocumentKind.PNG)  # 64 MP: over the limit, under Pillow's own
    assert medium.data is None
    broken = normalise(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, DocumentKind.PNG)
    assert broken.data is None and broken.problem is not None
