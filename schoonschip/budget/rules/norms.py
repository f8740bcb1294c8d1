"""Versioned norm amounts (pure module): load, validate, select by date.

rules.md §0.2 and §5: all norm amounts change on 1 January and 1 July, so they are shipped
as versioned reference data with a ``valid_from`` date and a source per dataset, never as
constants in code; a calculation records which set (``code``) it used.

The built-in sets are the JSON files in the ``norms/`` folder next to this module (one file
per ``valid_from``; the folder has no ``__init__.py``, so ``import ...budget.norms`` finds
this module). The app may store imported sets in its database as canonical JSON
(:func:`normset_to_json`) and re-parse them with :func:`parse_normset`; it never overwrites
an existing ``valid_from``.

Each amount carries the confidence tag of rules.md (V, S, U, K). An amount that rules.md does
not give for a period is stored as ``null`` with confidence U and a note; it is never
invented (see ``NULLABLE``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any

from schoonschip.i18n import N_, join
from schoonschip.money import Money, format_decimal_nl

__all__ = [
    "AMOUNT_SPECS",
    "AmountChange",
    "CONFIDENCES",
    "MAX_CHANGE",
    "NormAmount",
    "NormSet",
    "NormSetError",
    "NormSource",
    "compare",
    "half_year_start",
    "is_outdated",
    "load_builtin",
    "load_file",
    "normset_to_dict",
    "normset_to_json",
    "parse_normset",
    "select",
    "uncertain_amounts",
]

CONFIDENCES = ("V", "S", "U", "K")
UNCERTAIN = frozenset({"U", "K"})  # rules.md: treat [K] like [U] for anything numeric
MAX_CHANGE = Decimal("0.15")  # plausibility: no amount moves more than 15 % between sets
_DIR = "norms"
# The shipped norm sets: package data next to this package (schoonschip/budget/norms/).
BUILTIN_DIR = Path(__file__).resolve().parents[1] / _DIR


@dataclass(frozen=True, slots=True)
class _Spec:
    unit: str
    label: str
    nullable: bool = False


_E, _F = "eur_per_maand", "factor"
#: Every amount a norm set must contain: key -> unit, Dutch label (N_: shown translated), whether it may be missing.
AMOUNT_SPECS: Mapping[str, _Spec] = MappingProxyType(
    {
        # rules.md §1.5 — bijstandsnormen incl. vakantietoeslag, per month
        "bijstand.alleenstaande.21_aow": _Spec(_E, N_("Bijstandsnorm alleenstaande (ouder), 21 jaar tot AOW-leeftijd")),
        "bijstand.gehuwden.21_aow": _Spec(_E, N_("Bijstandsnorm gehuwden/samenwonenden, 21 jaar tot AOW-leeftijd")),
        "bijstand.alleenstaande.aow": _Spec(_E, N_("Bijstandsnorm alleenstaande (ouder), AOW-leeftijd")),
        "bijstand.gehuwden.aow": _Spec(_E, N_("Bijstandsnorm gehuwden, één of beiden AOW-leeftijd")),
        "bijstand.alleenstaande.onder_21": _Spec(_E, N_("Bijstandsnorm alleenstaande (ouder), jonger dan 21"), True),
        "bijstand.gehuwden.beiden_onder_21.zonder_kinderen": _Spec(
            _E, N_("Bijstandsnorm gehuwden, beiden jonger dan 21, zonder kinderen"), True
        ),
        "bijstand.gehuwden.beiden_onder_21.met_kinderen": _Spec(
            _E, N_("Bijstandsnorm gehuwden, beiden jonger dan 21, met kinderen"), True
        ),
        "bijstand.gehuwden.een_onder_21.zonder_kinderen": _Spec(
            _E, N_("Bijstandsnorm gehuwden, één jonger dan 21 en één 21+, zonder kinderen"), True
        ),
        "bijstand.gehuwden.een_onder_21.met_kinderen": _Spec(
            _E, N_("Bijstandsnorm gehuwden, één jonger dan 21 en één 21+, met kinderen"), True
        ),
        # rules.md §1.2 — beslagvrije voet
        "bvv.factor": _Spec(_F, N_("Beslagvrije voet: deel van inkomen of norm (95 %)")),
        "bvv.max.alleenstaande": _Spec(_E, N_("Maximale beslagvrije voet alleenstaande"), True),
        "bvv.max.alleenstaande_ouder": _Spec(_E, N_("Maximale beslagvrije voet alleenstaande met kind(eren)"), True),
        "bvv.max.gehuwden_zonder_kinderen": _Spec(_E, N_("Maximale beslagvrije voet gehuwden zonder kinderen"), True),
        "bvv.max.gehuwden_met_kinderen": _Spec(_E, N_("Maximale beslagvrije voet gehuwden met kind(eren)"), True),
        # rules.md §1.5 — kostendelersnorm (art. 22a Pw)
        "kostendelers.basis": _Spec(_F, N_("Kostendelersnorm: vaste deel (40 %)")),
        "kostendelers.per_persoon": _Spec(_F, N_("Kostendelersnorm: deel per kostendeler (30 %)")),
        "kostendelers.minimum_leeftijd": _Spec("jaar", N_("Huisgenoten tellen als kostendeler vanaf deze leeftijd")),
        # rules.md §1.5 — AOW-leeftijd
        "aow.leeftijd": _Spec("maanden", N_("AOW-leeftijd (in maanden)")),
        # rules.md §1.3 — VTLB corrections
        "zorg.eigen_risico": _Spec("eur_per_jaar", N_("Verplicht eigen risico zorgverzekering")),
        "reiskosten.forfait": _Spec(_E, N_("Reiskosten woon-werk (auto): vast bedrag per maand")),
        "reiskosten.per_km": _Spec("eur_per_km", N_("Reiskosten woon-werk (auto): bedrag per kilometer")),
        "reiskosten.drempel_km_per_dag": _Spec("km", N_("Reiskosten tellen pas boven dit aantal km per dag")),
        "vtlb.aanname_woonlasten_in_basis": _Spec(_E, N_("Aanname: woonlasten die al in de basis zitten")),
        "vtlb.aanname_zorgpremie_in_basis": _Spec(_E, N_("Aanname: zorgpremie die al in de basis zit")),
        # rules.md §1.4 — the offer
        "nvvk.kosten_percentage": _Spec(_F, N_("Maximale kosten schuldhulp: deel van de afdracht (9 %)")),
        "nvvk.kosten_per_maand": _Spec(_E, N_("Maximale kosten schuldhulp: bedrag per maand")),
        "regeling.looptijd_maanden": _Spec("maanden", N_("Looptijd schuldregeling")),
        "vermogen.auto_waardegrens": _Spec("eur", N_("Waarde van een auto boven dit bedrag gaat naar de schuldeisers")),
    }
)

_MONEY_UNITS = frozenset({"eur", "eur_per_maand", "eur_per_jaar"})
_WHOLE_UNITS = frozenset({"maanden", "jaar", "km"})
_PLAIN_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_CODE = re.compile(r"^(\d{4})-([12])$")


class NormSetError(ValueError):
    """A norm set that cannot be used. ``errors`` lists every problem in Dutch."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__(join(" ", self.errors))


