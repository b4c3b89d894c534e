"""Check labelled question files before they are used: fields, kinds, and gold quotes.

    python tools/check_questions.py eval/questions/*.jsonl [--corpus-root .cache/eval-corpora]

Each line must be a JSON object with the fields of ``shared/eval/README.md`` plus
``corpus`` and (for abstain questions) ``near_miss``; every gold ``quote`` must be an exact
substring of its corpus file. Prints per-file counts by kind, language and abstention, and
one line per problem; exits 1 when there is any problem.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

KINDS = ("lookup", "number", "date", "attribution", "why", "comparison", "synthesis",
         "temporal", "mojibake", "abstain")
LANGS = ("zh", "en")


def problems_in(line: dict[str, object], root: Path, seen: set[str]) -> list[str]:
    out: list[str] = []
    qid = str(line.get("id", "?"))
    if qid in seen:
        out.append("duplicate id")
    seen.add(qid)
    for key in ("id", "lang", "question", "kind", "must_include", "sources", "abstain",
                "corpus"):
        if key not in line:
            out.append(f"missing field {key!r}")
    if line.get("kind") not in KINDS:
        out.append(f"kind {line.get('kind')!r} is not one of {', '.join(KINDS)}")
    if line.get("lang") not in LANGS:
        out.append(f"lang {line.get('lang')!r} is not zh or en")
    abstain = bool(line.get("abstain"))
    sources = line.get("sources") or []
    groups = line.get("must_include") or []
    if abstain and (sources or groups):
        out.append("an abstain question has no sources and no must_include")
    if abstain and "near_miss" not in line:
        out.append("an abstain question says near_miss true or false")
    if not abstain and (not sources or not groups):
        out.append("an answerable question needs sources and must_include")
    if not isinstance(groups, list) or not all(
        isinstance(g, list) and g and all(isinstance(a, str) and a for a in g) for g in groups
    ):
        out.append("must_include is a list of non-empty lists of strings")
    for s in sources if isinstance(sources, list) else []:
        path = root / str(line.get("corpus", "")) / str(s.get("file", ""))
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError:
            out.append(f"cannot read {path}")
            continue
        if str(s.get("quote", "")) not in text:
            out.append(f"quote {str(s.get('quote'))[:40]!r} is not in {path.name}")
    return out


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--corpus-root", type=Path, default=here / ".cache" / "eval-corpora")
    args = parser.parse_args(argv)
    bad = 0
    seen: set[str] = set()
    for file in args.files:
        counts: Counter[str] = Counter()
        for number, raw in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
            except json.JSONDecodeError as e:
                print(f"{file}:{number}: invalid JSON ({e.msg})")
                bad += 1
                continue
            for p in problems_in(line, args.corpus_root, seen):
                print(f"{file}:{number} ({line.get('id')}): {p}")
                bad += 1
            counts[f"kind={line.get('kind')}"] += 1
            counts[f"lang={line.get('lang')}"] += 1
            counts["abstain" if line.get("abstain") else "answerable"] += 1
            if line.get("near_miss"):
                counts["near_miss"] += 1
        print(f"{file}: {sum(v for k, v in counts.items() if k.startswith('lang='))} questions; "
              + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"{bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
