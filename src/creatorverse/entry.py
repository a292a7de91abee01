"""The `creatorverse` console entry point: the worker's stop signals are caught before the
command line's (slow) imports, then the command runs (creatorverse.cli)."""

from __future__ import annotations

import sys


def main() -> None:  # pragma: no cover - console entry point (tests run it as a subprocess)
    if sys.argv[1:2] == ["worker"]:
        from creatorverse.workers import stop_signal

        stop_signal.catch()
    from creatorverse import cli

    cli.main()