@dataclass(frozen=True, slots=True)
class NormSource:
    """Where a dataset in a norm set comes from (rules.md §5: title, date, where published)."""

    title: str
    date: str
    published: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class NormAmount:
    """One amount with its unit, confidence tag and source dataset. ``value`` None = missing."""

    key: str
    value: Decimal | None
    unit: str
    confidence: str
    source: str
    note: str | None = None

    @property
    def label(self) -> str:
        return AMOUNT_SPECS[self.key].label

    @property
    def uncertain(self) -> bool:
        return self.confidence in UNCERTAIN

    @property
    def display(self) -> str:
        """The value for the UI in Dutch notation, or 'ontbreekt'."""
        if self.value is None:
            return N_("ontbreekt")
        if self.unit in _MONEY_UNITS:
            return "€ " + format_decimal_nl(self.value)
        if self.unit == _F:
            return format_decimal_nl(self.value * 100, 0 if self.value * 100 == int(self.value * 100) else 2) + " %"
        return format_decimal_nl(self.value, 0 if self.value == int(self.value) else 3)


@dataclass(frozen=True)
class NormSet:
    """All norm amounts valid from one date (rules.md §5). Immutable."""

    valid_from: date
    code: str
    sources: Mapping[str, NormSource]
    amounts: Mapping[str, NormAmount]

    def amount(self, key: str) -> NormAmount:
        return self.amounts[key]

    def _value(self, key: str) -> Decimal:
        a = self.amounts[key]
        if a.value is None:
            raise NormSetError(
                [
                    N_(
                        "Het bedrag '%(label)s' ontbreekt in normenset %(code)s. Deze berekening kan daarom niet.",
                        label=a.label, code=self.code,
                    )
                ]
            )
        return a.value

    def money(self, key: str) -> Money:
        """A euro amount as Money (raises NormSetError in Dutch if it is missing)."""
        if self.amounts[key].unit not in _MONEY_UNITS:
            raise TypeError(f"{key} is not a euro amount")
        return Money.from_decimal(self._value(key))

    def money_or_none(self, key: str) -> Money | None:
        a = self.amounts[key]
        return None if a.value is None else self.money(key)

    def decimal(self, key: str) -> Decimal:
        """A factor or other number as Decimal (euro amounts per km are Decimal too)."""
        return self._value(key)

    def whole(self, key: str) -> int:
        return int(self._value(key))


