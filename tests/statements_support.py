"""Synthetic bank statements for the statement tests, the recognition measurement and the
benchmark: households with known recurring income, fixed costs and household spending, and
writers for every supported file format, written from the published format descriptions
(CAMT.053.001.02, SWIFT MT940 with the Dutch :86: structure, the banks' CSV layouts).

Synthetic people and accounts only: IBANs use the test bank code ``TEST``-style numbers that no
bank issues (``NL00ZZZZ...``), names are invented.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape

from schoonschip.budget.rules.items import ExpenseKind, Frequency, IncomeKind
from schoonschip.budget.statements.rules.model import Transaction
from schoonschip.money import Money

ACCOUNT = "NL00ZZZZ0123456789"


def iban(n: int) -> str:
    return f"NL{n % 97:02d}ZZZZ{n:010d}"


@dataclass(frozen=True)
class Truth:
    """What a synthetic transaction really is."""

    kind: str  # IncomeKind / ExpenseKind value
    recurring: bool  # a recurring income or fixed cost (its own line)
    line: str  # the recurring line it belongs to ("" for household spending)
    frequency: Frequency | None = None
    earmarked: bool = False


@dataclass
class Synthetic:
    transactions: list[Transaction] = field(default_factory=list)
    truths: list[Truth] = field(default_factory=list)

    def add(self, t: Transaction, truth: Truth) -> None:
        self.transactions.append(t)
        self.truths.append(truth)

    def sorted(self) -> Synthetic:
        order = sorted(range(len(self.transactions)), key=lambda i: (self.transactions[i].booked, i))
        return Synthetic([self.transactions[i] for i in order], [self.truths[i] for i in order])


def _m(euros: str | Decimal) -> Money:
    return Money.from_decimal(Decimal(euros))


def _monthly_dates(start: date, end: date, day: int) -> list[date]:
    out = []
    y, m = start.year, start.month
    while True:
        d = date(y, m, min(day, 28))
        if d > end:
            return out
        if d >= start:
            out.append(d)
        m += 1
        if m > 12:
            y, m = y + 1, 1


def _every(start: date, end: date, first: date, days: int) -> list[date]:
    out, d = [], first
    while d <= end:
        if d >= start:
            out.append(d)
        d += timedelta(days=days)
    return out


# (line, counterparty, description, kind, frequency, earmarked, direction +1/-1)
INCOME_SOURCES = [
    ("loon", "Schoonmaakbedrijf Zuidoost BV", "Salaris {m}", IncomeKind.LOON, False),
    ("loon", "Thuiszorg Amstel BV", "Loon periode {m}", IncomeKind.LOON, False),
    ("loon", "Uitzendbureau Flex BV", "Betaling periode {m}", IncomeKind.LOON, False),  # no keyword at all
    ("ww", "UWV", "Uitkering {m} WW", IncomeKind.WW, False),
    ("bijstand", "Gemeente Amsterdam", "Participatiewet levensonderhoud {m}", IncomeKind.PARTICIPATIEWET, False),
    ("ww", "UWV", "UWV WW uitkering {m}", IncomeKind.WW, False),
    ("aow", "SVB", "AOW uitkering {m}", IncomeKind.AOW, False),
    ("pensioen", "Stichting Pensioenfonds ABP", "Pensioen {m}", IncomeKind.PENSIOEN, False),
]
TOESLAGEN = [
    ("huurtoeslag", "Belastingdienst/Toeslagen", "Huurtoeslag {y} voorschot", IncomeKind.HUURTOESLAG),
    ("zorgtoeslag", "Belastingdienst/Toeslagen", "Zorgtoeslag {y} voorschot", IncomeKind.ZORGTOESLAG),
    ("kgb", "Belastingdienst", "Kindgebonden budget {y}", IncomeKind.KINDGEBONDEN_BUDGET),
]
FIXED = [
    ("huur", ["Ymere", "Eigen Haard", "Rochdale", "Stadgenoot", "De Key"], "Huur {m}", ExpenseKind.HUUR_SERVICEKOSTEN, (650, 950), 1),
    ("energie", ["Vattenfall", "Eneco", "Essent", "Budget Energie"], "Termijnbedrag {m}", ExpenseKind.ENERGIE, (90, 190), 3),
    ("water", ["Waternet"], "Termijn drinkwater {m}", ExpenseKind.WATER, (18, 32), 5),
    ("zorg", ["Zilveren Kruis Achmea", "VGZ", "Menzis", "DSW Zorgverzekeraar"], "Premie zorgverzekering {m}", ExpenseKind.ZORGVERZEKERING, (135, 165), 1),
    ("telefoon", ["KPN", "Vodafone Libertel", "Ziggo", "Lebara"], "Factuur {m}", ExpenseKind.TELEFOON_INTERNET, (15, 75), 20),
    ("verzekering", ["Centraal Beheer", "Interpolis", "FBTO"], "Inboedel en aansprakelijkheid {m}", ExpenseKind.VERZEKERINGEN, (12, 30), 2),
    ("abonnement", ["Netflix International", "Spotify AB", "Basic-Fit Nederland"], "Abonnement {m}", ExpenseKind.ANDERS, (9, 30), 15),
]
HOUSEHOLD = [
    ("Albert Heijn 1234", ExpenseKind.BOODSCHAPPEN, (5, 60)),
    ("Jumbo Amsterdam", ExpenseKind.BOODSCHAPPEN, (5, 60)),
    ("Lidl Zuidoost", ExpenseKind.BOODSCHAPPEN, (5, 45)),
    ("Kruidvat 7788", ExpenseKind.PERSOONLIJKE_VERZORGING, (3, 25)),
    ("Primark Amsterdam", ExpenseKind.KLEDING, (8, 60)),
    ("NS Reizigers", ExpenseKind.REISKOSTEN, (3, 25)),
    ("Action 1502", ExpenseKind.INVENTARIS, (2, 30)),
]
MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
             "oktober", "november", "december"]  # fmt: skip


def household(
    seed: int,
    *,
    start: date = date(2025, 6, 1),
    months: int = 3,
    account: str = ACCOUNT,
    household_per_week: int = 5,
    signals: bool = True,
) -> Synthetic:
    """One household's transactions over ``months`` months, with the truth for each."""
    rnd = random.Random(seed)
    end = date(start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1, 1) - timedelta(days=1)
    s = Synthetic()
    ref = [seed * 100000]

    def add(d: date, cents: int, who: str, text: str, truth: Truth, who_iban: str = "", returned: bool = False) -> None:
        ref[0] += 1
        while d.weekday() >= 5 and d + timedelta(days=2) <= end:  # banks book on working days
            d += timedelta(days=1)
        s.add(
            Transaction(
                account=account, booked=d, amount=Money(cents), counterparty=who, counterparty_iban=who_iban,
                description=text, reference=f"E2E{ref[0]}", returned=returned,
            ),
            truth,
        )

    # income: one main income (wage monthly or four-weekly, or a benefit), toeslagen, kinderbijslag
    line, who, text, kind, _e = rnd.choice(INCOME_SOURCES)
    amount = rnd.randint(110000, 210000)
    four_weekly = kind is IncomeKind.LOON and rnd.random() < 0.4
    dates = _every(start, end, start + timedelta(days=rnd.randint(0, 27)), 28) if four_weekly else _monthly_dates(start, end, rnd.choice([20, 23, 25, 27]))
    freq = Frequency.VIER_WEKEN if four_weekly else Frequency.MAAND
    for d in dates:
        add(d, amount, who, text.format(m=MONTHS_NL[d.month - 1]), Truth(kind.value, True, line, freq), iban(seed * 7 + 1))
    for line, who, text, kind in TOESLAGEN:
        if rnd.random() < 0.6:
            amt = rnd.randint(5000, 40000)
            for d in _monthly_dates(start, end, 20):
                add(d, amt, who, text.format(y=d.year), Truth(kind.value, True, line, Frequency.MAAND, True), "NL86INGB0002445588")
    if rnd.random() < 0.5:
        amt = rnd.randint(26000, 60000)
        for d in _every(start, end, start + timedelta(days=rnd.randint(0, 89)), 91):
            add(d, amt, "SVB", f"Kinderbijslag {d.year} kwartaal", Truth(IncomeKind.KINDERBIJSLAG.value, True, "kinderbijslag", Frequency.KWARTAAL, True), "NL20INGB0001234567")
    # fixed costs
    for line, names, text, kind, (lo, hi), day in FIXED:
        if line in ("verzekering", "abonnement") and rnd.random() < 0.4:
            continue
        who = rnd.choice(names)
        amt = rnd.randint(lo * 100, hi * 100)
        for d in _monthly_dates(start, end, day + rnd.randint(0, 3)):
            add(d, -amt, who, text.format(m=MONTHS_NL[d.month - 1]), Truth(kind.value, True, line, Frequency.MAAND), iban(sum(map(ord, who)) * 7919))
    # household spending: a few payments a week
    d = start
    while d <= end:
        for _ in range(rnd.randint(max(0, household_per_week - 2), household_per_week + 2) if d.weekday() == 0 else 0):
            who, kind, (lo, hi) = rnd.choice(HOUSEHOLD)
            add(d + timedelta(days=rnd.randint(0, 6)) if d + timedelta(days=6) <= end else d, -rnd.randint(lo * 100, hi * 100), who, "Betaalpas", Truth(kind.value, False, ""))
        d += timedelta(days=1)
    if signals:
        if rnd.random() < 0.5:
            for dd in _monthly_dates(start, end, 12):
                add(dd, -5000, "Intrum Nederland BV", "Betalingsregeling dossier 99887766", Truth(ExpenseKind.LOPENDE_REGELINGEN.value, True, "regeling", Frequency.MAAND), "NL11ZZZZ0000000011")
        if rnd.random() < 0.3:
            add(start + timedelta(days=40), -2500, "Holland Casino Online", "iDEAL storting", Truth(ExpenseKind.ANDERS.value, False, ""))
    return s.sorted()


