"""Selectors that name no document (issue 9, defect 6): an empty or blank selector, or one
that is only a path root, is misuse — `remove` exits 2 and deletes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ponder.errors import DocumentNotFoundError
from ponder.store.selectors import Candidate, select, selector_problem

from ponder_cli import Ran, invoke

MISUSE = ["", " ", "\t\n", "/", "//", ".", "./", "..", "~", "~/", " / "]
ONE = [Candidate(1, "/home/u/notes.txt", "Notes. A file.")]


@pytest.mark.parametrize("selector", MISUSE)
def test_select_refuses_a_selector_that_names_nothing(selector: str) -> None:
    assert selector_problem(selector) is not None
    with pytest.raises(DocumentNotFoundError, match="ponder sources"):
        select(selector, ONE)


@pytest.mark.parametrize("selector", ["1", "notes", "/home/u/notes.txt", "u/notes", "file"])
def test_real_selectors_still_select(selector: str) -> None:
    assert selector_problem(selector) is None
    assert select(selector, ONE).id == 1


def ponder(library: Path, *args: str | Path) -> Ran:
    return invoke("--library", library, *args)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("hello world. a small file.\n")
    lib = tmp_path / "lib"
    assert ponder(lib, "add", "--no-embed", tmp_path / "a.txt").returncode == 0
    return lib


@pytest.mark.parametrize("selector", ["", " ", "/", "."])
def test_remove_with_a_selector_that_names_nothing_is_misuse(library: Path, selector: str) -> None:
    result = ponder(library, "remove", selector)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "DOC" in result.stderr and "ponder sources" in result.stderr
    listed = json.loads(ponder(library, "sources", "--json").stdout)
    assert [Path(d["path"]).name for d in listed] == ["a.txt"]


@pytest.mark.parametrize("option", ["--repairs", "--dates"])
def test_sources_with_a_blank_doc_is_misuse(library: Path, option: str) -> None:
    assert ponder(library, "sources", option, " ").returncode == 2


def test_remove_with_the_folder_of_the_document_is_misuse(library: Path) -> None:
    """'remove /tmp/x' where /tmp/x is the folder holding the only document: a folder names
    no document, so nothing is deleted (found trying it as a hostile user)."""
    folder = library.parent
    for selector in (str(folder), f"{folder}/"):
        result = ponder(library, "remove", selector)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "is a folder, not a document" in result.stderr
    listed = json.loads(ponder(library, "sources", "--json").stdout)
    assert [Path(d["path"]).name for d in listed] == ["a.txt"]
