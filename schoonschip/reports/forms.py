"""Forms of the reports area on WTForms: the beheerder's sheet of targets (one field per
indicator and location, ``t_<code>_<location id>``; empty = no target) and the tally."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from wtforms import StringField

from schoonschip.i18n import N_
from schoonschip.reports.service import MAX_TARGET, TARGET_INDICATORS, field_name
from schoonschip.reports.tally import TallyTopic
from schoonschip.web.forms import EnumSelectField, Form, strip

TargetValues = dict[tuple[str, int], int | None]


class _TargetSheet(Form):
    """Base of the sheet form; the fields are added per location (see :func:`target_form`)."""

    cells: list[tuple[str, int, str]]

    def check(self) -> TargetValues | None:
        """``{(indicator code, location id): value or None}``, or None with the errors in the form."""
        self.validate()
        values: TargetValues = {}
        for code, loc, name in self.cells:
            raw = (self[name].data or "").replace(".", "")
            if not raw:
                values[(code, loc)] = None
            elif not (raw.isascii() and raw.isdecimal()) or int(raw) > MAX_TARGET:
                self.add_error(name, _("Vul een heel getal in (0 of meer), of laat het vak leeg."))
            else:
                values[(code, loc)] = int(raw)
        return None if self.error_texts() else values


def target_form(location_ids: Iterable[int]) -> _TargetSheet:
    """The posted sheet of targets for these locations."""
    cells = [(code, loc, field_name(code, loc)) for code in TARGET_INDICATORS for loc in location_ids]

    class TargetSheet(_TargetSheet):
        pass

    for _code, _loc, name in cells:
        setattr(TargetSheet, name, StringField(filters=[strip]))
    form = TargetSheet()
    form.cells = cells
    return form


class TallyForm(Form):
    """+1 or -1 for one topic of the tally (the topic is a hidden field of each button)."""

    topic = EnumSelectField(enum=TallyTopic, message=N_("Kies een onderwerp."))