# --- parsing and validation ----------------------------------------------------------


def _parse_date(text: Any, what: str, errors: list[str]) -> date | None:
    if not isinstance(text, str):
        errors.append(N_("%(what)s ontbreekt of is geen datum (schrijf JJJJ-MM-DD).", what=what))
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(N_("%(what)s is geen geldige datum (schrijf JJJJ-MM-DD).", what=what))
        return None


def _parse_amount(key: str, raw: Any, sources: Mapping[str, Any], errors: list[str]) -> NormAmount | None:
    spec = AMOUNT_SPECS[key]
    name = N_("'%(label)s' (%(key)s)", label=spec.label, key=key)
    if not isinstance(raw, dict):
        errors.append(N_("Bedrag %(name)s heeft niet de juiste vorm.", name=name))
        return None
    confidence = raw.get("confidence")
    if confidence not in CONFIDENCES:
        errors.append(N_("Bedrag %(name)s: betrouwbaarheid moet V, S, U of K zijn.", name=name))
        return None
    unit = raw.get("unit")
    if unit != spec.unit:
        errors.append(N_("Bedrag %(name)s: eenheid moet '%(unit)s' zijn.", name=name, unit=spec.unit))
        return None
    source = raw.get("source")
    if source not in sources:
        errors.append(N_("Bedrag %(name)s: bron '%(source)s' staat niet bij de bronnen.", name=name, source=source))
        return None
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        errors.append(N_("Bedrag %(name)s: de toelichting moet tekst zijn.", name=name))
        return None
    value = raw.get("value")
    if value is None:
        if not spec.nullable:
            errors.append(N_("Bedrag %(name)s ontbreekt; dit bedrag is nodig voor de berekening.", name=name))
            return None
        if confidence != "U" or not note:
            errors.append(N_("Bedrag %(name)s ontbreekt: zet dan betrouwbaarheid U en schrijf in de toelichting waarom.", name=name))
            return None
        return NormAmount(key, None, unit, confidence, source, note)
    if not isinstance(value, str):
        errors.append(N_("Bedrag %(name)s moet als tekst staan, zoals \"1369.06\" (geen getal met komma-fouten).", name=name))
        return None
    if not _PLAIN_NUMBER.match(value):
        if value.startswith("-"):
            errors.append(N_("Bedrag %(name)s is negatief; een normbedrag moet groter dan nul zijn.", name=name))
        else:
            errors.append(N_("Bedrag %(name)s is geen getal. Schrijf het zo: 1369.06", name=name))
        return None
    try:
        d = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the regex excludes this
        errors.append(N_("Bedrag %(name)s is geen getal.", name=name))
        return None
    if d <= 0:
        errors.append(N_("Bedrag %(name)s is nul; een normbedrag moet groter dan nul zijn.", name=name))
        return None
    if unit in _MONEY_UNITS and d != d.quantize(Decimal("0.01")):
        errors.append(N_("Bedrag %(name)s heeft meer dan twee cijfers achter de punt.", name=name))
        return None
    if unit in _WHOLE_UNITS and d != int(d):
        errors.append(N_("Bedrag %(name)s moet een heel getal zijn.", name=name))
        return None
    if unit == _F and d > 1:
        errors.append(N_("Bedrag %(name)s is een factor en moet tussen 0 en 1 liggen.", name=name))
        return None
    return NormAmount(key, d, unit, confidence, source, note)


