"""Forms of the letters: make a letter, record the creditor's answer, edit a template."""

from __future__ import annotations

from wtforms import StringField

from schoonschip.cases.letters.rules import AnswerKind, LetterKind
from schoonschip.dates import FactKind
from schoonschip.i18n import N_
from schoonschip.web.forms import DutchDateField, EnumSelectField, Form, VersionField


class LetterForm(Form):
    kind = EnumSelectField(enum=LetterKind, message=N_("Kies welke brief u wilt maken."))
    on = DutchDateField(fact=FactKind.CASEWORK)
    free_text = StringField()


class AnswerForm(Form):
    answer = EnumSelectField(enum=AnswerKind, message=N_("Kies wat de schuldeiser antwoordde."))
    on = DutchDateField(fact=FactKind.CASEWORK)
    note = StringField()
    version = VersionField()


class TemplateForm(Form):
    body = StringField()
    version = VersionField()
