"""Import of a year of bank transactions (~1.500) and its proposal (issue 17: aim < 1 s).

    PYTHONPATH=. .venv/bin/python benchmarks/statement_import.py [--runs 7]

Measures what one upload costs without the web layer: parse a CAMT.053 file of a year and an
ING CSV of the last five months of the same account, merge them (the overlap counted once),
turn the review state into JSON and back (as the sealed review row does), propose the budget
and find the signals. Median and slowest of ``--runs``. Reported, not asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from schoonschip.budget.statements.rules.detect import parse_statement  # noqa: E402
from schoonschip.budget.statements.rules.model import Transaction, merge  # noqa: E402
from schoonschip.budget.statements.rules.recognise import propose, signals  # noqa: E402
from tests.statements_support import household, to_camt, to_ing_csv  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    txs = household(2026, start=date(2025, 1, 1), months=12, household_per_week=28).transactions
    camt = to_camt(txs)
    ing = to_ing_csv([t for t in txs if t.booked >= date(2025, 8, 1)])
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        a = parse_statement(camt).transactions  # type: ignore[union-attr]
        b = parse_statement(ing).transactions  # type: ignore[union-attr]
        merged, skipped = merge(a, b)
        state = json.loads(json.dumps({"transactions": [t.to_dict() for t in merged]}))
        back = [Transaction.from_dict(d) for d in state["transactions"]]
        lines = propose(back)
        sigs = signals(back)
        times.append(time.perf_counter() - t0)
    print(f"transacties: {len(merged)} (CAMT {len(a)}, ING {len(b)}, dubbel overgeslagen {skipped})")
    print(f"bestanden: CAMT {len(camt) / 1024:.0f} KB, ING {len(ing) / 1024:.0f} KB")
    print(f"voorstel: {len(lines)} regels, {len(sigs)} meldingen")
    print(f"inlezen + voorstel: mediaan {statistics.median(times) * 1000:.0f} ms, traagste {max(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
