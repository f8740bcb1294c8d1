"""Short dates on pages are written directly (issue 16: a case page shows dozens), with the
same digits Babel writes for "dd-MM-yyyy" in both languages."""

from datetime import date

from babel.dates import format_date
from hypothesis import example, given
from hypothesis import strategies as st


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), st.sampled_from(["nl", "en"]))
@example(date(2026, 3, 7), "nl")
@example(date(999, 1, 2), "en")
def test_short_dates_are_written_as_babel_writes_them(day: date, lang: str) -> None:
    from flask import Flask

    from schoonschip.web import date_nl

    app = Flask(__name__)
    app.secret_key = "x"  # noqa: S105 - a test app for the session
    with app.test_request_context():
        from flask import session

        session["lang"] = lang
        assert date_nl(day) == format_date(day, "dd-MM-yyyy", locale=lang)
