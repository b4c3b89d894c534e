"""Check labelled question files before they are used: fields, kinds, and gold quotes.

    python tools/check_questions.py eval/questions/*.jsonl [--corpus-root .cache/eval-corpora]
    python tools/check_questions.py NEW.jsonl --against eval/tuning.jsonl eval/heldout.jsonl

Each line must be a JSON object with the fields of ``shared/eval/README.md`` plus
``corpus`` and (for abstain questions) ``near_miss``; every gold ``quote`` must be an exact
substring of its corpus file. Prints per-file counts by kind, language and abstention, and
one line per problem; exits 1 when there is any problem.

``--against`` makes new questions independent of existing ones: a question of the checked
files whose gold quote shares a stretch of ``OVERLAP`` characters (whitespace removed) with
any gold quote of another question (another id) of the ``--against`` files is a problem,
so the halves the new questions were split into can be passed. Only the checked id is
printed, never the text of the other file, so the held-out half can be checked against
without being read.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

KINDS = ("lookup", "number", "date", "attribution", "why", "comparison", "synthesis",
         "temporal", "mojibake", "abstain")
LANGS = ("zh", "en")
OVERLAP = 12


def stretches(quote: str, n: int = OVERLAP) -> set[str]:
    """Every ``n``-character stretch of ``quote`` with whitespace removed (the whole
    quote if shorter)."""
    text = "".join(quote.split())
    return {text[i:i + n] for i in range(max(1, len(text) - n + 1))} if text else set()


def quote_stretches(files: list[Path]) -> dict[str, set[str]]:
    """Each stretch of the files' gold quotes -> the ids of the questions quoting it."""
    out: dict[str, set[str]] = {}
    for file in files:
        for raw in file.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                line = json.loads(raw)
                for s in line.get("sources") or []:
                    for part in stretches(str(s.get("quote", ""))):
                        out.setdefault(part, set()).add(str(line.get("id")))
    return out


def overlaps(line: dict[str, object], existing: dict[str, set[str]]) -> bool:
    """Whether a gold quote of ``line`` shares a stretch with another question's."""
    qid = str(line.get("id"))
    sources = line.get("sources")
    return any(existing.get(part, set()) - {qid}
               for s in (sources if isinstance(sources, list) else [])
               for part in stretches(str(s.get("quote", ""))))


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
    parser.add_argument("--against", nargs="+", type=Path, default=[],
                        help="existing question files the checked ones must not share "
                             "gold quotes with (only the checked ids are printed)")
    args = parser.parse_args(argv)
    existing = quote_stretches(args.against)
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
            found = problems_in(line, args.corpus_root, seen)
            if existing and overlaps(line, existing):
                found.append("a gold quote overlaps an existing question's gold quote")
            for p in found:
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
