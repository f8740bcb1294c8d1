"""From transactions to a proposed budget and to signals for the coach (pure).

Nothing here decides: it *proposes*. The coach sees each line with the transactions behind it
and accepts, changes or drops it; the signals are suggestions on the debts page.

The counterparty patterns are data (:data:`RULES`, :data:`SIGNAL_RULES`), matched against
the counterparty's name and the description together, first match wins: so the earmarked
rules (kinderbijslag, toeslagen) come before the general ones of the same payer (the SVB also
pays the AOW). Kinds are the budget's own :class:`IncomeKind` and :class:`ExpenseKind`; a
payment from the Belastingdienst or the SVB that no rule can place gets *no* kind (the coach
chooses), so an earmarked income is never proposed as income that counts for the capacity.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import lru_cache
from statistics import median

from schoonschip.budget.rules.exact import to_money
from schoonschip.budget.rules.items import ExpenseKind, Frequency, IncomeCounting, IncomeKind, to_monthly
from schoonschip.budget.statements.rules.model import Transaction
from schoonschip.i18n import N_
from schoonschip.money import Money

__all__ = [
    "Rule",
    "RULES",
    "SignalRule",
    "SIGNAL_RULES",
    "ProposedLine",
    "Signal",
    "classify",
    "propose",
    "signals",
    "INCOME",
    "EXPENSE",
]

INCOME = "inkomen"  # the same words as budget.models.INCOME / EXPENSE
EXPENSE = "uitgave"

IK, EK = IncomeKind, ExpenseKind


@dataclass(frozen=True)
class Rule:
    """A counterparty pattern. ``fixed``: a recurring income or fixed cost, proposed as its own
    line with its frequency; otherwise the amounts are added up per household category."""

    code: str
    direction: str  # INCOME or EXPENSE
    pattern: str  # a regex on "counterparty | description", case-insensitive
    kind: IncomeKind | ExpenseKind | None  # None: the coach chooses (never guessed as counting)
    fixed: bool = True
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_re", re.compile(self.pattern, re.IGNORECASE))

    def matches(self, text: str) -> bool:
        return self._re.search(text) is not None  # type: ignore[attr-defined]


_BD = r"(belastingdienst|toeslagen)"
_HOUSING = (
    r"\b(ymere|eigen haard|rochdale|stadgenoot|de key|woonzorg nederland|vestia|havensteder|portaal|mitros|"
    r"woonstad|de alliantie|lieven de key|parteon|woonbron|staedion|haag wonen|wooninvest|huurpenningen|"
    r"huur woning|kale huur)\b"
)
_ENERGY = (
    r"\b(vattenfall|eneco|essent|greenchoice|budget energie|vandebron|energiedirect|oxxio|engie|pure energie|"
    r"energiek|frank energie|tibber|united consumers|innova energie|nle|zonneplan|mega energie|"
    r"energie voorschot|termijnbedrag energie)\b"
)
_WATER = r"\b(waternet|vitens|evides|pwn|dunea|brabant water|oasen|wml|waterbedrijf)\b"
_MUNICIPAL = (
    r"\b(belastingen amsterdam|gemeentebelasting|gemeentelijke belasting|waterschap|agv|gblt|bghu|svhw|"
    r"cocensus|afvalstoffenheffing|rioolheffing)\b"
)
_HEALTH = (
    r"\b(zilveren kruis|vgz|cz|menzis|dsw|onvz|zorg en zekerheid|asr ziektekosten|a\.s\.r\. ziektekosten|"
    r"univ[eé] zorg|fbto zorg|interpolis zorg|ohra zorg|anderzorg|ditzo|zekur|stad holland|salland|"
    r"de friesland|ziektekostenverzekering|zorgverzekering)\b"
)
_PHONE = (
    r"\b(kpn|vodafone|ziggo|t-mobile|odido|tele2|lebara|lycamobile|simyo|ben nl|hollandsnieuwe|youfone|"
    r"delta fiber|caiway|online\.nl|budget mobiel|telfort)\b"
)
_INSURANCE = (
    r"\b(centraal beheer|nationale-nederlanden|interpolis|fbto|allianz|aegon|univ[eé]|ohra|inshared|"
    r"ditzo|reaal|dela|monuta|yarden|verzekering|inboedel|aansprakelijkheid|uitvaart)\b"
)
_SUBSCRIPTIONS = (
    r"\b(netflix|spotify|videoland|disney|hbo|viaplay|basic-fit|basic fit|sportcity|fitforfree|"
    r"apple\.com|google play|amazon prime|abonnement|contributie|lidmaatschap)\b"
)

#: The recognition table: first match wins (earmarked before general, per payer).
RULES: tuple[Rule, ...] = (
    # income: toeslagen (Belastingdienst/Toeslagen) — earmarked or offsetting, never counting
    Rule("huurtoeslag", INCOME, _BD + r".*huurtoeslag|huurtoeslag", IK.HUURTOESLAG, label="Huurtoeslag"),
    Rule("zorgtoeslag", INCOME, _BD + r".*zorgtoeslag|zorgtoeslag", IK.ZORGTOESLAG, label="Zorgtoeslag"),
    Rule("kinderopvangtoeslag", INCOME, r"kinderopvangtoeslag", IK.KINDEROPVANGTOESLAG,
         label="Kinderopvangtoeslag"),
    Rule("kindgebonden", INCOME, r"kindgebonden", IK.KINDGEBONDEN_BUDGET, label="Kindgebonden budget"),
    Rule("belastingdienst", INCOME, _BD, None, label="Belastingdienst (soort kiezen)"),
    # SVB: kinderbijslag (earmarked), AOW, else the coach chooses
    Rule("kinderbijslag", INCOME, r"kinderbijslag|\bakw\b", IK.KINDERBIJSLAG, label="Kinderbijslag"),
    Rule("aow", INCOME, r"\bsvb\b.*\baow\b|\baow\b.*\bsvb\b|\baow[- ]?uitkering", IK.AOW, label="AOW"),
    Rule("svb", INCOME, r"\bsvb\b|sociale verzekeringsbank", None, label="SVB (soort kiezen)"),
    # UWV
    Rule("ziektewet", INCOME, r"\buwv\b.*\b(zw|ziektewet)\b", IK.ZW, label="Ziektewet (UWV)"),
    Rule("wia", INCOME, r"\buwv\b.*\b(wia|wga|iva|wao|wajong)\b|\bwajong\b", IK.WIA_WAO_WAJONG,
         label="WIA, WAO of Wajong (UWV)"),
    Rule("ww", INCOME, r"\buwv\b", IK.WW, label="WW-uitkering (UWV)"),
    # gemeente: bijstand
    Rule("bijstand", INCOME,
         r"\bgemeente\b.*\b(bijstand|levensonderhoud|participatiewet|uitkering|pw)\b|"
         r"\b(bijstand|participatiewet|levensonderhoud)\b|\bwpi\b|werk en inkomen",
         IK.PARTICIPATIEWET, label="Bijstand (gemeente)"),
    Rule("pensioen", INCOME, r"pensioen|\babp\b|\bpfzw\b|\bpmt\b|\bpme\b|\bbpfbouw\b", IK.PENSIOEN,
         label="Pensioen"),
    Rule("vakantiegeld", INCOME, r"vakantiegeld|vakantietoeslag", IK.VAKANTIEGELD, label="Vakantiegeld"),
    Rule("alimentatie_in", INCOME, r"alimentatie|\blbio\b", IK.ALIMENTATIE_ONTVANGEN, label="Alimentatie"),
    Rule("loon", INCOME, r"\b(salaris|loon|salary|nettoloon|loonbetaling|wages)\b", IK.LOON, label="Loon"),
    # expenses: fixed costs
    Rule("huur", EXPENSE, _HOUSING, EK.HUUR_SERVICEKOSTEN, label="Huur"),
    Rule("eigen_risico", EXPENSE, r"eigen risico", EK.EIGEN_RISICO, label="Eigen risico"),
    Rule("zorgverzekering", EXPENSE, _HEALTH, EK.ZORGVERZEKERING, label="Zorgverzekering"),
    Rule("gemeentebelasting", EXPENSE, _MUNICIPAL, EK.GEMEENTELIJKE_BELASTINGEN,
         label="Gemeentelijke belastingen"),
    Rule("water", EXPENSE, _WATER, EK.WATER, label="Water"),
    Rule("energie", EXPENSE, _ENERGY, EK.ENERGIE, label="Energie"),
    Rule("telefoon", EXPENSE, _PHONE, EK.TELEFOON_INTERNET, label="Telefoon en internet"),
    Rule("verzekering", EXPENSE, _INSURANCE, EK.VERZEKERINGEN, label="Verzekering"),
    Rule("kinderopvang", EXPENSE, r"kinderopvang|\bkdv\b|\bbso\b|gastouder", EK.KINDEROPVANG,
         label="Kinderopvang"),
    Rule("alimentatie_uit", EXPENSE, r"alimentatie|\blbio\b", EK.ALIMENTATIE_BETAALD, label="Alimentatie"),
    Rule("regeling", EXPENSE,
         r"\b(intrum|flanderijn|ggn|vesting finance|cjib|lindorff|cabot|eos|hoist|straetus|"
         r"deurwaarder|incasso|betalingsregeling)\b",
         EK.LOPENDE_REGELINGEN, label="Betalingsregeling"),
    Rule("abonnement", EXPENSE, _SUBSCRIPTIONS, EK.ANDERS, label="Abonnement"),
    # expenses: household categories (added up per month)
    Rule("reiskosten", EXPENSE,
         r"\b(ns reizigers|ns groep|\bns\b|gvb|ov-chipkaart|translink|connexxion|arriva|\bret\b|\bhtm\b|"
         r"qbuzz|ebs|shell|\bbp\b|esso|tango|tinq|texaco|totalenergies|parkeren|swapfiets)\b",
         EK.REISKOSTEN, fixed=False, label="Reiskosten"),
    Rule("boodschappen", EXPENSE,
         r"\b(albert heijn|\bah\b|jumbo|lidl|aldi|dirk|dekamarkt|vomar|plus|coop|spar|ekoplaza|hoogvliet|"
         r"nettorama|picnic|crisp|poiesz|boni|jan linders|markt|bakker|slager|toko)\b",
         EK.BOODSCHAPPEN, fixed=False, label="Boodschappen"),
    Rule("verzorging", EXPENSE, r"\b(kruidvat|etos|trekpleister|drogisterij|\bda\b|kapper|apotheek)\b",
         EK.PERSOONLIJKE_VERZORGING, fixed=False, label="Persoonlijke verzorging"),
    Rule("kleding", EXPENSE,
         r"\b(primark|h&m|h & m|zeeman|c&a|c & a|wibra|zalando|shoeby|bristol|scapino|van haren|"
         r"nike|zara|we fashion|jbc)\b",
         EK.KLEDING, fixed=False, label="Kleding en schoenen"),
    Rule("inventaris", EXPENSE,
         r"\b(ikea|blokker|action|coolblue|mediamarkt|kwantum|leen bakker|hema|bol\.com|wehkamp|"
         r"expert|bcc)\b",
         EK.INVENTARIS, fixed=False, label="Inventaris"),
    Rule("onderhoud", EXPENSE, r"\b(gamma|praxis|karwei|hornbach|hubo|formido)\b", EK.ONDERHOUD, fixed=False,
         label="Onderhoud huis"),
)  # fmt: skip


@dataclass(frozen=True)
class SignalRule:
    code: str  # incasso, cjib, gokken, flitskrediet, achteraf
    pattern: str
    creditor: str  # the creditor to propose on the debts page

    @property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.IGNORECASE)  # re caches compiled patterns


SIGNAL_RULES: tuple[SignalRule, ...] = (
    SignalRule("cjib", r"\bcjib\b|centraal justitieel incassobureau", "CJIB"),
    SignalRule("incasso", r"\bintrum\b", "Intrum"),
    SignalRule("incasso", r"\bflanderijn\b", "Flanderijn"),
    SignalRule("incasso", r"\bggn\b", "GGN"),
    SignalRule("incasso", r"vesting finance", "Vesting Finance"),
    SignalRule("incasso", r"\blindorff\b", "Lindorff (Intrum)"),
    SignalRule("incasso", r"\bcabot\b", "Cabot Financial"),
    SignalRule("incasso", r"\beos\b", "EOS Nederland"),
    SignalRule("incasso", r"\bhoist\b", "Hoist Finance"),
    SignalRule("incasso", r"\bstraetus\b", "Straetus"),
    SignalRule("incasso", r"\bcollect4you\b", "Collect4you"),
    SignalRule("incasso", r"\bdebt ?collect|incassobureau|incasso ?bureau\b", ""),
    SignalRule("incasso", r"deurwaarder", ""),
    SignalRule("gokken", r"holland casino|\btoto\b|\bunibet\b|\bjacks\b|betcity|bet365|leovegas|kansino|"
               r"tonybet|\bcircus\b|pokerstars|\b888\b|nederlandse loterij|staatsloterij|\blotto\b|casino", ""),
    SignalRule("flitskrediet", r"\b(ferratum|cashper|vivus|creditstar|monefit|lender & spender|flitskrediet|"
               r"flitslening|kredietdirect|wonga)\b", ""),
    SignalRule("achteraf", r"\b(klarna|afterpay|riverty|in3|billink|achteraf betalen)\b", ""),
)  # fmt: skip

SIGNAL_LABELS = {
    "incasso": N_("Betalingen aan een incassobureau of deurwaarder"),
    "cjib": N_("Betalingen aan het CJIB"),
    "gokken": N_("Betalingen aan gokbedrijven"),
    "flitskrediet": N_("Betalingen aan een flitskrediet-verstrekker"),
    "achteraf": N_("Achteraf betalen of kopen op afbetaling"),
    "stornering": N_("Storneringen (teruggeboekte incasso's)"),
    "roodstand": N_("Rood staan"),
}


@dataclass(frozen=True)
class ProposedLine:
    """One proposed budget line and the transactions behind it (indexes into the list)."""

    direction: str
    kind: IncomeKind | ExpenseKind | None
    frequency: Frequency
    amount: Money  # per ``frequency``
    monthly: Money
    recurring: bool  # a recurring income or fixed cost (else: a household category's average)
    label: str
    rule: str
    transactions: tuple[int, ...]

    @property
    def earmarked(self) -> bool:
        return isinstance(self.kind, IncomeKind) and self.kind.counting is not IncomeCounting.COUNTS


@dataclass(frozen=True)
class Signal:
    code: str
    creditor: str
    transactions: tuple[int, ...]
    total: Money
    count: int
    last: date
    lowest: Money | None = None  # roodstand: the lowest balance seen

    @property
    def label(self) -> str:
        return SIGNAL_LABELS[self.code]


def _text(t: Transaction) -> str:
    return f"{t.counterparty} | {t.description}"


def classify(t: Transaction) -> Rule | None:
    """The first rule for the transaction's direction whose pattern matches, or None."""
    return _classify_text(INCOME if t.is_income else EXPENSE, _text(t))


