"""The form to add a task: a due date and what must happen."""

from __future__ import annotations

from datetime import date

from wtforms import StringField

from schoonschip.cases.tasks.rules import due_date_problem, text_problem
from schoonschip.web import translate_message
from schoonschip.web.forms import DutchDateField, Form, strip


class TaskForm(Form):
    due_on = DutchDateField()
    text = StringField(filters=[strip])

    def check(self, *, today: date) -> bool:
        self.validate()
        problem = text_problem(self.text.data or "")
        if problem:
            self.add_error("text", translate_message(problem))
        if self.due_on.data is not None:
            problem = due_date_problem(self.due_on.data, today)
            if problem:
                self.add_error("due_on", translate_message(problem))
        return not self.error_texts()
