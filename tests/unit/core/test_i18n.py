"""N_ with parameters: the Dutch text for pure code, msgid and parameters for translation."""

from hypothesis import given
from hypothesis import strategies as st

from schoonschip.i18n import N_, Msg, join, message_of


def test_plain_n_is_the_message_itself():
    m = N_("Kies een leeftijdsgroep.")
    assert m == "Kies een leeftijdsgroep." and isinstance(m, str)
    assert type(str(m)) is str and str(m) == "Kies een leeftijdsgroep."
    assert isinstance(m, Msg) and m.msgid == "Kies een leeftijdsgroep." and m.params == {}
    assert N_("95 %% van") == "95 %% van"  # no parameters: no %-formatting, like gettext


def test_a_msg_translates_itself_in_a_template():
    """Jinja calls __html__: the translator the web layer installs, or the escaped Dutch text."""
    from jinja2 import Environment

    from schoonschip import i18n

    env = Environment(autoescape=True)
    page = env.from_string("<p>{{ m }}</p>")
    m = N_("Dit is <geen> %(what)s.", what=N_("bedrag"))
    assert page.render(m=m) == "<p>Dit is &lt;geen&gt; bedrag.</p>"
    english = {"Dit is <geen> %(what)s.": "This is <no> %(what)s.", "bedrag": "amount"}
    try:
        i18n.install_translator(lambda msg: i18n.html.escape(english[msg.msgid] % {k: english[v] for k, v in msg.params.items()}))
        assert page.render(m=m) == "<p>This is &lt;no&gt; amount.</p>"
        assert str(m) == "Dit is <geen> bedrag."  # Python code still reads the Dutch text
    finally:
        i18n.install_translator(None)


def test_with_parameters_it_reads_as_dutch_and_keeps_what_translation_needs():
    m = N_("Vul bij %(what)s een heel getal van 0 tot en met %(maximum)s in.", what=N_("werkdagen per week"), maximum=7)
    assert isinstance(m, Msg) and isinstance(m, str)
    assert m == "Vul bij werkdagen per week een heel getal van 0 tot en met 7 in."
    assert m.msgid == "Vul bij %(what)s een heel getal van 0 tot en met %(maximum)s in."
    assert m.params == {"what": "werkdagen per week", "maximum": 7}


def test_message_of_keeps_the_msg_where_str_would_lose_it():
    m = N_("Dit getal is te groot voor %(what)s.", what="de weging")
    exc = ValueError(m)
    assert type(str(exc)) is str  # what str() does: the msgid is gone
    kept = message_of(exc)
    assert isinstance(kept, Msg) and kept.msgid == "Dit getal is te groot voor %(what)s."
    assert message_of(ValueError()) == "" and message_of(KeyError(3)) == "3"


@given(st.text(alphabet=st.characters(blacklist_characters="%"), max_size=30), st.integers())
def test_any_parameters_fill_in_like_percent_formatting(what, n):
    m = N_("Bij %(what)s hooguit %(n)s.", what=what, n=n)
    assert m == f"Bij {what} hooguit {n}." and m.params == {"what": what, "n": n}


def test_join_reads_as_the_plain_join_and_keeps_the_parts():
    parts = [N_("de vaste lasten"), N_("%(n)s schulden", n=3)]
    joined = join(", ", parts)
    assert joined == "de vaste lasten, 3 schulden"
    assert isinstance(joined, Msg) and list(joined.params.values()) == parts
    assert join("; ", ["alleen"]) == "alleen" and join(", ", []) == ""


def test_the_t_filter_translates_nested_messages(monkeypatch):
    from schoonschip import web

    english = {"%(n)s schulden": "%(n)s debts", "de vaste lasten": "the fixed costs",
               "Vul nog in: %(missing)s.": "Still fill in: %(missing)s."}  # fmt: skip
    from flask import Flask

    monkeypatch.setattr(web, "gettext", lambda s, **kw: english.get(s, s) % kw if kw else english.get(s, s))
    msg = N_("Vul nog in: %(missing)s.", missing=join(", ", [N_("de vaste lasten"), N_("%(n)s schulden", n=3)]))
    assert msg == "Vul nog in: de vaste lasten, 3 schulden."
    assert web.translate_message(msg) == msg  # outside a request: Dutch
    with Flask(__name__).test_request_context():
        assert web.translate_message(msg) == "Still fill in: the fixed costs, 3 debts."


def test_a_msg_survives_copy_and_pickle():
    import copy
    import pickle

    m = N_("Basis = %(pct)s %% van de norm.", pct="95")
    for again in (copy.copy(m), copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
        assert again == "Basis = 95 % van de norm."
        assert isinstance(again, Msg) and again.msgid == m.msgid and again.params == m.params


def test_a_labelled_enum_member_is_its_stored_value_and_carries_its_label():
    import copy

    from schoonschip.i18n import LabelledEnum

    class Kind(LabelledEnum):
        EEN = "een", N_("De eerste")
        TWEE = "twee", "14-dagenbrief"  # a label need not be translated

    assert Kind("een") is Kind.EEN and Kind.EEN == "een" and Kind.EEN.value == "een" and f"{Kind.EEN}" == "een"
    assert Kind.EEN.label == "De eerste" and isinstance(Kind.EEN.label, Msg)
    assert Kind.labels() == {Kind.EEN: "De eerste", Kind.TWEE: "14-dagenbrief"}
    assert list(Kind.labels()) == [Kind.EEN, Kind.TWEE]
    assert copy.deepcopy(Kind.TWEE) is Kind.TWEE
