"""Native code run where its crash cannot take the caller with it.

autocorrect (Rust, through pyo3) once died with a segmentation fault on a hostile profile, and
`make check`, `make fix` and `make publish` died with it, naming no file. Its calls now run in a
forked helper process that is kept for the next call; when the helper dies, the caller is told
(Crashed) and goes on, and the next call starts a new helper.
"""
from __future__ import annotations

import faulthandler
import os
import signal
from multiprocessing.connection import Connection, Pipe


class Crashed(Exception):
    """The helper process died (or the function raised) while working on the given input."""


class Helper:
    def __init__(self, function):
        self.function = function
        self._owner = os.getpid()       # a forked worker inherits the object, not the helper
        self._pid: int | None = None
        self._conn: Connection | None = None

    def __call__(self, *args):
        if self._owner != os.getpid():
            self._owner, self._pid, self._conn = os.getpid(), None, None
        if self._pid is None:
            self._start()
        try:
            self._conn.send(args)
            ok, value = self._conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._reap()
            raise Crashed("进程意外终止") from None
        if not ok:
            raise Crashed(value)
        return value

    def _start(self) -> None:
        parent, child = Pipe()
        pid = os.fork()
        if pid == 0:                      # the helper: answer calls until the pipe closes
            parent.close()
            # Keep no other file of the caller open: a pipe or socket held here would keep whoever
            # waits for its end (a test's browser driver, a subprocess's output) waiting for ever.
            keep = child.fileno()
            os.closerange(3, keep)
            os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536)
            signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl+C is the caller's to handle
            faulthandler.disable()        # a crash here is reported by the caller, without a dump
            try:
                while True:
                    try:
                        args = child.recv()
                    except EOFError:
                        break
                    try:
                        child.send((True, self.function(*args)))
                    except BaseException as err:            # pyo3's PanicException is a BaseException
                        child.send((False, f"{type(err).__name__}: {err}"[:200]))
            finally:
                os._exit(0)
        child.close()
        self._pid, self._conn = pid, parent

    def _reap(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._pid is not None:
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:     # already reaped
                pass
        self._pid = self._conn = None

    def close(self) -> None:
        self._reap()
