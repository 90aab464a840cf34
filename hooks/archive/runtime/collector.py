"""When Python's cycle collector runs in the build process.

- A one-off build: what exists now lives until the end, so the collector need not walk it again
  and again, nor Python's own passes at exit (~0.5 s at 1,000 profiles): settle() freezes it.
- `mkdocs serve`: the process keeps the caches, and each rebuild makes the site's File and Page
  objects anew (22,000 of each at 10,000 profiles). A full collection walks them all; it came in
  most rebuilds (0.7–1.4 s at 10,000 profiles) while the editor waited for the page. From the
  second build on, the collector is paused while a build runs, and run once after it, when the
  browser has had the time to fetch the new page (collect_when_idle). The garbage of a build
  (the last build's pages and files, in reference cycles) is freed then, not during the next:
  a rebuild that begins before that collection calls it off (an edit saved soon after the
  first build, the largest: its collection took 1.1 s of the next rebuild at 10,000 profiles),
  but not twice in a row: edits that keep coming sooner (autosave, a script) would otherwise
  never let the garbage be collected.
  A rebuild that renders every page again (a template changed) runs with the collector as usual.
"""
from __future__ import annotations

import gc
import threading

IDLE_S = 1.5       # after a rebuild: the browser reloads within about half a second


def settle() -> None:
    """A one-off build: the objects that exist now are left out of every later collection."""
    gc.freeze()


def pause(waiting: threading.Timer | None = None, called_off_last: bool = False) -> bool:
    """A rebuild under serve begins: no collection until it is over. waiting: the collection
    collect_when_idle() set for after the last build, called off if it has not begun, unless
    the last rebuild called off one already (called_off_last). Returns whether it was."""
    gc.disable()
    if waiting is None or called_off_last or not waiting.is_alive():
        return False
    waiting.cancel()
    return True


def collect_when_idle(delay: float = IDLE_S) -> threading.Timer:
    """A rebuild under serve is over: collect once, `delay` seconds later, in the background."""
    timer = threading.Timer(delay, gc.collect)
    timer.daemon = True            # never keeps `mkdocs serve` from exiting
    timer.start()
    return timer


def resume() -> None:
    """The collector runs as Python's own again: serve is over, or a rebuild renders every page."""
    gc.enable()
