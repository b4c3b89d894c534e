"""Weigh the search fusion on the tuning half: recall of the gold passage per setting.

    python tools/fit_fusion.py --library .cache/eval-library [--questions eval/tuning.jsonl]

Each tuning question is searched as ``ponder search`` does, once per value of the
other-language bonus (which changes the dense list itself); the rankings of every list
(lexical, translated, dense) are kept, then fused again offline under each setting of a
small grid of :class:`ponder.search.FusionWeights` (the RRF constant and each list's
weight). A question counts when a passage among the first ``DEPTH`` (the answer step's
candidates) overlaps one of its gold quotes; ties go to recall among the first five,
then to the setting closest to the default. Prints the default's recall and the best
settings; the chosen values go into ``DEFAULT_FUSION`` by hand, with the figures, in
``src/ponder/search/_fusion.py``. Never reads the held-out half.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace
from pathlib import Path

from ponder.answer.ask import QueryCache
from ponder.eval.gold import GoldSpan, locate_gold
from ponder.eval.questions import load_questions
from ponder.search import DEFAULT_FUSION, FusionWeights, _search, default_embedder, search
from ponder.store import Library

HERE = Path(__file__).resolve().parent.parent
BONUS = (0.0, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1)
GRID = {
    "k": (10.0, 30.0, 60.0),
    "lexical": (0.5, 1.0, 1.5),
    "translated": (0.5, 1.0, 1.5),
    "dense": (0.5, 1.0, 1.5, 2.0),
}
TOP = 5
DEPTH = 16  # ponder.answer.settings.DEPTH

Rankings = dict[str, list[int]]


def capture(library: Library, questions: list[str], fusion: FusionWeights) -> list[Rankings]:
    """Each question's rankings, recorded from inside ``search``."""
    seen: list[Rankings] = []
    original = _search.fuse

    def recording(rankings: Rankings, fusion: FusionWeights = DEFAULT_FUSION):  # type: ignore[no-untyped-def]
        seen.append({k: list(v) for k, v in rankings.items()})
        return original(rankings, fusion)

    _search.fuse = recording  # type: ignore[assignment]
    try:
        embedder = QueryCache(default_embedder())
        for q in questions:
            search(library, q, limit=TOP, embedder=embedder, fusion=fusion)
    finally:
        _search.fuse = original
    return seen


def spans_of(library: Library, ids: set[int]) -> dict[int, tuple[str, int, int, str]]:
    out = {}
    for pid in ids:
        row = library.db.execute(
            "SELECT d.path, p.source_start, p.source_end, p.text FROM passages p "
            "JOIN documents d ON d.id = p.doc_id WHERE p.id = ?", (pid,)).fetchone()
        out[pid] = (str(row[0]), int(row[1]), int(row[2]), str(row[3]))
    return out


def recall(rankings: list[Rankings], gold: list[tuple[GoldSpan, ...]],
           info: dict[int, tuple[str, int, int, str]], fusion: FusionWeights,
           top_n: int = TOP) -> int:
    found = 0
    for lists, spans in zip(rankings, gold, strict=True):
        fused = _search.apply_prior(_search.fuse(lists, fusion),
                                    {p: info[p][3] for ids in lists.values() for p in ids},
                                    fusion.full_weight)
        if fusion.keep_firsts:
            fused = _search.keep_firsts(fused, lists, top_n)
        top = [f.passage_id for f in fused[:top_n]]
        if any(s.overlaps(info[p][0], info[p][1], info[p][2]) for p in top for s in spans):
            found += 1
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=HERE / "eval" / "tuning.jsonl")
    parser.add_argument("--corpus-root", type=Path, default=HERE / ".cache" / "eval-corpora")
    args = parser.parse_args(argv)
    if "heldout" in args.questions.name:
        parser.error("the fusion is never weighed on the held-out half")
    questions = [q for q in load_questions(args.questions) if not q.abstain]
    gold_index = locate_gold(questions, args.corpus_root, args.questions)
    gold = [gold_index[q.id] for q in questions]
    results = []
    with Library.open(args.library, create=False) as library:
        for bonus in BONUS:
            rankings = capture(library, [q.question for q in questions],
                               replace(DEFAULT_FUSION, other_language=bonus))
            info = spans_of(library, {p for r in rankings for ids in r.values() for p in ids})
            for values in itertools.product(*GRID.values()):
                setting = replace(DEFAULT_FUSION, other_language=bonus,
                                  **dict(zip(GRID, values, strict=True)))
                distance = sum(abs(getattr(setting, k) - getattr(DEFAULT_FUSION, k))
                               / max(GRID[k]) for k in GRID)
                found = (recall(rankings, gold, info, setting, DEPTH),
                         recall(rankings, gold, info, setting, TOP))
                results.append((found, -distance, setting))
    n = len(questions)
    default = next(found for found, _, s in results if s == DEFAULT_FUSION)
    print(f"default {DEFAULT_FUSION}: recall@{DEPTH} {default[0]}/{n}, "
          f"recall@{TOP} {default[1]}/{n}", file=sys.stderr)
    results.sort(key=lambda t: (t[0], t[1]), reverse=True)
    for bonus in BONUS:
        (deep, top), _, setting = next(r for r in results if r[2].other_language == bonus)
        print(f"best at other_language={bonus}: recall@{DEPTH} {deep}/{n}, "
              f"recall@{TOP} {top}/{n}", file=sys.stderr)
    for (deep, top), _, setting in results[:8]:
        print(f"recall@{DEPTH} {deep}/{n}, recall@{TOP} {top}/{n}: {setting}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
