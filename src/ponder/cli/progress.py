"""Progress bars for long work (files, passages, MB/s), silent when not on a terminal."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ..store.add import Progress as AddProgress
from .options import err_console, interactive


@contextmanager
def add_progress(show: bool) -> Iterator[AddProgress]:
    """Progress for ``add``: current file, passages so far, MB/s."""
    if not (show and interactive()):
        yield AddProgress()
        return
    started = time.monotonic()
    state = {"bytes": 0, "passages": 0}
    columns = (
        TextColumn("[bold]adding[/] {task.fields[file]}"),
        TextColumn("{task.fields[passages]} passages"),
        TextColumn("{task.fields[rate]:.2f} MB/s"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console(), transient=True) as bar:
        task = bar.add_task("add", total=None, file="", passages=0, rate=0.0)

        def on_file(path: Path) -> None:
            bar.update(task, file=path.name[-40:])

        def on_bytes(n: int) -> None:
            state["bytes"] += n
            rate = state["bytes"] / 1e6 / max(time.monotonic() - started, 1e-6)
            bar.update(task, rate=rate)

        def on_passages(n: int) -> None:
            state["passages"] += n
            bar.update(task, passages=state["passages"])

        yield AddProgress(on_file=on_file, on_bytes=on_bytes, on_passages=on_passages)


@contextmanager
def count_progress(label: str, show: bool) -> Iterator[Callable[[int, int], None]]:
    """A bar for counted work; yields ``update(done, total)``."""
    if not (show and interactive()):
        yield lambda done, total: None
        return
    columns = (
        TextColumn(f"[bold]{label}[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f}/s"),
        TimeRemainingColumn(),
    )
    started = time.monotonic()
    with Progress(*columns, console=err_console(), transient=True) as bar:
        task = bar.add_task(label, total=None, rate=0.0)

        def update(done: int, total: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            bar.update(task, completed=done, total=total, rate=rate)

        yield update
