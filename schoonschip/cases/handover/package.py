"""The sealed handover package: the dossier PDF and the case's documents in one ZIP,
encrypted with age (X25519, through pyrage) to the receiving organisation's public key.

* Only after the coordinator's sign-off (the round is ``akkoord`` or ``overgedragen``), only
  for a coordinator of the case's location, only with the resident's consent to share (the
  dossier refuses without it).
* A receiving organisation without a registered key gets **no** package: there is no
  unencrypted variant. The page says what to ask them for.
* Nothing of the package is written to disk: the ZIP is made and encrypted in memory.
* Audited: per file a ``handover_package_item`` event (document id, or ``dossier``, with the
  SHA-256 of its bytes: no file names, they can be personal) and one ``handover_package``
  event with the organisation id and the SHA-256 of the encrypted package as downloaded.

The receiver opens it with the standard ``age`` tool: docs/handover.md.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import date

import pyrage
from pyrage import x25519
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.documents.service import files_for_package
from schoonschip.cases.errors import N_
from schoonschip.cases.handover.models import Handover, HandoverState, ReceivingOrg
from schoonschip.cases.handover.rounds import latest_round
from schoonschip.i18n import Msg

AGE_PREFIX = "age1"


def recipient_problem(text: str) -> Msg | None:
    """None when ``text`` is a valid age X25519 public key (``age1...``), else a Dutch message."""
    text = text.strip()
    if not text:
        return None
    if not text.startswith(AGE_PREFIX) or len(text) > 100:
        return N_("Dit is geen publieke age-sleutel. Die begint met ‘age1’ en is 62 tekens lang.")
    try:
        x25519.Recipient.from_str(text)
    except (pyrage.RecipientError, ValueError):
        return N_("Deze age-sleutel klopt niet. Vraag de organisatie om de sleutel opnieuw te sturen en plak hem in zijn geheel.")
    return None


@dataclass(frozen=True)
class PackageState:
    """Whether a package can be made now, and for whom; ``reason`` says why not."""

    handover: Handover | None
    org: ReceivingOrg | None
    reason: Msg | None

    @property
    def available(self) -> bool:
        return self.reason is None


def package_state(db: Session, case: Case) -> PackageState:
    h = latest_round(db, case)
    if h is None or h.state not in (HandoverState.AKKOORD.value, HandoverState.OVERGEDRAGEN.value):
        return PackageState(h, None, N_("Het versleutelde pakket kan pas na het akkoord van een coördinator."))
    org = h.receiving_org
    if not org.age_recipient:
        return PackageState(h, org, N_(
            "Voor %(org)s is nog geen publieke age-sleutel vastgelegd. Vraag %(org)s om hun publieke age-sleutel "
            "(een regel die begint met ‘age1’; nooit de geheime sleutel). De beheerder zet die bij Ontvangers. "
            "Zonder sleutel maakt Schoon Schip geen pakket.", org=org.name))  # fmt: skip
    return PackageState(h, org, None)


@dataclass(frozen=True)
class SealedPackage:
    data: bytes
    filename: str
    sha256: str
    items: list[tuple[str, str]]  # (document id or "dossier", sha256 of its bytes)


def _entry(name: str, on: date) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(on.year, on.month, on.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def build_zip(case: Case, dossier_pdf: bytes, today: date, db: Session) -> tuple[bytes, list[tuple[str, str]]]:
    """The ZIP (in memory): the dossier, every document under ``documenten/`` and
    ``inhoud.txt`` (what is inside with each file's SHA-256, for the receiver to check)."""
    dossier_name = f"dossier-{case.reference}.pdf"
    items = [("dossier", hashlib.sha256(dossier_pdf).hexdigest())]
    lines = [f"Overdracht {case.reference}, gemaakt op {today.strftime('%d-%m-%Y')}", "", f"{items[0][1]}  {dossier_name}"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(_entry(dossier_name, today), dossier_pdf)
        for n, f in enumerate(files_for_package(db, case), start=1):
            name = f"documenten/{n:02d}-{f.name}"
            zf.writestr(_entry(name, today), f.data)
            items.append((str(f.document_id), f.sha256))
            lines.append(f"{f.sha256}  {name}")
        zf.writestr(_entry("inhoud.txt", today), ("\n".join(lines) + "\n").encode())
    return buf.getvalue(), items


def make_package(db: Session, case: Case, *, dossier_pdf: bytes, today: date) -> SealedPackage:
    """The sealed package for the round's receiving organisation, audited. Refuses
    (ValueError, never a package) when :func:`package_state` says it is not available."""
    state = package_state(db, case)
    if not state.available or state.org is None or not state.org.age_recipient:
        raise ValueError("no sealed package available")
    plain, items = build_zip(case, dossier_pdf, today, db)
    recipient = x25519.Recipient.from_str(state.org.age_recipient.strip())
    sealed = pyrage.encrypt(plain, [recipient])
    digest = hashlib.sha256(sealed).hexdigest()
    for what, sha in items:
        if what == "dossier":
            audit.record("handover_package_item", object_type="case", object_id=case.id, location_id=case.location_id,
                         detail=f"dossier sha256:{sha}", session=db)  # fmt: skip
        else:
            audit.record("handover_package_item", object_type="document", object_id=what, location_id=case.location_id,
                         detail=f"case:{case.id} sha256:{sha}", session=db)  # fmt: skip
    audit.record_case("handover_package", case, detail=f"org:{state.org.id} files:{len(items)} sha256:{digest}", session=db)
    return SealedPackage(sealed, f"overdracht-{case.reference}.zip.age", digest, items)