def _code_for(valid_from: date) -> str:
    return f"{valid_from.year}-{1 if valid_from.month < 7 else 2}"


def parse_normset(data: Mapping[str, Any], previous: NormSet | None = None) -> NormSet:
    """Validate a dict (as read from JSON or the database) and build a :class:`NormSet`.

    Checks: dates and code, a source (title, date, published) per dataset, every amount of
    :data:`AMOUNT_SPECS` present, as a string, positive, in its unit; a missing amount only
    where allowed and then tagged U with a note; 95 % of each 21–AOW norm stays below the
    BVV maximum (rules.md §1.2: the maximum is 95 % of the norm plus a compensatiekop); and,
    when ``previous`` is given, a later ``valid_from`` and no amount changing more than 15 %.
    Raises :class:`NormSetError` listing every problem in Dutch.
    """
    errors: list[str] = []
    if not isinstance(data, Mapping):
        raise NormSetError([N_("Een normenset moet een JSON-object zijn.")])
    valid_from = _parse_date(data.get("valid_from"), N_("De ingangsdatum (valid_from)"), errors)
    code = data.get("code")
    if not isinstance(code, str) or not _CODE.match(code):
        errors.append(N_("De code van de normenset moet de vorm 2025-2 hebben (jaar en 1 of 2)."))
    elif valid_from is not None and code != _code_for(valid_from):
        errors.append(N_("De code %(code)s past niet bij de ingangsdatum %(valid_from)s.", code=code, valid_from=valid_from.isoformat()))

    raw_sources = data.get("sources")
    sources: dict[str, NormSource] = {}
    if not isinstance(raw_sources, dict) or not raw_sources:
        errors.append(N_("De normenset noemt geen bronnen."))
        raw_sources = {}
    for skey, s in raw_sources.items():
        if (
            not isinstance(s, dict)
            or not all(isinstance(s.get(f), str) and s.get(f).strip() for f in ("title", "date", "published"))
            or not (s.get("note") is None or isinstance(s.get("note"), str))
        ):
            errors.append(N_("Bron '%(skey)s' moet een titel, een datum en een vindplaats hebben.", skey=skey))
            continue
        sources[skey] = NormSource(s["title"], s["date"], s["published"], s.get("note"))

    raw_amounts = data.get("amounts")
    if not isinstance(raw_amounts, dict):
        errors.append(N_("De normenset bevat geen bedragen."))
        raw_amounts = {}
    amounts: dict[str, NormAmount] = {}
    for key in AMOUNT_SPECS:
        if key not in raw_amounts:
            errors.append(N_("Bedrag '%(label)s' (%(key)s) ontbreekt in de normenset.", label=AMOUNT_SPECS[key].label, key=key))
            continue
        parsed = _parse_amount(key, raw_amounts[key], raw_sources, errors)
        if parsed is not None:
            amounts[key] = parsed
    unknown = sorted(set(raw_amounts) - set(AMOUNT_SPECS))
    if unknown:
        errors.append(N_("Onbekende bedragen in de normenset: %(keys)s.", keys=", ".join(unknown)))

    _check_bvv_above_norm(amounts, errors)
    _check_structure(amounts, errors)
    if previous is not None and valid_from is not None:
        _check_against_previous(valid_from, amounts, previous, errors)
    if errors:
        raise NormSetError(errors)
    assert valid_from is not None and isinstance(code, str)
    return NormSet(
        valid_from=valid_from,
        code=code,
        sources=MappingProxyType(dict(sorted(sources.items()))),
        amounts=MappingProxyType(dict(sorted(amounts.items()))),
    )


_BVV_PAIRS = (
    ("bvv.max.alleenstaande", "bijstand.alleenstaande.21_aow"),
    ("bvv.max.alleenstaande_ouder", "bijstand.alleenstaande.21_aow"),
    ("bvv.max.gehuwden_zonder_kinderen", "bijstand.gehuwden.21_aow"),
    ("bvv.max.gehuwden_met_kinderen", "bijstand.gehuwden.21_aow"),
)


