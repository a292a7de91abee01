"""A worker's stop request (SIGTERM, SIGINT) caught from the process's first line.

The worker's own handler is installed on its event loop, after the command's imports; a
signal before that (the first second or two of a process a deployment stops at once) would
kill it by the signal. `catch` is called first by the `creatorverse` entry point for the
`worker` command; the worker honours a request it finds already made. Imports nothing heavy."""

from __future__ import annotations

import signal
import threading

requested = threading.Event()


def catch() -> None:
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda _signum, _frame: requested.set())