@lru_cache(maxsize=4096)
def _classify_text(direction: str, text: str) -> Rule | None:
    # a household pays the same shops again and again: the same text is classified once
    for rule in RULES:
        if rule.direction == direction and rule.matches(text):
            return rule
    return None


@lru_cache(maxsize=4096)
def _signal_rule(text: str) -> SignalRule | None:
    for rule in SIGNAL_RULES:
        if rule.regex.search(text):
            return rule
    return None


_NORM = re.compile(r"[^0-9a-z]+")


def _who(t: Transaction) -> str:
    name = _NORM.sub(" ", t.counterparty.casefold()).strip()
    return name or t.counterparty_iban or _NORM.sub(" ", t.description.casefold()).strip()[:24]


def _frequency(dates: Sequence[date]) -> Frequency | None:
    """The frequency of payments on these dates, or None when they are not regular."""
    if len(dates) < 2:
        return None
    gaps = [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]
    g = median(gaps)
    if all(27 <= x <= 29 for x in gaps) and 27.5 <= sum(gaps) / len(gaps) <= 28.5 and len(gaps) >= 2:
        return Frequency.VIER_WEKEN
    if all(5 <= x <= 9 for x in gaps):
        return Frequency.WEEK
    if all(24 <= x <= 37 for x in gaps):
        return Frequency.MAAND
    if 80 <= g <= 100:
        return Frequency.KWARTAAL
    if 350 <= g <= 380:
        return Frequency.JAAR
    return None


