"""The upload form (a file and where it belongs) and the form to link a document elsewhere.

Where a document belongs is one choice (``koppeling``): ``case``, ``debt:<id>`` or
``voorlegger:<code>``; the service checks that the debt belongs to the case."""

from __future__ import annotations

from wtforms import StringField

from schoonschip.cases.documents.rules import Link, LinkKind
from schoonschip.i18n import N_
from schoonschip.web.forms import Form, VersionField, strip

NO_FILE = N_("Kies een bestand of maak een foto.")
BAD_LINK = N_("Kies waar het document bij hoort.")


def parse_link(value: str) -> Link | None:
    """``case``, ``debt:12`` or ``voorlegger:loonstroken`` as a :class:`Link`; None otherwise."""
    kind, _sep, target = (value or "").partition(":")
    if kind == LinkKind.CASE and not target:
        return Link()
    if kind == LinkKind.DEBT and target.isascii() and target.isdigit() and len(target) <= 9:
        return Link(LinkKind.DEBT, debt_id=int(target))
    if kind == LinkKind.VOORLEGGER and target and len(target) <= 40 and target.replace("_", "").isalnum() and target.isascii():
        return Link(LinkKind.VOORLEGGER, voorlegger_code=target)
    return None


def link_value(link: Link) -> str:
    if link.kind is LinkKind.DEBT:
        return f"debt:{link.debt_id}"
    if link.kind is LinkKind.VOORLEGGER:
        return f"voorlegger:{link.voorlegger_code}"
    return "case"


class LinkForm(Form):
    koppeling = StringField(filters=[strip])
    version = VersionField(empty=0)

    def link(self) -> Link | None:
        self.validate()
        link = parse_link(self.koppeling.data or "")
        if link is None:
            self.add_error("koppeling", BAD_LINK)
        return link


class UploadForm(LinkForm):
    """The file itself is read by the view from ``request.files`` (kept in memory, never
    written to disk: see ``CleanRequest`` in schoonschip/web)."""