def recognition_set(n_transactions: int = 500, seed: int = 17) -> list[Synthetic]:
    """Households until together about ``n_transactions`` transactions."""
    out, total, k = [], 0, 0
    while total < n_transactions:
        h = household(seed * 1000 + k, account=iban(seed * 1000 + k))
        out.append(h)
        total += len(h.transactions)
        k += 1
    return out


# ---------------------------------------------------------------------------- writers


def _amt(cents: int, *, comma: bool = True, sign: bool = False) -> str:
    v = Decimal(abs(cents)) / 100
    text = f"{v:.2f}"
    if comma:
        text = text.replace(".", ",")
    if sign:
        text = ("-" if cents < 0 else "+") + text
    elif cents < 0:
        text = "-" + text
    return text


def to_camt(txs: Sequence[Transaction], *, account: str = ACCOUNT, opening: int = 25000,
            namespace: str = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02") -> bytes:  # fmt: skip
    """A CAMT.053.001.02 statement (ISO 20022 BkToCstmrStmt)."""
    entries = []
    for t in txs:
        debit = t.amount.cents < 0
        role = "Cdtr" if debit else "Dbtr"
        entries.append(f"""
      <Ntry>
        <Amt Ccy="EUR">{abs(t.amount.cents) / 100:.2f}</Amt>
        <CdtDbtInd>{'DBIT' if debit else 'CRDT'}</CdtDbtInd>
        {'<RvslInd>true</RvslInd>' if t.returned else ''}
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{t.booked.isoformat()}</Dt></BookgDt>
        <ValDt><Dt>{t.booked.isoformat()}</Dt></ValDt>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{'RDDT' if debit else 'RCDT'}</Cd><SubFmlyCd>{'UPDD' if t.returned else 'ESCT'}</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>{escape(t.reference or 'NOTPROVIDED')}</EndToEndId></Refs>
          <RltdPties><{role}><Nm>{escape(t.counterparty)}</Nm></{role}><{role}Acct><Id><IBAN>{escape(t.counterparty_iban)}</IBAN></Id></{role}Acct></RltdPties>
          <RmtInf><Ustrd>{escape(t.description)}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>""")
    closing = opening + sum(t.amount.cents for t in txs)
    first = txs[0].booked if txs else date(2025, 1, 1)
    last = txs[-1].booked if txs else date(2025, 1, 1)

    def bal(code: str, cents: int, d: date) -> str:
        return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{abs(cents) / 100:.2f}</Amt>"
                f"<CdtDbtInd>{'DBIT' if cents < 0 else 'CRDT'}</CdtDbtInd><Dt><Dt>{d.isoformat()}</Dt></Dt></Bal>")  # fmt: skip

    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="{namespace}">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>SYNTH-1</MsgId><CreDtTm>{last.isoformat()}T08:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>SYNTH-STMT-1</Id>
      <CreDtTm>{last.isoformat()}T08:00:00</CreDtTm>
      <Acct><Id><IBAN>{account}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      {bal('OPBD', opening, first)}
      {bal('CLBD', closing, last)}{''.join(entries)}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()


