"""Synthetic files for the document tests: good ones and hostile ones, all made here."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import ExifTags, Image


def pdf(text: str = "Brief van de schuldeiser", *, extra_catalog: str = "") -> bytes:
    """A small valid one-page PDF with ``text`` in an uncompressed content stream."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {extra_catalog}>>".encode(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_with_javascript() -> bytes:
    return pdf("Klik hier", extra_catalog="/OpenAction << /S /JavaScript /JS (app.alert('x')) >> /AA << /O << /S /Launch /F (cmd.exe) >> >> ")


def jpeg_with_gps(width: int = 64, height: int = 40, *, orientation: int = 6) -> bytes:
    """A synthetic photo with GPS location, camera make and an orientation in its EXIF."""
    im = Image.new("RGB", (width, height), (200, 180, 160))
    for x in range(0, width, 4):
        im.putpixel((x, 0), (0, 0, 0))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCamera"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 18.0, 42.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 57.0, 6.0)
    buf = io.BytesIO()
    im.save(buf, format="JPEG", exif=exif)
    return buf.getvalue()


def png(width: int = 20, height: int = 10) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(buf, format="PNG")
    return buf.getvalue()


def png_polyglot() -> bytes:
    """A real PNG with an HTML page and a ZIP archive glued after its end."""
    zbuf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(zbuf, "w") as zf:
        zf.writestr("evil.html", "<script>alert(1)</script>")
    return png() + b"<html><script>alert(document.cookie)</script></html>" + zbuf.getvalue()


def gif_js_polyglot() -> bytes:
    """Valid as a GIF header and as JavaScript (GIF89a=...;alert(1))."""
    return b"GIF89a=1;alert(document.domain);//" + b"\x00" * 20 + b";"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A few hundred bytes that claim 10 gigapixels (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 100_000, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def heic_header() -> bytes:
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def upload(web, case_id: int, data: bytes, filename: str, koppeling: str = "case"):  # type: ignore[no-untyped-def]
    return web.post(f"/dossiers/{case_id}/documenten", {"bestand": (io.BytesIO(data), filename), "koppeling": koppeling},
                    content_type="multipart/form-data")  # fmt: skip
