"""Split the labelled question set into a tuning half and a held-out half.

    python tools/split_questions.py   # eval/questions/*.jsonl -> eval/{tuning,heldout}.jsonl

At random with a fixed seed, stratified by corpus, kind and language (each stratum's
questions are shuffled and dealt alternately, so both halves get each kind in each
language), with every question over a held-out-only corpus (``pydoc-topics``) in the
held-out half, so that one corpus is never seen while tuning, and every tuning-only
question in the tuning half: those over the tuning-only corpus ``pydoc-modules``, and
the extra ``altman-interviews`` questions of ``altman-c.jsonl`` (ids ``alt-c-...``),
written later to widen the fit. Tuning-only questions are set aside before the strata are
shuffled, so they leave the split of the others exactly as it was. Re-running on the same
files gives the same split. Adding questions can move others between the halves (the
shuffles and the alternation run across strata), so a grown set is a new split: refit,
and report both halves again.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

SEED = 20261207
HELD_OUT_ONLY = ("pydoc-topics",)
TUNING_ONLY = ("pydoc-modules",)        # corpora whose questions all go to tuning
TUNING_ONLY_IDS = ("alt-c-",)           # id prefixes (altman-c.jsonl) that do too


def tuning_only(line: dict[str, object]) -> bool:
    return (line.get("corpus") in TUNING_ONLY
            or str(line.get("id", "")).startswith(TUNING_ONLY_IDS))


def split(lines: list[dict[str, object]], seed: int = SEED
          ) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    tuning: list[dict[str, object]] = []
    heldout: list[dict[str, object]] = []
    strata: dict[tuple[str, str, str], list[dict[str, object]]] = defaultdict(list)
    for line in lines:
        if line.get("corpus") in HELD_OUT_ONLY:
            heldout.append(line)
        elif tuning_only(line):
            tuning.append(line)
        else:
            key = (str(line.get("corpus")), str(line["kind"]), str(line["lang"]))
            strata[key].append(line)
    rng = random.Random(seed)
    flip = 0
    for key in sorted(strata):
        group = strata[key]
        rng.shuffle(group)
        for line in group:
            (tuning if flip % 2 == 0 else heldout).append(line)
            flip += 1
    order = {id(line): n for n, line in enumerate(lines)}
    return sorted(tuning, key=lambda x: order[id(x)]), sorted(heldout, key=lambda x: order[id(x)])


def write(path: Path, lines: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                    encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent.parent / "eval"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=here / "questions")
    parser.add_argument("--out", type=Path, default=here)
    args = parser.parse_args(argv)
    lines = [json.loads(raw) for file in sorted(args.questions.glob("*.jsonl"))
             for raw in file.read_text(encoding="utf-8").splitlines() if raw.strip()]
    tuning, heldout = split(lines)
    write(args.out / "tuning.jsonl", tuning)
    write(args.out / "heldout.jsonl", heldout)
    for name, part in (("tuning", tuning), ("heldout", heldout)):
        abstain = sum(bool(x["abstain"]) for x in part)
        print(f"{name}: {len(part)} questions, {abstain} unanswerable, "
              f"{len({x['corpus'] for x in part})} corpora")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