def to_ing_csv(txs: Sequence[Transaction], *, account: str = ACCOUNT, opening: int = 25000, encoding: str = "utf-8") -> bytes:
    """ING's semicolon export (2019 and later), newest first as ING writes it."""
    head = '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mutatiesoort";"Mededelingen";"Saldo na mutatie";"Tag"'
    rows, balance = [], opening
    for t in txs:
        balance += t.amount.cents
        text = f"Naam: {t.counterparty} Omschrijving: {t.description} IBAN: {t.counterparty_iban} Kenmerk: {t.reference}"
        if t.returned:
            text = "Storno " + text
        rows.append(
            ";".join(
                f'"{c}"'
                for c in (
                    t.booked.strftime("%Y%m%d"), t.counterparty, account, t.counterparty_iban,
                    "IC" if t.amount.cents < 0 else "OV", "Af" if t.amount.cents < 0 else "Bij",
                    _amt(abs(t.amount.cents)), "Incasso" if t.amount.cents < 0 else "Overschrijving", text,
                    _amt(balance), "",
                )
            )
        )  # fmt: skip
    return ("\r\n".join([head, *reversed(rows)]) + "\r\n").encode(encoding)


def _mt940_86(t: Transaction) -> str:
    name = t.counterparty.replace("/", " ")
    body = f"/TRTP/SEPA OVERBOEKING/CNTP/{t.counterparty_iban}/ZZZZNL2A/{name}/AMSTERDAM/REMI/USTD//{t.description}/EREF/{t.reference}"
    if t.returned:
        body += "/RTRN/MS03"
    lines, rest = [], body
    while len(rest) > 65:  # wrap at 65 characters, never next to a space (readers strip the line ends)
        cut = 65
        while rest[cut - 1] == " " or rest[cut] == " ":
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    return "\n".join([*lines, rest])


