"""Fixed texts in templates are translated when the template is compiled, per language
(schoonschip/web/templating.py, issue 16). The page must read exactly as with ``_`` at render
time: same translations, the Dutch page stays Dutch, texts with parameters and variables are
still translated at render time, and each language has its own compiled template."""

from __future__ import annotations

from flask import Flask, render_template_string, session
from jinja2 import DictLoader

from schoonschip import web
from schoonschip.web.templating import LanguageEnvironment

TEMPLATE = (
    '<p title="{{ _("Ja") }}">{{ _("Ja") }}|{{ _("Nee") }}|{{ _("%(n)s keer", n=3) }}|{{ _(word) }}|'
    "{{ _('') }}|{{ x._('Ja') }}</p>{% include 'inc.html' %}"
)


def make_app() -> Flask:
    app = Flask("schoonschip")  # the package's translations
    app.secret_key = "test-secret-key-for-templating"  # noqa: S105 - test app
    web.init_app(app)
    assert isinstance(app.jinja_env, LanguageEnvironment)
    app.jinja_env.loader = DictLoader({"page.html": TEMPLATE, "inc.html": '<i>{{ _("Opslaan") }} {{ _("Tom & <Jerry>") }}</i>'})
    return app


class Thing:
    @staticmethod
    def _(text: str) -> str:
        return f"attr:{text}"


def render(app: Flask, lang: str) -> str:
    with app.test_request_context():
        session["lang"] = lang
        return app.jinja_env.get_template("page.html").render(word="Nee", x=Thing())


def test_fixed_texts_are_translated_per_language() -> None:
    app = make_app()
    english = render(app, "en")
    assert english == '<p title="Yes">Yes|No|3 times|No||attr:Ja</p><i>Save Tom &amp; &lt;Jerry&gt;</i>', english
    dutch = render(app, "nl")
    assert dutch == '<p title="Ja">Ja|Nee|3 keer|Nee||attr:Ja</p><i>Opslaan Tom &amp; &lt;Jerry&gt;</i>', dutch
    # Each language keeps its own compiled template: English again is still English.
    assert render(app, "en") == english


def test_fixed_texts_are_compiled_in(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The English template no longer asks the catalogue for the fixed texts at render time."""
    app = make_app()
    render(app, "en")  # compiled and cached
    asked: list[str] = []
    real = web.gettext

    def spy(string: str, **variables: object) -> str:
        asked.append(string)
        return real(string, **variables)

    monkeypatch.setattr(web, "gettext", spy)
    render(app, "en")
    assert "Ja" not in asked and "Opslaan" not in asked
    assert "%(n)s keer" in asked and "Nee" in asked  # with parameters, and the variable


def test_outside_a_request_texts_stay_calls() -> None:
    app = make_app()
    with app.app_context():
        assert render_template_string('{{ _("Ja") }}') == "Ja"
