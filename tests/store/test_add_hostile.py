"""`add` against hostile folders (issue 9): every failure of one file is reported, the
rest go on, and the exit code says something was left out.

Real files, real symbolic links, a real library on disk.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ponder.errors import UnreadableFileError
from ponder.ingest import open_source
from ponder.store import Library
from ponder.store.add import add_paths

from ponder_cli import PONDER, invoke


def loop_folder(root: Path) -> Path:
    """``d/a.txt`` and a file symlink loop ``d/x.txt`` → ``y.txt`` → ``x.txt``."""
    folder = root / "d"
    folder.mkdir()
    (folder / "a.txt").write_text("hi, this is a fine file.\n")
    (folder / "x.txt").symlink_to("y.txt")
    (folder / "y.txt").symlink_to("x.txt")
    return folder


def test_symlink_loop_in_a_folder_is_reported_and_the_rest_added(tmp_path: Path) -> None:
    folder = loop_folder(tmp_path)
    with Library.open(tmp_path / "lib") as library:
        summary = add_paths(library, [folder])
        assert [Path(p).name for p in summary.added] == ["a.txt"]
        failed = {Path(f["path"]).name: f["reason"] for f in summary.failed}
        assert set(failed) == {"x.txt", "y.txt"}
        assert all("symbolic link loop" in reason for reason in failed.values())


def test_symlink_loop_passed_directly_is_called_a_loop(tmp_path: Path) -> None:
    folder = loop_folder(tmp_path)
    with pytest.raises(UnreadableFileError) as info:
        open_source(folder / "x.txt")
    message = str(info.value)
    assert "does not exist" not in message
    assert "x.txt: is a symbolic link loop (x.txt → y.txt → x.txt)" in message
    assert "remove or fix one of the links" in message


def test_add_cli_with_a_symlink_loop_exits_1_and_adds_the_rest(tmp_path: Path) -> None:
    folder = loop_folder(tmp_path)
    result = invoke("--library", tmp_path / "lib", "add", "--no-embed", "--json", folder)
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    assert summary["added"] == 1
    assert len(summary["failed"]) == 2
    assert "Traceback" not in result.stderr


def test_a_link_to_a_loop_is_a_loop(tmp_path: Path) -> None:
    folder = loop_folder(tmp_path)
    link = tmp_path / "z.txt"
    link.symlink_to(folder / "x.txt")
    with pytest.raises(UnreadableFileError, match="symbolic link loop"):
        open_source(link)


def test_library_skip_check_does_not_resolve_looping_names(tmp_path: Path) -> None:
    """The library's own file is skipped by name even when the folder holds a loop."""
    folder = loop_folder(tmp_path)
    with Library.open(folder / "library.sqlite") as library:
        summary = add_paths(library, [folder])
    assert [Path(p).name for p in summary.added] == ["a.txt"]
    assert not any("library.sqlite" in s["path"] for s in summary.skipped)
    assert os.path.islink(folder / "x.txt")


def test_an_unforeseen_failure_in_a_parser_fails_that_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The boundary catches what no reader converts (here pypdf raising RuntimeError)."""
    import pypdf

    def explode(*args: object, **kwargs: object) -> object:
        raise RuntimeError("parser blew up")

    monkeypatch.setattr(pypdf, "PdfReader", explode)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("a fine file.\n")
    (folder / "b.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    with Library.open(tmp_path / "lib") as library:
        summary = add_paths(library, [folder])
    assert [Path(p).name for p in summary.added] == ["a.txt"]
    [failed] = summary.failed
    assert Path(failed["path"]).name == "b.pdf"
    assert "unexpected error while reading it (RuntimeError: parser blew up)" in failed["reason"]


def without_root_powers() -> list[str]:
    """A command prefix under which permission bits hold (root would read a chmod 000
    folder): drop the capabilities that override them, if this runs as root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a chmod 000 folder stays readable")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_an_unreadable_subfolder_is_reported_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text("a readable file.\n")
    (folder / "locked" / "b.txt").write_text("a file nobody may list.\n")
    (folder / "locked").chmod(0)
    try:
        done = subprocess.run(
            [*without_root_powers(), *PONDER, "--library", tmp_path / "lib", "add",
             "--no-embed", "--json", folder],
            capture_output=True, text=True, timeout=600,
        )
    finally:
        (folder / "locked").chmod(0o755)
    assert done.returncode == 1, done.stderr
    summary = json.loads(done.stdout)
    assert summary["added"] == 1
    [failed] = summary["failed"]
    assert failed["path"] == str(folder / "locked")
    assert failed["reason"].startswith("cannot read the folder (Permission denied)")


