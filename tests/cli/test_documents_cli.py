"""Document selectors and dates through the CLI, in-process, errors as main() prints them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from ponder.cli.main import main
from ponder.store import Library
from ponder.store.add import add_paths

from corpus import altman_file

Run = tuple[int, str, str]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """zeta.txt is id 1; 001_alpha.txt id 2; 002_beta.md id 3; 004 (dated) id 4."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "zeta.txt").write_text("Zeta notes about solar panels and batteries.\n")
    (folder / "001_alpha.txt").write_text("Alpha talk.\n\nThe co-op paid for solar panels.\n")
    (folder / "002_beta.md").write_text("# Beta interview\n\nSolar panels were cheap.\n")
    location = tmp_path / "lib"
    with Library.open(location) as lib:
        for path in [folder / "zeta.txt", folder / "001_alpha.txt", folder / "002_beta.md",
                     altman_file("004")]:  # fmt: skip
            assert add_paths(lib, [path]).added
        assert [d.id for d in sorted(lib.documents(), key=lambda d: d.id)] == [1, 2, 3, 4]
    return location


def ponder(
    library: Path, *args: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Run:
    monkeypatch.setattr(sys, "argv", ["ponder", "--library", str(library), *args])
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as ended:
        main()
    out = capsys.readouterr()
    return int(ended.value.code or 0), out.out, out.err


@pytest.fixture
def run(library: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    return lambda *args: ponder(library, *args, monkeypatch=monkeypatch, capsys=capsys)


def test_search_doc_001_is_the_file_not_id_1(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("search", "solar panels", "--doc", "001", "--json")
    assert code == 0
    assert {Path(h["path"]).name for h in json.loads(out)} == {"001_alpha.txt"}


def test_search_doc_by_id_and_by_title(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("search", "solar panels", "--doc", "1", "--doc", "beta interview",
                       "--json")  # fmt: skip
    assert code == 0
    assert {Path(h["path"]).name for h in json.loads(out)} == {"zeta.txt", "002_beta.md"}


def test_ambiguous_doc_is_an_error_listing_the_candidates(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("search", "solar", "--doc", "00")
    assert code == 1 and out == ""
    assert "'00' matches several documents (3)" in err
    for name in ("001_alpha.txt", "002_beta.md", "004_37920ef5dc06a9d7.txt"):
        assert name in err
    assert "zeta.txt" not in err


def test_unknown_doc_says_how_to_list(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("sources", "--repairs", "nothing-like-this")
    assert code == 1 and "ponder sources" in err


def test_repairs_001_is_the_file(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("sources", "--repairs", "004", "--json")
    assert code == 0 and json.loads(out)  # 004 has pinyin and boilerplate repairs
    code, out, _ = run("sources", "--repairs", "001", "--json")
    assert code == 0 and json.loads(out) == []


def test_remove_by_id_and_by_prefix(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("remove", "001", "--json")
    assert code == 0 and Path(json.loads(out)["path"]).name == "001_alpha.txt"
    code, out, _ = run("remove", "1", "--json")
    assert code == 0 and Path(json.loads(out)["path"]).name == "zeta.txt"


def test_sources_show_the_primary_date(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("sources", "--json")
    assert code == 0
    by_name = {Path(d["path"]).name: d for d in json.loads(out)}
    dated = by_name["004_37920ef5dc06a9d7.txt"]
    assert dated["date"] == "2025-02-08"
    assert dated["primary_date"]["source"] == "dateline"
    assert dated["primary_date"]["text"] == "2025/2/8"
    assert by_name["zeta.txt"]["date"] is None and by_name["zeta.txt"]["primary_date"] is None
    code, out, _ = run("sources")
    assert code == 0 and "date" in out and "2025-02-08" in out


def test_sources_dates_of_one_document(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("sources", "--dates", "004", "--json")
    assert code == 0
    dates = json.loads(out)
    assert dates[0]["value"] == "2025-02-08" and dates[0]["primary"] is True
    assert {"value", "precision", "source", "field", "text", "start", "end", "source_start",
            "source_end", "primary"} <= set(dates[0])  # fmt: skip
    code, out, _ = run("sources", "--dates", "004")
    assert code == 0 and "2025/2/8" in out and "dateline" in out
