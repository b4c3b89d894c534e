"""Helpers for the search tests: a small hand-written library and a deterministic embedder."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ponder.records import Passage
from ponder.store import Library
from ponder.store.writer import DocumentMeta, DocumentWriter
from ponder.text.normalize import index_tokens
from ponder.text.script import detect_language, detect_script


@dataclass(frozen=True)
class Para:
    text: str
    speaker: str | None = None
    heading: str | None = None


SMALL_DOCS: dict[str, list[Para]] = {
    "lex-fridman.md": [
        Para("你认为算力会变成什么？", "问"),
        Para("我认为算力将成为未来的货币，也许会是世界上最宝贵的商品。", "奥特曼"),
        Para("我们采用这种部署方式（我们称之为迭代部署），让世界逐步适应。", "奥特曼"),
        Para("从美学角度上说，我有点讨厌广告。", "奥特曼"),
        Para("现在已经没有人再使用打孔卡来编程了。", "奥特曼"),
        Para("* * *"),
    ],
    "tu-berlin.txt": [
        Para("開源模型在過去一年進步很快，DeepSeek 的表現令人印象深刻。", "奧特曼"),
        Para("或許可以在一年內完成十年的科學研究。", "奧特曼"),
        Para("強大的人工智慧可以加速廉價能源和先進的碳捕獲，讓氣候變化變得可以解決。", "蘇茨克維"),
    ],
    "pathlib.html": [
        Para("Return whether or not this path is relative to the other path.",
             heading="PurePath.is_relative_to(other)"),
        Para("The sqlite3 module provides an SQL interface compliant with the DB-API 2.0 "
             "specification described by PEP 249.", heading="sqlite3"),
        Para("Nobody programs with punch cards anymore; the keyboard replaced them.",
             heading="History"),
    ],
    "pathlib-copy.html": [  # its first passage is the same as pathlib's: one vector for both
        Para("Return whether or not this path is relative to the other path.",
             heading="PurePath.is_relative_to(other)"),
    ],
}


def passage_tokens(p: Passage) -> str:
    context = " ".join(x for x in (p.speaker, p.heading) if x)
    return " ".join(index_tokens(f"{context}\n{p.text}" if context else p.text))


def write_document(lib: Library, path: str, paras: Sequence[Para]) -> int:
    """Write one document of ``paras`` (one passage each) the way the pipeline does."""
    text = ""
    passages: list[Passage] = []
    for para in paras:
        if text:
            text += "\n\n"
        start = len(text)
        text += para.text
        passages.append(
            Passage(para.text, start, len(text), start, len(text), para.speaker, para.heading)
        )
    digest = hashlib.sha256(text.encode()).hexdigest()
    meta = DocumentMeta(path, Path(path).stem, Path(path).suffix.lstrip("."), "utf-8",
                        "", "", digest, len(text.encode()))
    language, script = detect_language(text), detect_script(text)
    with lib.transaction() as db:
        writer = DocumentWriter(db, meta)
        writer.add_text(0, text)
        writer.add_passages((p, passage_tokens(p)) for p in passages)
        writer.finish(len(text), language=language, script=script)
    return writer.doc_id


def small_library(location: Path) -> Library:
    lib = Library.open(location)
    for path, paras in SMALL_DOCS.items():
        write_document(lib, f"/docs/{path}", paras)
    return lib


class HashEmbedder:
    """Bag of hashed index tokens: similar wording, similar vector. Deterministic, fast."""

    def __init__(self, name: str = "test/hash-64", dim: int = 64) -> None:
        self.name = name
        self.dim = dim
        self.calls: list[int] = []  # batch sizes seen
        self.fail_after: int | None = None  # raise on the call after this many calls

    def _vector(self, text: str) -> npt.NDArray[np.float32]:
        v = np.zeros(self.dim, dtype=np.float32)
        for token in index_tokens(text):
            h = int(hashlib.md5(token.encode()).hexdigest(), 16)
            v[h % self.dim] += 1.0
        norm = float(np.linalg.norm(v))
        return v / norm if norm else v

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise KeyboardInterrupt("killed")
        self.calls.append(len(texts))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts]).astype(np.float32)

    def embed_query(self, text: str) -> npt.NDArray[np.float32]:
        return self._vector(text)
