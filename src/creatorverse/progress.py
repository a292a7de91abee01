"""Progress of long work: a Rich bar (items, rate, ETA) on a terminal, plain lines otherwise,
nothing with `--quiet`.

Library code reports through a `Tracker` (`advance(n)`), so it stays free of output concerns;
the CLI decides how it is shown.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

QUIET = False


class Tracker:
    """Counts finished items; subclasses show them."""

    def __init__(self, total: int | None = None):
        self.total = total
        self.done = 0

    def set_total(self, total: int) -> None:
        self.total = total

    def advance(self, n: int = 1) -> None:
        self.done += n


class _PlainTracker(Tracker):
    """A line at most every 10% (and at the end): readable in logs and CI output."""

    def __init__(self, label: str, unit: str, total: int | None):
        super().__init__(total)
        self.label, self.unit = label, unit
        self.started = time.perf_counter()
        self.next_report = 0.1

    def advance(self, n: int = 1) -> None:
        super().advance(n)
        if not self.total:
            return
        share = self.done / self.total
        if share >= self.next_report or self.done == self.total:
            elapsed = max(time.perf_counter() - self.started, 1e-9)
            print(f"{self.label}: {self.done}/{self.total} {self.unit} ({self.done / elapsed:.1f}/s)", flush=True)
            while self.next_report <= share:
                self.next_report += 0.1


class _RichTracker(Tracker):
    def __init__(self, progress: Progress, task, total: int | None):
        super().__init__(total)
        self.progress, self.task = progress, task

    def set_total(self, total: int) -> None:
        super().set_total(total)
        self.progress.update(self.task, total=total)

    def advance(self, n: int = 1) -> None:
        super().advance(n)
        self.progress.update(self.task, advance=n)


class _RateColumn(ProgressColumn):
    def __init__(self, unit: str):
        super().__init__()
        self.unit = unit

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} {self.unit}/s" if speed else "")


@contextmanager
def track(label: str, unit: str = "items", total: int | None = None) -> Iterator[Tracker]:
    """Show the progress of `label` while the block runs."""
    if QUIET:
        yield Tracker(total)
        return
    if not sys.stdout.isatty():
        yield _PlainTracker(label, unit, total)
        return
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TaskProgressColumn(),
        _RateColumn(unit),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(), transient=False) as progress:
        yield _RichTracker(progress, progress.add_task(label, total=total), total)
