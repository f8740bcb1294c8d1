"""PDF rendering of our print layouts (WeasyPrint), for the dossier, the reports and the
inzage. The PDF reads only the app's own static files: never the network or the rest of the disk."""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Response, render_template

# ============================================================================ the PDF
PRINT_CSS = "static/print_doc.css"  # relative: resolved against the PDF's own base URL
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
PDF_BASE_URL = "https://pdf.schoonschip.invalid/"
_ALLOWED_SUFFIXES = {".css", ".svg", ".png"}


class ResourceRefused(ValueError):
    """The PDF asked for something that is not one of our own static files."""


def local_static(url: str) -> tuple[bytes, str]:
    """The bytes and type of one of our static files, for a URL under PDF_BASE_URL/static/.
    Anything else (another host, a file: or data: URL, a path outside static/) is refused:
    the PDF never reaches the network or the rest of the disk."""
    prefix = PDF_BASE_URL + "static/"
    if not url.startswith(prefix):
        raise ResourceRefused("only the app's own static files")
    rel = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    path = (STATIC_DIR / rel).resolve()
    if not path.is_relative_to(STATIC_DIR) or path.suffix not in _ALLOWED_SUFFIXES or not path.is_file():
        raise ResourceRefused("not a static file")
    return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _fetcher() -> Any:
    import weasyprint.urls as wurls

    base = getattr(wurls, "URLFetcher", None)
    if base is None:  # WeasyPrint < 66: a plain function returning a dict
        def fetch(url: str) -> dict[str, Any]:
            body, mime = local_static(url)
            return {"string": body, "mime_type": mime, "redirected_url": url}

        return fetch

    class LocalOnlyFetcher(base):  # type: ignore[misc, valid-type]
        def fetch(self, url: str, headers: Any = None) -> Any:
            body, mime = local_static(url)
            return wurls.URLFetcherResponse(url, body, {"Content-Type": mime})

    return LocalOnlyFetcher()


def render_pdf(html: str) -> bytes:
    """A PDF of one of our print layouts, in memory (never written to disk)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_fetcher()).write_pdf()


# Whatever a download holds (a PDF we made, a resident's uploaded file, a sealed package), it
# never runs in the app's origin: the browser saves it, and if it is opened it is sandboxed.
SANDBOX_CSP = "sandbox; default-src 'none'"


def ascii_filename(name: str) -> str:
    """The name in plain ASCII for the ``filename=`` of Content-Disposition (the full name
    goes in ``filename*``): accents dropped, anything else an underscore, never a quote."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    plain = re.sub(r"[^A-Za-z0-9 .()\-]", "_", plain).strip() or "document"
    return plain


def download(body: bytes | str, filename: str, mimetype: str = "application/pdf") -> Response:
    """A response the browser saves as `filename` (an attachment), for the PDFs, exports,
    documents and packages: the name in ASCII and in full (RFC 6266 ``filename*``), and a
    sandboxing CSP (``nosniff`` is set on every response)."""
    resp = Response(body, mimetype=mimetype)
    resp.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"
    )
    resp.headers["Content-Security-Policy"] = SANDBOX_CSP
    return resp


def print_or_pdf(template: str, filename: str, *, pdf: bool, **context: Any) -> str | Response:
    """One of our print layouts: the page itself, or (pdf) the same page as a PDF download
    named `filename`, with the print stylesheet resolved against the PDF's own base URL."""
    if pdf:
        return download(pdf_of(template, **context), filename)
    return render_template(template, pdf=False, css_href=None, **context)


def pdf_of(template: str, **context: Any) -> bytes:
    """One of our print layouts as PDF bytes (the download above, or a file in a package)."""
    return render_pdf(render_template(template, pdf=True, css_href=PRINT_CSS, **context))
