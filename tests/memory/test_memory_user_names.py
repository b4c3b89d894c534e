"""User names are validated and have one normal form (issue 9, concern): "alice " is not
a second user, invisible characters are refused, and nothing is stored under a bad name."""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder.errors import MemoryInputError
from ponder.memory import MemoryStore
from ponder.memory.users import check_user, normal_user

from .memory_helpers import run_cli
from .test_memory_isolation import PROBES, seed_ann, snapshot


@pytest.mark.parametrize(("given", "normal"), [
    ("alice", "alice"),
    ("  alice ", "alice"),
    ("alice\u3000", "alice"),           # an ideographic space
    ("mary  ann", "mary ann"),
    ("Cafe\u0301", "Caf\u00e9"),        # NFD → NFC
    ("\uff41\uff4c\uff49\uff43\uff45", "alice"),  # fullwidth ａｌｉｃｅ (NFKC)
    ("王小明", "王小明"),
])
def test_normal_form(given: str, normal: str) -> None:
    assert normal_user(given) == normal
    assert check_user(normal) == normal


@pytest.mark.parametrize("bad", ["", "   ", "ali\u200bce", "al\u202eice", "a\x00b", "a\nb",
                                 "x" * 129])
def test_invalid_names_are_refused(bad: str) -> None:
    with pytest.raises(MemoryInputError):
        normal_user(bad)


def test_a_name_not_in_normal_form_is_refused_with_its_normal_form(store: MemoryStore) -> None:
    store.add("ann", "I live in Lisbon.")
    with pytest.raises(MemoryInputError, match=r"user name 'ann ' .* use 'ann'"):
        store.add("ann ", "I live in Porto.")
    with pytest.raises(MemoryInputError, match="use 'ann'"):
        store.list("ann ")
    assert [m.text for m in store.list("ann")] == ["I live in Lisbon."]


def test_cli_trailing_space_is_not_a_new_user(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    added = run_cli("add", "I live in Lisbon.", library=lib, user="ann")
    assert added.returncode == 0, added.stderr
    result = run_cli("add", "I live in Porto.", library=lib, user="ann ")
    assert result.returncode == 1
    assert "use 'ann'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("other", ["ann ", " ann", "ann\u00a0", "a\u200bnn"])
def test_every_store_method_refuses_a_misspelt_name(store: MemoryStore, other: str) -> None:
    """Called as "ann " (or with an invisible character), no method reads or writes."""
    seed_ann(store)
    before = snapshot(store)
    for name, probe in PROBES.items():
        if name in {"checkpoint", "counters"}:
            continue  # no user / this process's counts only, which read nothing stored
        with pytest.raises(MemoryInputError):
            probe(store, other)
        assert snapshot(store) == before, f"{name} as {other!r} changed ann's memory"