def _months(transactions: Sequence[Transaction]) -> Fraction:
    if not transactions:
        return Fraction(1)
    first = min(t.booked for t in transactions)
    last = max(t.booked for t in transactions)
    days = (last - first).days + 1
    return max(Fraction(1), Fraction(days * 1200, 36525))  # days / 30.4375


def _average(amounts: Sequence[Money]) -> Money:
    return to_money(Fraction(sum(abs(a.cents) for a in amounts), len(amounts)))


def _similar(amounts: Sequence[Money]) -> bool:
    values = [abs(a.cents) for a in amounts]
    return min(values) > 0 and max(values) * 10 <= min(values) * 12


def propose(transactions: Sequence[Transaction]) -> list[ProposedLine]:
    """Proposed budget lines: recurring income and fixed costs each on their own line with
    frequency and average amount; the rest added up per household category (per month)."""
    months = _months(transactions)
    fixed: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    household: dict[ExpenseKind, list[int]] = defaultdict(list)
    unknown: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, t in enumerate(transactions):
        if t.returned or t.amount.cents == 0:
            continue
        rule = classify(t)
        if rule is None:
            unknown[(INCOME if t.is_income else EXPENSE, _who(t))].append(n)
        elif rule.fixed:
            fixed[(rule.direction, rule.code, _who(t))].append(n)
        else:
            assert isinstance(rule.kind, ExpenseKind)
            household[rule.kind].append(n)
    lines: list[ProposedLine] = []
    by_code = {r.code: r for r in RULES}
    for (direction, code, _w), idx in fixed.items():
        rule = by_code[code]
        txs = [transactions[i] for i in idx]
        lines.append(_line(direction, rule.kind, rule.label, code, txs, idx, months, known=True))
    leftover: dict[str, list[int]] = defaultdict(list)
    for (direction, _w), idx in unknown.items():
        txs = [transactions[i] for i in idx]
        freq = _frequency(sorted(t.booked for t in txs))
        if freq is not None and len(txs) >= 2 and _similar([t.amount for t in txs]):
            kind: IncomeKind | ExpenseKind = IncomeKind.ANDERS if direction == INCOME else ExpenseKind.ANDERS
            label = txs[0].counterparty or txs[0].description[:40]
            lines.append(_line(direction, kind, label, "terugkerend", txs, idx, months, known=False))
        elif direction == EXPENSE:
            leftover[direction].extend(idx)
    for kind_, idx in sorted(household.items(), key=lambda kv: list(ExpenseKind).index(kv[0])):
        lines.append(_household(kind_, kind_.label, idx, transactions, months))
    if leftover.get(EXPENSE):
        lines.append(_household(ExpenseKind.ANDERS, N_("Overige uitgaven"), leftover[EXPENSE], transactions, months))
    lines.sort(key=lambda ln: (ln.direction != INCOME, not ln.recurring, -ln.monthly.cents))
    return lines


