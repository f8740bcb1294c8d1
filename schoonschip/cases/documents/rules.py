"""Rules for documents. Pure: no Flask, no SQLAlchemy, no image library.

* The **kind** of a file is read from its first bytes (magic numbers), never from its name
  or the browser's content type: a text file called ``brief.jpg`` is no JPEG.
* Allowed: PDF, JPEG and PNG, up to :data:`MAX_BYTES` (15 MB). HEIC (iPhone photos) is
  recognised so the coach gets a plain message on how to send a JPEG instead.
* The **file name** the browser sends is only a label: :func:`sanitise_filename` keeps a
  short, safe base name (no path, no control characters) with the extension of the real
  kind. It never appears in a URL; it is sealed with the case key.
* A PDF is kept as it is. :func:`pdf_active_markers` looks for names that make a PDF act
  (``/JavaScript``, ``/OpenAction``, ``/Launch`` ...), also hex-escaped (``/J#61vaScript``).
  Such a PDF is stored inert and flagged: like every document it is only ever served as an
  attachment with a sandboxing Content-Security-Policy, never shown inside the app.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from schoonschip.i18n import N_, LabelledEnum, Msg

__all__ = [
    "MAX_BYTES",
    "MAX_PIXELS",
    "NAME_LIMIT",
    "DocumentKind",
    "LinkKind",
    "Link",
    "Sniffed",
    "sniff",
    "size_problem",
    "sanitise_filename",
    "pdf_active_markers",
    "HEIC_REFUSED",
    "UNKNOWN_REFUSED",
]

MAX_BYTES = 15 * 1024 * 1024
# An image may have at most this many pixels (a 48-megapixel phone photo fits): more is a
# decompression bomb, a few bytes of PNG that unpack to gigabytes.
MAX_PIXELS = 50_000_000
NAME_LIMIT = 80


class DocumentKind(LabelledEnum):
    PDF = "pdf", N_("PDF")
    JPEG = "jpeg", N_("Foto (JPEG)")
    PNG = "png", N_("Afbeelding (PNG)")
    # A bank statement file kept from the budget's statement import (never from the upload
    # form, whose sniffing takes PDF, JPEG and PNG only): stored as it came, served as a
    # download like every document.
    STATEMENT_XML = "afs_xml", N_("Bankafschrift (CAMT.053-bestand)")
    STATEMENT_TEXT = "afs_tekst", N_("Bankafschrift (MT940- of CSV-bestand)")

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self.value]

    @property
    def mimetype(self) -> str:
        return _MIMETYPES[self.value]

    @property
    def is_image(self) -> bool:
        return self in (DocumentKind.JPEG, DocumentKind.PNG)


_EXTENSIONS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png", "afs_xml": ".xml", "afs_tekst": ".txt"}
_MIMETYPES = {
    "pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png",
    "afs_xml": "application/xml", "afs_tekst": "text/plain",
}  # fmt: skip
STATEMENTS_VOORLEGGER_CODE = "bankafschriften"


def statement_kind(data: bytes) -> DocumentKind:
    """The kind a kept bank statement file gets: XML (CAMT.053) or text (MT940, CSV)."""
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return DocumentKind.STATEMENT_XML if head.startswith(b"<") else DocumentKind.STATEMENT_TEXT


class LinkKind(StrEnum):
    CASE = "case"
    DEBT = "debt"
    VOORLEGGER = "voorlegger"


@dataclass(frozen=True)
class Link:
    """Where a document belongs: the case, one debt, or one voorlegger item."""

    kind: LinkKind = LinkKind.CASE
    debt_id: int | None = None
    voorlegger_code: str | None = None

    def __post_init__(self) -> None:
        if self.kind is LinkKind.DEBT and self.debt_id is None:
            raise ValueError("a debt link needs a debt id")
        if self.kind is LinkKind.VOORLEGGER and not self.voorlegger_code:
            raise ValueError("a voorlegger link needs an item code")
        if self.kind is LinkKind.CASE and (self.debt_id is not None or self.voorlegger_code):
            raise ValueError("a case link has no target")


HEIC_REFUSED = N_(
    "Dit is een HEIC-foto (van een iPhone). Die kan Schoon Schip niet openen. "
    "Kies bij het uploaden ‘Foto maken’ of zet op de iPhone bij Instellingen > Camera > Formaten "
    "‘Meest compatibel’ aan. Dan wordt het een JPEG."
)
UNKNOWN_REFUSED = N_("Dit bestand is geen pdf, JPEG of PNG. Alleen die soorten kunnen erin. Scan of fotografeer de brief opnieuw.")

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}


@dataclass(frozen=True)
class Sniffed:
    kind: DocumentKind | None
    problem: Msg | None = None


def sniff(head: bytes) -> Sniffed:
    """The kind of a file from its first bytes; a problem (Dutch message) when it is not
    one we take."""
    if head.startswith(b"%PDF-"):
        return Sniffed(DocumentKind.PDF)
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed(DocumentKind.JPEG)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed(DocumentKind.PNG)
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return Sniffed(None, HEIC_REFUSED)
    return Sniffed(None, UNKNOWN_REFUSED)


def size_problem(size: int) -> Msg | None:
    if size <= 0:
        return N_("Het bestand is leeg. Kies het bestand opnieuw.")
    if size > MAX_BYTES:
        return N_("Het bestand is te groot: hoogstens %(mb)s MB. Scan met een lagere kwaliteit of maak er een foto van.",
                  mb=MAX_BYTES // (1024 * 1024))  # fmt: skip
    return None


_KEEP = re.compile(r"[^\w .()\-]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def sanitise_filename(raw: str, kind: DocumentKind) -> str:
    """A safe, short base name with the extension of the real kind.

    The directory part (``../../``, ``C:\\``) is dropped, control and path characters and
    anything but letters, digits, spaces and ``.-()`` go; leading dots go (no hidden files);
    at most :data:`NAME_LIMIT` characters. An empty result is ``document``."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = _KEEP.sub(" ", stem)
    stem = _SPACES.sub(" ", stem).strip(" .-")
    limit = NAME_LIMIT - len(kind.extension)
    stem = stem[:limit].rstrip(" .-") or "document"
    return stem + kind.extension


# Names in a PDF that make it do something when opened.
ACTIVE_NAMES = ("JavaScript", "JS", "OpenAction", "Launch", "AA", "EmbeddedFile", "RichMedia", "XFA", "SubmitForm", "ImportData")
_NAME = re.compile(rb"/([A-Za-z0-9#]+)")
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")


def pdf_active_markers(data: bytes) -> list[str]:
    """The active-content names this PDF contains (sorted, each once), hex escapes decoded.
    Inside compressed object streams a name is not seen: that is why every PDF is served
    inert, whatever this finds; a finding only adds a warning."""
    wanted = set(ACTIVE_NAMES)
    found: set[str] = set()
    for m in _NAME.finditer(data):
        raw = m.group(1)
        if b"#" in raw:
            raw = _HEX.sub(lambda h: bytes([int(h.group(1), 16)]), raw)
        try:
            name = raw.decode("ascii")
        except UnicodeDecodeError:
            continue
        if name in wanted:
            found.add(name)
    return sorted(found)