def _check_bvv_above_norm(amounts: Mapping[str, NormAmount], errors: list[str]) -> None:
    factor = amounts.get("bvv.factor")
    for max_key, norm_key in _BVV_PAIRS:
        mx, norm = amounts.get(max_key), amounts.get(norm_key)
        if factor is None or mx is None or norm is None or None in (factor.value, mx.value, norm.value):
            continue
        assert factor.value is not None and mx.value is not None and norm.value is not None
        if factor.value * norm.value > mx.value:
            errors.append(
                N_("'%(label)s' is lager dan 95 %% van '%(norm)s'. Dat kan niet: controleer beide bedragen in de bron.",
                   label=mx.label, norm=norm.label)
            )


def _check_against_previous(
    valid_from: date, amounts: Mapping[str, NormAmount], previous: NormSet, errors: list[str]
) -> None:
    if valid_from <= previous.valid_from:
        errors.append(
            N_("De ingangsdatum %(valid_from)s moet na die van de vorige normenset (%(code)s, %(previous_from)s) liggen.",
               valid_from=valid_from.isoformat(), code=previous.code, previous_from=previous.valid_from.isoformat())
        )
        return
    for key, a in amounts.items():
        old = previous.amounts.get(key)
        if a.value is None or old is None or old.value is None:
            continue
        change = abs(a.value - old.value) / old.value
        if change > MAX_CHANGE:
            pct = format_decimal_nl(change * 100, 1)
            errors.append(
                N_("Bedrag '%(label)s' verandert %(pct)s %% ten opzichte van normenset %(code)s (van %(old)s naar %(new)s). "
                   "Meer dan 15 %% is niet aannemelijk: controleer de bron.",
                   label=a.label, pct=pct, code=previous.code, old=format_decimal_nl(old.value), new=format_decimal_nl(a.value))
            )


# --- serialisation ---------------------------------------------------------------------


def normset_to_dict(ns: NormSet) -> dict[str, Any]:
    """The set as plain JSON-able data (amounts as strings), re-parseable by parse_normset."""
    amounts: dict[str, Any] = {}
    for key, a in ns.amounts.items():
        entry: dict[str, Any] = {
            "value": None if a.value is None else str(a.value),
            "unit": a.unit,
            "confidence": a.confidence,
            "source": a.source,
        }
        if a.note is not None:
            entry["note"] = a.note
        amounts[key] = entry
    sources: dict[str, Any] = {}
    for key, s in ns.sources.items():
        src: dict[str, Any] = {"title": s.title, "date": s.date, "published": s.published}
        if s.note is not None:
            src["note"] = s.note
        sources[key] = src
    return {"valid_from": ns.valid_from.isoformat(), "code": ns.code, "sources": sources, "amounts": amounts}


