"""Recognition of the proposed budget on synthetic statements with known categories (issue 17).

    PYTHONPATH=. .venv/bin/python benchmarks/statement_recognition.py [--transactions 500] [--seeds 17,1,2,3]

Per seed: households of ~100 transactions each (tests/statements_support.py) until about
``--transactions`` transactions; a recurring income or fixed cost counts as proposed correctly
when one proposed line holds exactly its transactions, with its kind and frequency. Also
counts earmarked transactions that ended up in a line that counts for the capacity (must be 0).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.statements_support import recognition_set, score  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--transactions", type=int, default=500)
    ap.add_argument("--seeds", default="17,1,2,3,4,5")
    args = ap.parse_args()
    print(f"{'seed':>5} {'transacties':>11} {'inkomen goed':>14} {'vaste lasten goed':>18} {'geoormerkt als telt':>20}")
    for seed in (int(s) for s in args.seeds.split(",")):
        s = score(recognition_set(args.transactions, seed=seed))
        print(
            f"{seed:>5} {s.transactions:>11} {s.income_correct:>5}/{s.income_lines:<3} {s.income_share:>5.0%}"
            f" {s.fixed_correct:>8}/{s.fixed_lines:<3} {s.fixed_share:>5.0%} {s.earmarked_as_counting:>20}"
        )


if __name__ == "__main__":
    main()
