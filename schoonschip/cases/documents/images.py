"""Normalising an uploaded photo or scan with Pillow. No Flask, no SQLAlchemy.

The image is opened from memory, turned upright (``exif_transpose``), and encoded again in
its own kind: the new file carries the pixels only. EXIF (camera, time, GPS location), XMP,
comments, text chunks and anything appended after the image (a ZIP or HTML glued to a PNG,
a polyglot) are gone. A picture with more than :data:`rules.MAX_PIXELS` pixels (a
decompression bomb: a small PNG that unpacks to gigabytes) is refused before it is decoded.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from schoonschip.cases.documents.rules import MAX_PIXELS, DocumentKind
from schoonschip.i18n import N_, Msg

BOMB_REFUSED = N_("Deze afbeelding is te groot (te veel beeldpunten). Maak een nieuwe foto of scan met een lagere resolutie.")
BROKEN_REFUSED = N_("Deze afbeelding is beschadigd of onvolledig. Maak een nieuwe foto of scan.")

# Pillow's own guard as a second line: a bomb it sees is an error, not a warning.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class Normalised:
    data: bytes | None
    problem: Msg | None = None


def normalise(data: bytes, kind: DocumentKind) -> Normalised:
    """The image encoded again without metadata, upright; or a problem."""
    if not kind.is_image:
        raise ValueError("only images are normalised")
    fmt = "JPEG" if kind is DocumentKind.JPEG else "PNG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as im:
                width, height = im.size
                if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
                    return Normalised(None, BOMB_REFUSED)
                im.load()
                upright = ImageOps.exif_transpose(im)
                out = io.BytesIO()
                if fmt == "JPEG":
                    if upright.mode not in ("RGB", "L"):
                        upright = upright.convert("RGB")
                    upright.save(out, format="JPEG", quality=85, optimize=True)
                else:
                    if upright.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                        upright = upright.convert("RGBA")
                    upright.save(out, format="PNG", optimize=False)
                return Normalised(out.getvalue())
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return Normalised(None, BOMB_REFUSED)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return Normalised(None, BROKEN_REFUSED)