def _line(
    direction: str,
    kind: IncomeKind | ExpenseKind | None,
    label: str,
    code: str,
    txs: Sequence[Transaction],
    idx: Sequence[int],
    months: Fraction,
    *,
    known: bool,
) -> ProposedLine:
    dates = sorted(t.booked for t in txs)
    freq = _frequency(dates)
    if freq is None and len(txs) == 1:
        freq = Frequency.KWARTAAL if kind is IncomeKind.KINDERBIJSLAG else Frequency.MAAND
    if freq is None:  # irregular: the monthly average over the period
        amount = to_money(Fraction(sum(abs(t.amount.cents) for t in txs)) / months)
        freq = Frequency.MAAND
    else:
        amount = _average([t.amount for t in txs])
    name = txs[0].counterparty.strip() if known else label
    shown = f"{label}: {name}" if known and name and name.casefold() not in str(label).casefold() else str(label)
    return ProposedLine(
        direction=direction,
        kind=kind,
        frequency=freq,
        amount=amount,
        monthly=to_monthly(amount, freq),
        recurring=True,
        label=shown[:120],
        rule=code,
        transactions=tuple(idx),
    )


def _household(
    kind: ExpenseKind, label: str, idx: Sequence[int], transactions: Sequence[Transaction], months: Fraction
) -> ProposedLine:
    total = sum(abs(transactions[i].amount.cents) for i in idx)
    amount = to_money(Fraction(total) / months)
    return ProposedLine(
        direction=EXPENSE,
        kind=kind,
        frequency=Frequency.MAAND,
        amount=amount,
        monthly=amount,
        recurring=False,
        label=str(label),
        rule="huishouden",
        transactions=tuple(idx),
    )