def normset_to_json(ns: NormSet) -> str:
    """Canonical JSON (sorted keys, no extra whitespace): equal sets give equal text."""
    return json.dumps(normset_to_dict(ns), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# --- loading ---------------------------------------------------------------------------


def _reject_float(text: str) -> Any:
    raise NormSetError([N_("Een bedrag staat als getal (%(text)s) in de JSON; schrijf het als tekst: \"%(text)s\".", text=text)])


def _loads(text: str) -> Any:
    try:
        return json.loads(text, parse_float=_reject_float)
    except json.JSONDecodeError as exc:
        raise NormSetError([N_("Het bestand is geen geldige JSON (regel %(lineno)s).", lineno=exc.lineno)]) from None


def load_file(path: str | Path, previous: NormSet | None = None) -> NormSet:
    """Read and validate one norm-set JSON file."""
    return parse_normset(_loads(Path(path).read_text(encoding="utf-8")), previous)


def _chain(datas: Iterable[Mapping[str, Any]]) -> list[NormSet]:
    ordered = sorted(datas, key=lambda d: str(d.get("valid_from")))
    out: list[NormSet] = []
    for d in ordered:
        out.append(parse_normset(d, out[-1] if out else None))
    return out


def load_builtin() -> list[NormSet]:
    """Every shipped norm set, oldest first, each validated against the one before it."""
    folder = BUILTIN_DIR
    datas = [
        _loads(f.read_text(encoding="utf-8"))
        for f in sorted(folder.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".json")
    ]
    return _chain(datas)


# --- selection -------------------------------------------------------------------------


def _fmt(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def select(normsets: Sequence[NormSet], peildatum: date) -> NormSet:
    """The set valid on ``peildatum``: the latest ``valid_from`` on or before it."""
    valid = [n for n in normsets if n.valid_from <= peildatum]
    if not valid:
        if not normsets:
            raise NormSetError([N_("Er zijn geen normensets. Voeg eerst een normenset toe.")])
        oldest = min(n.valid_from for n in normsets)
        raise NormSetError(
            [
                N_(
                    "Er is geen normenset voor %(date)s. De oudste normenset geldt vanaf %(oldest)s.",
                    date=_fmt(peildatum), oldest=_fmt(oldest),
                )
            ]
        )
    return max(valid, key=lambda n: n.valid_from)


def half_year_start(d: date) -> date:
    """1 January or 1 July: the first day of the half-year that contains ``d``."""
    return date(d.year, 1 if d.month < 7 else 7, 1)


def is_outdated(normsets: Sequence[NormSet], peildatum: date) -> bool:
    """True when no set starts in the half-year of ``peildatum`` or later than the set in use.

    Norms change every 1 January and 1 July, so the set in use is outdated from the first day
    of a half-year for which no set is loaded: on 1 January and on 1 July themselves too.
    Raises NormSetError when no set is valid at all.
    """
    current = select(normsets, peildatum)
    return current.valid_from < half_year_start(peildatum)


#: A set whose structure breaks the law is refused: Participatiewet art. 21 gives the
#: alleenstaande (ouder) 70 % of the gehuwdennorm, and the published amounts follow it to the
#: cent. This is the law's structure, not a norm amount: the calculation never uses it.
STRUCTURE_PAIRS = (("bijstand.alleenstaande.21_aow", "bijstand.gehuwden.21_aow", Decimal("0.70")),)
STRUCTURE_TOLERANCE = Decimal("0.01")


def _check_structure(amounts: Mapping[str, NormAmount], errors: list[str]) -> None:
    for single_key, couple_key, factor in STRUCTURE_PAIRS:
        single, couple = amounts.get(single_key), amounts.get(couple_key)
        if single is None or couple is None or single.value is None or couple.value is None:
            continue
        expected = couple.value * factor
        if abs(expected - single.value) > STRUCTURE_TOLERANCE:
            errors.append(
                N_(
                    "'%(single)s' (%(single_value)s) is niet 70 %% van '%(couple)s' (%(couple_value)s = "
                    "%(expected)s). De wet schrijft dat voor; controleer beide bedragen in de bron.",
                    single=single.label, single_value=format_decimal_nl(single.value), couple=couple.label,
                    couple_value=format_decimal_nl(couple.value), expected=format_decimal_nl(expected),
                )
            )


@dataclass(frozen=True, slots=True)
class AmountChange:
    """One amount of a new set beside the same amount of the set before it."""

    key: str
    label: str
    old: NormAmount | None
    new: NormAmount

    @property
    def changed(self) -> bool:
        return self.old is None or self.old.value != self.new.value

    @property
    def percentage(self) -> str:
        """The change in percent, Dutch notation with a sign ('+2,15 %'); '' when not computable."""
        if not self.changed or self.old is None or self.old.value in (None, 0) or self.new.value is None:
            return ""
        assert self.old.value is not None
        pct = (self.new.value - self.old.value) / self.old.value * 100
        sign = "+" if pct > 0 else "−" if pct < 0 else ""
        return f"{sign}{format_decimal_nl(abs(pct), 2)} %"


def compare(new: NormSet, previous: NormSet | None) -> list[AmountChange]:
    """Every amount of ``new`` beside the same amount of ``previous`` (the import preview)."""
    out = []
    for key, a in new.amounts.items():
        old = previous.amounts.get(key) if previous is not None else None
        out.append(AmountChange(key, a.label, old, a))
    return out


def uncertain_amounts(normset: NormSet) -> list[NormAmount]:
    """Amounts tagged U or K (rules.md: [K] counts as [U] for numbers), missing ones included."""
    return [a for a in normset.amounts.values() if a.uncertain]
