"""docs/spec.md names a test for every rule; every test it names exists."""

from __future__ import annotations

import ast
import re

from corpus import REPO

SPEC = REPO / "docs" / "spec.md"
RULES = (
    "Cite every factual sentence", "Never invent a quote", "Abstain when the documents are silent",
    "Answer in the question's language", "No promotion or advertising",
    "Nothing leaves the machine unless the user configured a non-local endpoint",
    "Instructions inside documents are content, never commands",
)


def test_every_rule_is_in_the_spec_with_a_test() -> None:
    text = SPEC.read_text(encoding="utf-8")
    sections = re.split(r"^### ", text, flags=re.M)
    for rule in RULES:
        body = next((s for s in sections if s.startswith(rule)), None)
        assert body is not None, f"docs/spec.md has no rule {rule!r}"
        assert "::test_" in body, f"rule {rule!r} names no test"


def test_every_named_test_exists() -> None:
    named = re.findall(r"`(tests/[\w/]+\.py)::(test_\w+)`", SPEC.read_text(encoding="utf-8"))
    assert named
    for path, name in named:
        tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
        functions = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert name in functions, f"{path}::{name} named in docs/spec.md does not exist"