def signals(transactions: Sequence[Transaction]) -> list[Signal]:
    """Possible debts and worries, for the coach to look at: never facts by themselves."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, t in enumerate(transactions):
        if t.returned:
            groups[("stornering", "")].append(n)
            continue
        if t.is_income:
            continue
        found = _signal_rule(_text(t))
        if found is not None:
            groups[(found.code, found.creditor or t.counterparty.strip()[:80])].append(n)
    out = [
        Signal(
            code=code,
            creditor=creditor,
            transactions=tuple(idx),
            total=Money(sum(abs(transactions[i].amount.cents) for i in idx)),
            count=len(idx),
            last=max(transactions[i].booked for i in idx),
        )
        for (code, creditor), idx in groups.items()
    ]
    negative = [n for n, t in enumerate(transactions) if t.balance_after is not None and t.balance_after.cents < 0]
    if negative:
        lowest = min((transactions[i].balance_after for i in negative), key=lambda m: m.cents)  # type: ignore[union-attr]
        out.append(
            Signal(
                code="roodstand",
                creditor="",
                transactions=tuple(negative),
                total=Money(0),
                count=len(negative),
                last=max(transactions[i].booked for i in negative),
                lowest=lowest,
            )
        )
    order = list(SIGNAL_LABELS)
    out.sort(key=lambda s: (order.index(s.code), s.creditor))
    return out