def to_mt940(txs: Sequence[Transaction], *, account: str = ACCOUNT, opening: int = 25000) -> bytes:
    """SWIFT MT940 as the Dutch banks write it (structured :86:)."""
    first = txs[0].booked
    lines = [":20:SYNTH", f":25:{account}", ":28C:1", f":60F:{'C' if opening >= 0 else 'D'}{first:%y%m%d}EUR{_amt(abs(opening))}"]
    balance = opening
    for t in txs:
        balance += t.amount.cents
        dc = "D" if t.amount.cents < 0 else "C"
        if t.returned:
            dc = "RD" if t.amount.cents < 0 else "RC"
        lines.append(f":61:{t.booked:%y%m%d}{t.booked:%m%d}{dc}{_amt(abs(t.amount.cents))}NTRFNONREF//{t.reference[:16]}")
        lines.append(":86:" + _mt940_86(t))
    lines.append(f":62F:{'C' if balance >= 0 else 'D'}{txs[-1].booked:%y%m%d}EUR{_amt(abs(balance))}")
    return ("\r\n".join(lines) + "\r\n-\r\n").encode()


def _csv_line(cells: Sequence[str], delimiter: str) -> str:
    return delimiter.join('"' + c.replace('"', '""') + '"' for c in cells)


def to_rabobank_csv(txs: Sequence[Transaction], *, account: str = ACCOUNT) -> bytes:
    from schoonschip.budget.statements.rules.csvformats import _RABO_HEADER

    rows = [_csv_line(_RABO_HEADER, ",")]
    balance = 25000
    for n, t in enumerate(txs):
        balance += t.amount.cents
        cells = [account, "EUR", "RABONL2U", f"{n + 1:018d}", t.booked.isoformat(), t.booked.isoformat(),
                 _amt(t.amount.cents, sign=True), _amt(balance, sign=True), t.counterparty_iban, t.counterparty,
                 "", "", "", "ei", "", "", "", "", t.reference, t.description, "", "", "MS03" if t.returned else "",
                 "", "", ""]  # fmt: skip
        rows.append(_csv_line(cells, ","))
    return ("\n".join(rows) + "\n").encode()


def to_abnamro_txt(txs: Sequence[Transaction], *, account: str = "123456789") -> bytes:
    rows, balance = [], 25000
    for t in txs:
        before, balance = balance, balance + t.amount.cents
        text = f"/TRTP/SEPA OVERBOEKING/IBAN/{t.counterparty_iban}/BIC/ZZZZNL2A/NAME/{t.counterparty}/REMI/{t.description}/EREF/{t.reference}"
        if t.returned:
            text += "/RTRN/MS03"
        rows.append("\t".join([account, "EUR", f"{t.booked:%Y%m%d}", _amt(before), _amt(balance), f"{t.booked:%Y%m%d}", _amt(t.amount.cents), text]))
    return ("\n".join(rows) + "\n").encode()


