"""The folder tree is the architecture: a part imports only from parts to its left."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "ponder"
# Shared leaves anyone may use, then the parts in the order data flows through them.
SHARED = {"errors", "config", "records", "__init__", "__main__"}
ORDER = [
    "text",
    "ingest",
    "segment",
    "store",
    "search",
    "llm",
    "answer",
    "memory",
    "chat",
    "research",
    "eval",
    "server",
    "cli",
]


def part_of(module: str) -> str:
    first = module.split(".")[0]
    return "__init__" if first == "__version__" else first


def imported_parts(path: Path) -> set[str]:
    package = path.relative_to(SRC).parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - node.level + 1])
            target = ".".join([*base, node.module or ""]).strip(".")
            names = (
                [target] if node.module else [f"{target}.{a.name}".strip(".") for a in node.names]
            )
            found |= {part_of(n) for n in names if n}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ponder."):
            found.add(part_of(node.module.removeprefix("ponder.")))  # type: ignore[union-attr]
        elif isinstance(node, ast.Import):
            found |= {
                part_of(a.name.removeprefix("ponder."))
                for a in node.names
                if a.name.startswith("ponder.")
            }
    return found


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_left(path: Path) -> None:
    own = path.relative_to(SRC).parts[0].removesuffix(".py")
    if own == "__main__":
        assert imported_parts(path) == {"cli"}
        return
    if own in SHARED:
        assert imported_parts(path) <= SHARED | {own}, "shared modules import no part"
        return
    assert own in ORDER, f"{own} is not a known part; add it to ORDER"
    allowed = SHARED | set(ORDER[: ORDER.index(own) + 1])
    wrong = imported_parts(path) - allowed
    assert not wrong, f"{path.name} ({own}) imports {sorted(wrong)}, which come after it"


def test_llm_never_imports_answer() -> None:
    """``llm`` finds every backend (built-ins, entry points) without importing ``answer``;
    importing ``answer`` is what registers the model-less ``extractive`` backend."""
    code = (
        "import sys\n"
        "import ponder.llm as llm\n"
        "from ponder.config import Settings\n"
        "llm.backend_names()\n"
        "llm.list_backends(Settings(flags={}, env={}, file={}))\n"
        "print(sorted(m for m in sys.modules if m.startswith('ponder.answer')))\n"
        "import ponder.answer\n"
        "print('extractive' in llm.backend_names())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    answer_modules, registered = done.stdout.splitlines()[-2:]
    assert answer_modules == "[]", f"importing ponder.llm imported {answer_modules}"
    assert registered == "True", "importing ponder.answer does not register 'extractive'"
