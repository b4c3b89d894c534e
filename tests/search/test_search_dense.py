"""Embedding passages and dense/hybrid search, with a deterministic test embedder
(and one check of the shipped model)."""

from __future__ import annotations

import numpy as np
import pytest

from ponder.errors import SearchError
from ponder.search import (
    DEFAULT_FUSION,
    E5Embedder,
    Embedder,
    default_embedder,
    embed_pending,
    search,
)
from ponder.search._dense import matrix
from ponder.search._embed import passage_input
from ponder.store import Library
from ponder.store.vectors import PendingPassage, decode, load_matrix, pending_count

from .search_fixtures import SMALL_DOCS, HashEmbedder, Para, write_document

TOTAL = sum(len(paras) for paras in SMALL_DOCS.values())


def test_embed_pending_embeds_reuses_and_skips(small_lib: Library) -> None:
    emb = HashEmbedder()
    seen: list[tuple[int, int]] = []
    stats = embed_pending(small_lib, batch=4, embedder=emb,
                          on_progress=lambda done, total: seen.append((done, total)))
    assert stats.pending == TOTAL
    assert stats.skipped == 1  # "* * *"
    assert stats.reused == 1  # pathlib-copy's passage
    assert stats.embedded == TOTAL - 2
    assert seen[0] == (0, TOTAL) and seen[-1] == (TOTAL, TOTAL)
    assert max(emb.calls) <= 4
    assert pending_count(small_lib.db, emb.name) == 0
    ids, vectors = load_matrix(small_lib.db, emb.name)
    assert len(ids) == TOTAL - 1 and vectors.shape == (TOTAL - 1, emb.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-2)
    again = embed_pending(small_lib, embedder=emb)
    assert again.pending == 0 and again.done == 0
    assert stats.to_json()["passages_per_second"] is not None


def test_model_input_has_heading_and_end_of_previous_passage() -> None:
    p = PendingPassage(1, "Return whether or not\nthis path is relative.", "h", None,
                       "Methods", "x " * 200 + "PurePath.is_relative_to(*other)", "g")
    context, heading, text = passage_input(p).split("\n")
    assert context.startswith("x x") and context.endswith(" PurePath.is_relative_to(*other)")
    assert 95 <= len(context) <= 100  # about 100 Latin characters, from a word start
    assert (heading, text) == ("Methods", "Return whether or not this path is relative.")
    zh = PendingPassage(2, "廉價能源、廉價制造、先進的碳捕獲。", "h", "Ilya", None,
                        "甲" * 50 + "強大的 AI 可以做到", "g")
    assert passage_input(zh) == "甲" * 31 + "強大的 AI 可以做到\n廉價能源、廉價制造、先進的碳捕獲。"
    assert passage_input(PendingPassage(3, "Text", "h", None, "Text", None, None)) == "Text"


def test_killed_embedding_keeps_finished_batches(small_lib: Library) -> None:
    emb = HashEmbedder()
    emb.fail_after = 1
    with pytest.raises(KeyboardInterrupt):
        embed_pending(small_lib, batch=3, embedder=emb)
    stored = small_lib.counts()["vectors"]
    assert 0 < stored < TOTAL
    emb.fail_after = None
    stats = embed_pending(small_lib, batch=3, embedder=emb)
    assert stats.pending == TOTAL - stored
    assert small_lib.counts()["vectors"] == TOTAL


def test_vectors_of_another_model_are_pending(small_lib: Library) -> None:
    embed_pending(small_lib, embedder=HashEmbedder())
    other = HashEmbedder(name="test/other", dim=32)
    assert pending_count(small_lib.db, other.name) == TOTAL
    embed_pending(small_lib, embedder=other)
    assert small_lib.counts()["vectors"] == TOTAL
    assert load_matrix(small_lib.db, other.name)[1].shape[1] == 32


def test_dense_and_hybrid_search(small_lib: Library) -> None:
    emb = HashEmbedder()
    embed_pending(small_lib, embedder=emb)
    dense = search(small_lib, "开源模型 DeepSeek", mode="dense", embedder=emb)
    assert dense[0].text.startswith("開源模型") and dense[0].ranks == {"dense": 1}
    hybrid = search(small_lib, "开源模型", embedder=emb)
    assert hybrid[0].text.startswith("開源模型")
    assert set(hybrid[0].ranks) == {"lexical", "dense"}
    assert hybrid[0].score == pytest.approx(2 / (DEFAULT_FUSION.k + 1))


def test_filters_apply_to_dense_list(small_lib: Library) -> None:
    emb = HashEmbedder()
    embed_pending(small_lib, embedder=emb)
    docs = {d.title: d.id for d in small_lib.documents()}
    hits = search(small_lib, "path", mode="dense", doc_ids=[docs["tu-berlin"]], embedder=emb)
    assert hits and {h.doc_id for h in hits} == {docs["tu-berlin"]}
    hits = search(small_lib, "货币", mode="dense", speaker="蘇茨克維", embedder=emb)
    assert [h.speaker for h in hits] == ["蘇茨克維"]


def test_dense_matrix_refreshes_when_vectors_change(small_lib: Library) -> None:
    emb = HashEmbedder()
    embed_pending(small_lib, embedder=emb)
    first = matrix(small_lib, emb.name)
    assert matrix(small_lib, emb.name) is first  # cached
    doc = write_document(small_lib, "/docs/new.txt", [Para("量子计算机将改变密码学。")])
    embed_pending(small_lib, embedder=emb)
    second = matrix(small_lib, emb.name)
    assert second is not first and len(second.ids) == len(first.ids) + 1
    hits = search(small_lib, "量子计算机", mode="dense", embedder=emb)
    assert hits[0].doc_id == doc


def test_matrix_sees_writes_from_another_connection(small_lib: Library) -> None:
    emb = HashEmbedder()
    embed_pending(small_lib, embedder=emb)
    first = matrix(small_lib, emb.name)
    with Library.open(small_lib.path) as other:
        other.db.execute("DELETE FROM vectors WHERE passage_id = (SELECT MIN(passage_id) "
                         "FROM vectors WHERE length(vec) > 0)")
    assert len(matrix(small_lib, emb.name).ids) == len(first.ids) - 1


def test_dense_mode_without_vectors_says_what_to_do(small_lib: Library) -> None:
    with pytest.raises(SearchError, match="ponder embed"):
        search(small_lib, "path", mode="dense", embedder=HashEmbedder())
    # hybrid quietly falls back to the lexical lists
    hits = search(small_lib, "path", embedder=HashEmbedder())
    assert hits and all("dense" not in h.ranks for h in hits)


def test_vectors_are_stored_as_float16(small_lib: Library) -> None:
    emb = HashEmbedder()
    embed_pending(small_lib, embedder=emb)
    blob = small_lib.db.execute("SELECT vec FROM vectors WHERE length(vec) > 0").fetchone()[0]
    assert len(blob) == emb.dim * 2 and decode(blob).dtype == np.float32


def test_shipped_model_is_an_embedder() -> None:
    model = default_embedder()
    assert model is default_embedder()  # created once
    assert isinstance(model, Embedder) and isinstance(model, E5Embedder)
    vecs = model.embed_passages(["算力将成为未来的货币", "The weather is nice today.", "x" * 5000])
    q = model.embed_query("compute will be the currency of the future")
    assert vecs.shape == (3, model.dim) and q.shape == (model.dim,)
    scores = vecs @ q
    assert scores[0] > scores[1]
    assert model.token_count(model.truncate("模型" * 2000)) <= 512