def to_volksbank_csv(txs: Sequence[Transaction], *, account: str = ACCOUNT) -> bytes:
    rows, balance = [], 25000
    for n, t in enumerate(txs):
        cells = [f"{t.booked:%d-%m-%Y}", account, t.counterparty_iban, t.counterparty, "", "", "", "EUR",
                 _amt(balance, comma=False), "EUR", _amt(t.amount.cents, comma=False), f"{t.booked:%d-%m-%Y}",
                 f"{t.booked:%d-%m-%Y}", "8810", "IC", str(n + 1), t.reference, t.description, "1"]  # fmt: skip
        balance += t.amount.cents
        rows.append(",".join(f'"{c}"' if c else "" for c in cells))
    return ("\n".join(rows) + "\n").encode()


def to_triodos_csv(txs: Sequence[Transaction], *, account: str = ACCOUNT) -> bytes:
    rows, balance = [], 25000
    for t in txs:
        balance += t.amount.cents
        v = Decimal(abs(t.amount.cents)) / 100
        grouped = f"{v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        cells = [f"{t.booked:%d-%m-%Y}", account, grouped, "Debet" if t.amount.cents < 0 else "Credit",
                 t.counterparty, t.counterparty_iban, "IC", t.description, _amt(balance)]  # fmt: skip
        rows.append(_csv_line(cells, ","))
    return ("\n".join(rows) + "\n").encode()


def to_bunq_csv(txs: Sequence[Transaction], *, account: str = ACCOUNT) -> bytes:
    rows = [_csv_line(["Date", "Interest Date", "Amount", "Account", "Counterparty", "Name", "Description"], ";")]
    for t in txs:
        rows.append(_csv_line([t.booked.isoformat(), t.booked.isoformat(), _amt(t.amount.cents, comma=False), account,
                               t.counterparty_iban, t.counterparty, t.description], ";"))  # fmt: skip
    return ("\n".join(rows) + "\n").encode()


def to_knab_csv(txs: Sequence[Transaction], *, account: str = ACCOUNT) -> bytes:
    from schoonschip.budget.statements.rules.csvformats import _KNAB_HEADER

    rows = ["KNAB EXPORT;;;;;;;;;;;;;;;", _csv_line(_KNAB_HEADER, ";")]
    for t in txs:
        cells = [account, f"{t.booked:%d-%m-%Y}", "EUR", "D" if t.amount.cents < 0 else "C", _amt(abs(t.amount.cents)),
                 t.counterparty_iban, t.counterparty, f"{t.booked:%d-%m-%Y}", "Overboeking", t.description, "", "", "",
                 "", t.reference, f"{t.booked:%d-%m-%Y}"]  # fmt: skip
        rows.append(_csv_line(cells, ";"))
    return ("\n".join(rows) + "\n").encode()


# ----------------------------------------------------------------------- measurement


@dataclass(frozen=True)
class RecognitionScore:
    income_lines: int
    income_correct: int
    fixed_lines: int
    fixed_correct: int
    transactions: int
    earmarked_as_counting: int

    @property
    def income_share(self) -> float:
        return self.income_correct / self.income_lines if self.income_lines else 1.0

    @property
    def fixed_share(self) -> float:
        return self.fixed_correct / self.fixed_lines if self.fixed_lines else 1.0


def score(sets: Sequence[Synthetic]) -> RecognitionScore:
    """A recurring income or fixed cost is proposed correctly when one proposed line holds
    exactly its transactions, with its kind and its frequency."""
    from schoonschip.budget.rules.items import IncomeCounting
    from schoonschip.budget.statements.rules.recognise import propose

    inc = inc_ok = fix = fix_ok = n = wrong_earmarked = 0
    for s in sets:
        n += len(s.transactions)
        lines = propose(s.transactions)
        by_tx = {frozenset(ln.transactions): ln for ln in lines}
        truth_lines: dict[tuple[str, str], list[int]] = {}
        for i, t in enumerate(s.truths):
            if t.recurring:
                truth_lines.setdefault((t.line, t.kind), []).append(i)
        for (_line, kind), idx in truth_lines.items():
            truth = s.truths[idx[0]]
            ln = by_tx.get(frozenset(idx))
            ok = ln is not None and ln.kind is not None and ln.kind.value == kind and ln.frequency == truth.frequency
            if s.transactions[idx[0]].is_income:
                inc += 1
                inc_ok += ok
            else:
                fix += 1
                fix_ok += ok
        for ln in lines:
            if isinstance(ln.kind, IncomeKind) and ln.kind.counting is IncomeCounting.COUNTS:
                wrong_earmarked += sum(1 for i in ln.transactions if s.truths[i].earmarked)
    return RecognitionScore(inc, inc_ok, fix, fix_ok, n, wrong_earmarked)
