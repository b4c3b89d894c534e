"""How chat reads messages, on the labelled tuning and two held-out sets (issue 8).

    .venv/bin/python tools/measure_intents.py            # every set, per-label figures
    .venv/bin/python tools/measure_intents.py --misses   # and every message read wrong

The rules in ``ponder.chat.intents``, ``prefs`` and ``statements`` are written from the
tuning set only; the held-out sets are only scored (never change code for their misses).
``intents_heldout2.jsonl`` was written later, in a third style (terse, lower case, chat
abbreviations, some traditional characters), before the second round of rules.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ponder.chat.prefs import Setting
from ponder.chat.reading import LABELS, Scores, load, score

DATA = Path(__file__).resolve().parent.parent / "tests" / "chat" / "data"
SETS = {"tuning": DATA / "intents_tuning.jsonl", "heldout": DATA / "intents_heldout.jsonl",
        "heldout2": DATA / "intents_heldout2.jsonl"}


def _st(s: Setting) -> str:
    return f"{s.subject}.{s.slot}={s.value}"


def report(name: str, s: Scores, misses: bool) -> None:
    print(f"== {name}: {s.n} messages, all right (label and settings) {s.right}/{s.n} "
          f"= {s.accuracy:.2f}")
    print(f"   document questions kept as questions {s.hits['question']}/{s.truth['question']}"
          f" = {s.questions_kept:.2f}; control precision {s.control_precision:.2f}")
    print(f"   settings read right {s.settings_right}/{s.settings} = {s.setting_accuracy:.2f};"
          f" settings read where none was stated: {s.false_settings}")
    for label in LABELS:
        if s.truth[label] or s.said[label]:
            print(f"   {label:<11} n={s.truth[label]:<3} precision {s.precision(label):.2f} "
                  f"recall {s.recall(label):.2f}")
    if misses:
        for case, got in s.misses:
            want = f"{case.label} {_st(case.setting) if case.setting else ''}"
            said = f"{got.label} {[_st(x) for x in got.settings] or ''}"
            print(f"   MISS {case.text!r}: want {want.strip()}, read {said.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the messages read wrong")
    parser.add_argument("--set", choices=sorted(SETS), help="only this set")
    args = parser.parse_args()
    for name, path in SETS.items():
        if args.set in (None, name):
            report(name, score(load(path)), args.misses)


if __name__ == "__main__":
    main()
