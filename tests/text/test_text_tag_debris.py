"""No HTML debris in passages: stray tags, tag fragments whose '<' was lost, attributes."""

from __future__ import annotations

import re
from pathlib import Path

from ponder.store import Library
from ponder.store.add import add_paths
from ponder.text.boilerplate import boilerplate_edits
from ponder.text.offsets import apply_edits

from corpus import altman_file, altman_files

#: a tag, a closing-tag fragment whose '<' is gone, or attribute debris
DEBRIS = re.compile(r"</?[A-Za-z][^<>]*>|(?<![\w<])/[A-Za-z]+>|\b[a-z-]+=[\"']?[\w-]+[\"']?\s*/?>")


def cleaned(text: str) -> str:
    return apply_edits(text, boilerplate_edits(text))[0]


def test_a_closing_tag_that_lost_its_bracket() -> None:
    assert cleaned("以最好的方式記住,/span> 觀眾: Sam") == "以最好的方式記住, 觀眾: Sam"
    assert cleaned("see a/b> c and 1/2> 0") == "see a/b> c and 1/2> 0"  # not tags


def test_no_html_debris_in_the_passages_of_001(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        add_paths(lib, [altman_file("001")])
        texts = [str(r[0]) for r in lib.db.execute("SELECT text FROM passages")]
    assert len(texts) > 100
    assert [t for t in texts if DEBRIS.search(t)] == []


def test_no_html_debris_in_any_interview(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        add_paths(lib, altman_files())
        texts = [str(r[0]) for r in lib.db.execute("SELECT text FROM passages")]
    assert [DEBRIS.search(t)[0] for t in texts if DEBRIS.search(t)] == []  # type: ignore[index]