def test_a_link_to_a_folder_is_reported_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("a readable file.\n")
    (folder / "loop").symlink_to(folder)
    with Library.open(tmp_path / "lib") as library:
        summary = add_paths(library, [folder])
    assert [Path(p).name for p in summary.added] == ["a.txt"]
    assert summary.skipped == [{
        "path": str(folder / "loop"),
        "reason": "a link to a folder, not followed (links can loop); "
                  "add the folder it points to by its own path",
    }]


def test_control_characters_in_file_names_are_escaped_in_human_output(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "two\nlines.txt").write_text("A file whose name breaks lines.\n")
    (folder / "empty\x1b[31m.txt").write_bytes(b"")
    (folder / "[bold]odd.txt").write_bytes(b"")
    lib = tmp_path / "lib"
    added = invoke("--library", lib, "add", "--no-embed", folder)
    assert added.returncode == 1
    assert "\x1b" not in added.stderr and "empty\\x1b[31m.txt: the file is empty" in added.stderr
    assert "[bold]odd.txt: the file is empty" in added.stderr  # markup taken literally
    listed = invoke("--library", lib, "sources", env={"COLUMNS": "400"})
    assert "two\\nlines.txt" in listed.stdout
    removed = invoke("--library", lib, "remove", "two")
    assert removed.returncode == 0
    assert removed.stdout.count("\n") == 1 and "two\\nlines.txt" in removed.stdout
    as_json = invoke("--library", lib, "add", "--no-embed", "--json", folder)
    failed = {Path(f["path"]).name for f in json.loads(as_json.stdout)["failed"]}
    assert "empty\x1b[31m.txt" in failed  # JSON keeps the name as it is


def test_a_file_named_inside_an_unsearchable_folder_fails_that_file_only(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text("a readable file.\n")
    (folder / "locked" / "b.txt").write_text("a file nobody may reach.\n")
    (folder / "locked").chmod(0)
    try:
        done = subprocess.run(
            [*without_root_powers(), *PONDER, "--library", tmp_path / "lib", "add",
             "--no-embed", "--json", folder / "locked" / "b.txt", folder / "a.txt"],
            capture_output=True, text=True, timeout=600,
        )
    finally:
        (folder / "locked").chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    summary = json.loads(done.stdout)
    assert summary["added"] == 1
    [failed] = summary["failed"]
    assert failed["path"] == str(folder / "locked" / "b.txt")
    assert failed["reason"].startswith("permission denied")


def test_control_characters_in_file_names_are_escaped_by_search_and_ask(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ansi\x1b[31mred.txt").write_text("Zebras graze on the savanna at dawn.\n")
    lib = tmp_path / "lib"
    assert invoke("--library", lib, "add", "--no-embed", folder).returncode == 0
    found = invoke("--library", lib, "search", "zebras savanna", "--mode", "lexical",
                   env={"COLUMNS": "400"})
    assert found.returncode == 0, found.stderr
    assert "\x1b" not in found.stdout and "ansi\\x1b[31mred.txt" in found.stdout
    answered = invoke("--library", lib, "ask", "Where do zebras graze?", env={"COLUMNS": "400"})
    assert "\x1b[31m" not in answered.stdout
