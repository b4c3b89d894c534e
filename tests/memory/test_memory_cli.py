"""`ponder memory …` as a user runs it, in-process against a real library file; `review` on a
real terminal runs in its own process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ponder.memory import MemoryStore, Provenance
from ponder.store import Library

from .memory_helpers import cli_json, run_cli

MARKER = "Pangolin5309"
COMMANDS = ["add", "list", "forget", "export", "import", "clear", "off", "on", "status",
            "learn", "deny", "review", "recall"]


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    return tmp_path / "lib"


def test_every_command_has_help_with_examples(lib: Path) -> None:
    from ponder.cli.memory_cmds import memory

    assert sorted(memory.commands) == sorted(COMMANDS)
    for name in COMMANDS:
        result = run_cli(name, "--help", library=lib)
        assert result.returncode == 0, result.stderr
        assert "Example" in result.stdout and "--user" in result.stdout, name
        assert "--json" in result.stdout and "--library" in result.stdout, name


def test_add_list_history_and_provenance(lib: Path) -> None:
    env = {"PONDER_NOW": "2025-03-01T09:00:00+00:00"}
    first = cli_json("add", "Answer in English", "--kind", "preference", "--subject", "answer",
                     "--slot", "language", library=lib, user="ann", env=env)
    assert isinstance(first, dict) and first["status"] == "stored"
    env = {"PONDER_NOW": "2025-03-02T09:00:00+00:00"}
    second = run_cli("add", "Answer in traditional Chinese", "--kind", "preference",
                     "--subject", "answer", "--slot", "language", library=lib, user="ann", env=env)
    assert second.returncode == 0 and "stored #2 for ann" in second.stdout
    assert "replaces #1" in second.stdout
    again = run_cli("add", "answer in TRADITIONAL chinese!", "--kind", "preference",
                    library=lib, user="ann")
    assert again.returncode == 0 and again.stdout.startswith("duplicate #2")
    listed = cli_json("list", library=lib, user="ann")
    assert isinstance(listed, list)
    assert [m["text"] for m in listed] == ["Answer in traditional Chinese"]
    row = listed[0]
    assert (row["kind"], row["tier"], row["reason"], row["extractor"]) == \
        ("preference", "saved", "user asked", "user")
    assert row["valid_from"] == "2025-03-02T09:00:00+00:00" and row["mentions"] == 2
    history = cli_json("list", "--history", library=lib, user="ann")
    assert isinstance(history, list)
    assert [(m["id"], m["valid_to"], m["superseded_by"]) for m in history] == [
        (1, "2025-03-02T09:00:00+00:00", 2), (2, None, None)]
    table = run_cli("list", "--history", library=lib, user="ann")
    assert "English" in table.stdout and "provenance" in table.stdout


def test_forget_asks_then_prints_a_receipt(lib: Path) -> None:
    run_cli("add", f"Locker code {MARKER}", library=lib, user="ann")
    run_cli("add", "Likes tea", library=lib, user="ann")
    refused = run_cli("forget", MARKER, library=lib, user="ann", stdin="n\n")
    assert refused.returncode == 1 and "Aborted" in refused.stderr
    assert "will be deleted" in refused.stdout and MARKER in refused.stdout
    assert len(cli_json("list", library=lib, user="ann")) == 2  # type: ignore[arg-type]
    done = run_cli("forget", MARKER, library=lib, user="ann", stdin="y\n")
    assert done.returncode == 0, done.stderr
    assert "Forgot for ann: 1 memory (#1), 1 index row" in " ".join(done.stdout.split())
    receipt = cli_json("forget", "2", "--yes", library=lib, user="ann")
    assert isinstance(receipt, dict) and receipt["memory_rows"] == 1 and receipt["checkpointed"]
    missing = run_cli("forget", "nothing-like-this", "--yes", library=lib, user="ann")
    assert missing.returncode == 1
    assert "Error: no memories of user 'ann' match 'nothing-like-this'" in missing.stderr


def test_forget_everywhere_removes_turns(lib: Path) -> None:
    with Library.open(lib) as library:
        store = MemoryStore(library)
        talk = store.start_conversation("ann")
        turn = store.add_turn("ann", talk.id, "user", f"my locker code is {MARKER}")
        store.add_turn("ann", talk.id, "user", "unrelated question")
        store.add("ann", f"Locker code is {MARKER}",
                  provenance=Provenance("rule", talk.id, turn.id, f"locker code is {MARKER}"))
    shown = run_cli("forget", MARKER, "--everywhere", library=lib, user="ann", stdin="n\n")
    assert "1 conversation turn will be deleted" in shown.stdout
    receipt = cli_json("forget", MARKER, "--everywhere", "--yes", library=lib, user="ann")
    assert isinstance(receipt, dict) and (receipt["memory_rows"], receipt["turns"]) == (1, 1)


def test_export_import_round_trip_through_files(lib: Path, tmp_path: Path) -> None:
    run_cli("add", "Answer briefly", "--kind", "preference", library=lib, user="ann")
    run_cli("add", "Dentist", "--kind", "reminder", "--due", "2025-04-01", library=lib, user="ann")
    run_cli("deny", "salary", library=lib, user="ann")
    exported = run_cli("export", library=lib, user="ann")
    assert exported.returncode == 0
    file = tmp_path / "ann.json"
    file.write_text(exported.stdout)
    markdown = run_cli("export", "--format", "markdown", library=lib, user="ann")
    assert markdown.stdout.startswith("# Memories of ann") and "## Reminders" in markdown.stdout
    summary = cli_json("import", file, library=lib, user="carol")
    assert isinstance(summary, dict) and summary["added"] == 2
    carol = cli_json("export", library=lib, user="carol")
    assert isinstance(carol, dict)
    ann = json.loads(exported.stdout)
    assert [m["text"] for m in carol["memories"]] == [m["text"] for m in ann["memories"]]
    assert carol["deny_list"][0]["pattern"] == "salary"
    twice = cli_json("import", file, library=lib, user="carol")
    assert isinstance(twice, dict) and twice["duplicates"] == 2 and twice["added"] == 0


def test_import_errors_name_the_file_and_reason(lib: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run_cli("import", bad, library=lib, user="ann")
    assert result.returncode == 1 and f"Error: {bad}: not JSON (line 1" in result.stderr
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"format": "ponder-memory-export", "version": 1,
                                 "memories": [{"text": "ok", "kind": "mood"}]}))
    result = run_cli("import", wrong, library=lib, user="ann")
    assert result.returncode == 1 and "memory 1: kind 'mood'" in result.stderr
    result = run_cli("import", tmp_path / "missing.json", library=lib, user="ann")
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_off_on_status_learn(lib: Path) -> None:
    run_cli("add", "Likes tea", library=lib, user="ann")
    assert run_cli("off", library=lib, user="ann").returncode == 0
    added = run_cli("add", "Likes coffee", library=lib, user="ann")
    assert added.returncode == 1 and "not stored: memory is off" in added.stderr
    status = cli_json("status", library=lib, user="ann")
    assert isinstance(status, dict)
    assert {k: status[k] for k in ("user", "memory_enabled", "learning_enabled", "saved")} == \
        {"user": "ann", "memory_enabled": False, "learning_enabled": False, "saved": 1}
    assert run_cli("on", library=lib, user="ann").returncode == 0
    assert run_cli("learn", "on", library=lib, user="ann").returncode == 0
    status = cli_json("status", library=lib, user="ann")
    assert isinstance(status, dict) and status["learning_enabled"] is True
    assert status["saved"] == 1  # the add while off stored nothing


def test_off_keeps_list_export_forget_and_clear(lib: Path) -> None:
    """Issue 8, defect 6: 'off' stops reading into answers and writing, never hides memory."""
    run_cli("add", "Likes tea", library=lib, user="ann")
    run_cli("add", "Locker code 4411", library=lib, user="ann")
    assert run_cli("off", library=lib, user="ann").returncode == 0
    listed = run_cli("list", library=lib, user="ann", env={"COLUMNS": "200"})
    assert listed.returncode == 0, listed.stderr
    assert "Likes tea" in listed.stdout and "Locker code 4411" in listed.stdout
    exported = cli_json("export", library=lib, user="ann")
    assert isinstance(exported, dict)
    assert [m["text"] for m in exported["memories"]] == ["Likes tea", "Locker code 4411"]
    markdown = run_cli("export", "--format", "markdown", library=lib, user="ann")
    assert markdown.returncode == 0 and "Memory is off" in markdown.stdout
    said = run_cli("status", library=lib, user="ann")
    assert said.returncode == 0 and "memory off" in said.stdout and "2 saved" in said.stdout
    forgot = run_cli("forget", "locker", "--yes", library=lib, user="ann")
    assert forgot.returncode == 0 and "1 memory" in forgot.stdout
    assert [m["text"] for m in cli_json("list", library=lib, user="ann")] == \
        ["Likes tea"]
    assert run_cli("clear", "--yes", library=lib, user="ann").returncode == 0
    assert cli_json("list", library=lib, user="ann") == []
    assert cli_json("status", library=lib, user="ann")["memory_enabled"] is False


def test_reminders_due_follow_ponder_now(lib: Path) -> None:
    run_cli("add", "Call the dentist", "--kind", "reminder", "--due", "2025-03-05T09:00:00+00:00",
            library=lib, user="ann")
    early = cli_json("status", library=lib, user="ann", env={"PONDER_NOW": "2025-03-01T00:00:00Z"})
    late = cli_json("status", library=lib, user="ann", env={"PONDER_NOW": "2025-03-06T00:00:00Z"})
    assert isinstance(early, dict) and isinstance(late, dict)
    assert (early["reminders_due"], late["reminders_due"]) == (0, 1)
    bad = run_cli("status", library=lib, user="ann", env={"PONDER_NOW": "tuesday"})
    assert bad.returncode == 1 and "PONDER_NOW 'tuesday' is not an ISO 8601" in bad.stderr


def test_deny_command(lib: Path) -> None:
    run_cli("add", "Ann's salary is 90k", library=lib, user="ann")
    result = run_cli("deny", "salary", library=lib, user="ann")
    assert result.returncode == 0 and "forgot 1 existing" in result.stdout
    refused = run_cli("add", "new salary 95k", library=lib, user="ann")
    assert refused.returncode == 1 and "matches your deny pattern 'salary'" in refused.stderr
    assert cli_json("deny", "--list", library=lib, user="ann")[0]["pattern"] == "salary"  # type: ignore[index]
    assert run_cli("deny", "--remove", "salary", library=lib, user="ann").returncode == 0
    assert cli_json("deny", "--list", library=lib, user="ann") == []
    assert run_cli("deny", library=lib, user="ann").returncode == 2


def test_review_keep_all_and_drop_all(lib: Path) -> None:
    with Library.open(lib) as library:
        store = MemoryStore(library)
        store.add("ann", "Works on climate models", tier="inferred", reason="said 3 times",
                  provenance=Provenance("smollm2"))
        store.add("ann", "Lives in Basel", tier="inferred", reason="said twice")
        store.add("ann", "Likes tea")
    scripted = run_cli("review", library=lib, user="ann", stdin="")
    assert scripted.returncode == 2 and "--keep-all or --drop-all" in scripted.stderr
    kept = cli_json("review", "--keep-all", library=lib, user="ann")
    assert isinstance(kept, dict) and kept["kept"] == [1, 2]
    tiers = {m["text"]: m["tier"] for m in cli_json("list", library=lib, user="ann")}  # type: ignore[union-attr]
    assert set(tiers.values()) == {"saved"}
    with Library.open(lib) as library:
        MemoryStore(library).add("ann", "Plays the cello", tier="inferred", reason="said twice")
    dropped = cli_json("review", "--drop-all", library=lib, user="ann")
    assert isinstance(dropped, dict) and dropped["dropped"] == [4]
    assert len(cli_json("list", library=lib, user="ann")) == 3  # type: ignore[arg-type]


def test_user_comes_from_flag_group_flag_or_environment(lib: Path) -> None:
    run_cli("add", "from env", library=lib, env={"PONDER_USER": "dora"})
    run_cli("--user", "erin", "add", "from group flag", library=lib)
    assert [m["text"] for m in cli_json("list", library=lib, user="dora")] == ["from env"]  # type: ignore[union-attr]
    assert [m["text"] for m in cli_json("list", library=lib, user="erin")] == ["from group flag"]  # type: ignore[union-attr]
    bad = run_cli("list", library=lib, user="")
    assert bad.returncode == 1 and "Error: no user name given; pass --user NAME" in bad.stderr


ANN_ONLY = ("Locker code", "Ann's alias", f"Check {MARKER}")


def test_user_b_cannot_reach_user_a_through_any_command(lib: Path, tmp_path: Path) -> None:
    for text in (f"Locker code {MARKER}", f"{MARKER} is Ann's alias"):
        assert run_cli("add", text, library=lib, user="ann").returncode == 0
    run_cli("add", f"Check {MARKER}", "--kind", "reminder", "--due", "2025-01-01",
            library=lib, user="ann")
    before = cli_json("export", library=lib, user="ann")
    assert isinstance(before, dict)
    own = tmp_path / "bob.json"
    own.write_text(json.dumps({"format": "ponder-memory-export", "version": 1,
                               "memories": [{"text": "Bob's own", "kind": "fact"}]}))
    probes: list[tuple[str, ...]] = [
        ("list", "--history"), ("list", "--history", "--json"), ("export",),
        ("export", "--format", "markdown"), ("recall", MARKER),
        ("status", "--json"), ("forget", MARKER, "--yes"), ("forget", "1", "--yes"),
        ("forget", MARKER, "--everywhere", "--yes"), ("deny", MARKER), ("deny", "--list"),
        ("review", "--keep-all"), ("review", "--drop-all"), ("import", str(own)),
        ("learn", "on"), ("off",), ("on",), ("clear", "--yes"),
    ]
    for args in probes:
        result = run_cli(*args, library=lib, user="bob")
        out = " ".join((result.stdout + result.stderr).split())
        assert not any(text in out for text in ANN_ONLY), args  # bob may echo what bob typed
        if args[0] == "forget":
            assert result.returncode == 1 and "no memories" in result.stderr, args
        else:
            assert result.returncode == 0, (args, result.stderr)
    after = cli_json("export", library=lib, user="ann")
    assert isinstance(after, dict)
    assert after["memories"] == before["memories"] and after["deny_list"] == before["deny_list"]
    status = cli_json("status", library=lib, user="ann")
    assert isinstance(status, dict) and status["memory_enabled"] and not status["learning_enabled"]


def test_review_asks_about_each_inferred_memory_on_a_terminal(lib: Path) -> None:
    import os
    import subprocess

    from ponder_cli import PONDER

    with Library.open(lib) as library:
        store = MemoryStore(library)
        store.add("ann", "Works on climate models", tier="inferred", reason="said 3 times")
        store.add("ann", "Lives in Basel", tier="inferred", reason="said twice")
        store.add("ann", "Plays the cello", tier="inferred", reason="said twice")
    main, side = os.openpty()
    env = {**os.environ, "PONDER_MEMORY_EMBED": "off", "COLUMNS": "120"}
    process = subprocess.Popen(
        [*PONDER, "--library", str(lib), "memory", "review", "--user", "ann"],
        stdin=side, stdout=side, stderr=side, env=env,
    )
    os.close(side)
    os.write(main, b"keep\ndrop\nskip\n")
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=120) == 0, output.decode(errors="replace")
    os.close(main)
    assert b"kept 1, dropped 1" in output
    listed = cli_json("list", library=lib, user="ann")
    assert isinstance(listed, list)
    assert {m["text"]: m["tier"] for m in listed} == {
        "Works on climate models": "saved", "Plays the cello": "inferred"}


def test_importing_another_users_export_warns_whose_it_was(lib: Path, tmp_path: Path) -> None:
    run_cli("add", "I live in Lisbon", library=lib, user="ann")
    file = tmp_path / "ann.json"
    file.write_text(run_cli("export", library=lib, user="ann").stdout)
    own = run_cli("import", file, library=lib, user="ann")
    assert own.returncode == 0 and "Warning" not in own.stderr
    other = run_cli("import", file, library=lib, user="bob")
    assert other.returncode == 0
    assert f"Warning: {file}: this export holds 'ann''s memories (1), not 'bob''s" in other.stderr


def test_a_file_that_is_not_an_export_draws_no_owner_warning(lib: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text('{"garbage": 1}')
    ran = run_cli("import", junk, library=lib, user="bob")
    assert ran.returncode == 1 and "Warning" not in ran.stderr
    run_cli("add", "I live in Lisbon", library=lib, user="ann")
    file = tmp_path / "ann.json"
    file.write_text(run_cli("export", library=lib, user="ann").stdout)
    summary = cli_json("import", file, library=lib, user="bob")
    assert isinstance(summary, dict) and "not 'bob''s" in str(summary["warning"])


def test_list_shows_control_characters_stored_before_cleaning_as_escapes(lib: Path) -> None:
    """Rows written before text was cleaned on the way in (found trying it as a new user:
    an ANSI escape in a memory reached the terminal through `memory list`)."""
    cli_json("add", "I like red", library=lib, user="ann")
    with Library.open(lib) as library:
        library.db.execute("UPDATE memories SET text = ?",
                           ("I like \x1b[31mred\x1b[0m\x00 a lot",))
        library.db.commit()
    shown = run_cli("list", library=lib, user="ann")
    assert shown.returncode == 0, shown.stderr
    assert "\x1b" not in shown.stdout and "\x00" not in shown.stdout
    assert "\\x1b[31mred" in shown.stdout
