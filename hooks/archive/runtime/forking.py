"""Work spread over forked processes: a one-off build on several cores (README "性能").

Forked processes see this process's objects as they were, without copying or pickling them
(the archive, the site's files). What a worker adds to the caches comes back one way: a worker
starts with CACHE.worker_started(), sends CACHE.worker_results() with each answer, and this
process merges them (runtime/cache.py). Where processes cannot be forked (no fork, no /dev/shm)
the work is done here, one item after another.
"""
from __future__ import annotations

import collections
import contextlib
import functools
import gc
import itertools
import logging
import multiprocessing
import os
import time

from .cache import CACHE

log = logging.getLogger("mkdocs.hooks.archive.forking")


def cores() -> int:
    return len(os.sched_getaffinity(0))


@contextlib.contextmanager
def pool(processes: int, initializer=None):
    """A pool of forked processes, or None where none can be forked. While it is open the
    collector leaves alone the objects that exist now: it would write to every page of memory
    they are on, and so copy it into each process. Objects it already left alone stay so."""
    thaw = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        workers = multiprocessing.get_context("fork").Pool(processes, initializer=functools.partial(_started, initializer))
    except (OSError, ValueError, ImportError) as error:     # no fork, no /dev/shm: slower, not wrong
        log.debug("forking: no worker processes (%s: %s): the work is done in this process", type(error).__name__, error)
        workers = None
    try:
        yield workers
    except BaseException:
        if workers is not None:
            _wind_down(workers)
        raise
    finally:
        if workers is not None:
            workers.terminate()
        if thaw:
            gc.unfreeze()


def _wind_down(workers, seconds: float = 60) -> None:
    """After an error (a page that cannot be written …), let the workers finish what they were
    handed before they are terminated: a worker terminated while it sends a result dies holding the
    result queue's lock, and Pool.terminate() then waits for ever (CPython's task thread blocks on
    that lock). Callers hand the pool a few items at a time (in_order()), so this is quick."""
    workers.close()
    deadline = time.monotonic() + seconds
    while multiprocessing.active_children() and time.monotonic() < deadline:     # the pool's workers
        time.sleep(0.02)


def in_order(workers, function, items, ahead: int):
    """function(item) for each item on the pool's processes, the results in order, with at most
    `ahead` items handed to the pool at any time (see _wind_down)."""
    items = iter(items)
    running = collections.deque(workers.apply_async(function, (item,)) for item in itertools.islice(items, ahead))
    while running:
        result = running.popleft().get()
        running.extend(workers.apply_async(function, (item,)) for item in itertools.islice(items, 1))
        yield result


def in_order_on_fresh_pools(processes: int, initializer, function, items, ahead: int, fresh_after: int):
    """in_order() over pools opened one after another, each closed once its processes have done
    about fresh_after items each: a process copies every page of this one's memory on which it
    touches an object (a reference count is a write), and keeps what it made; the next pool's
    start sharing again (README "性能": at 10,000 profiles the two render workers grew by some
    170 MB each). They are forked here, between pools, where no other thread runs
    (multiprocessing's own maxtasksperchild forks from one of the pool's threads). Where no
    process can be forked, function(item) here."""
    items = list(items)
    step = processes * fresh_after
    for start in range(0, len(items), step):
        with pool(processes, initializer) as workers:
            if workers is None:
                yield from map(function, items[start:])
                return
            yield from in_order(workers, function, items[start:start + step], ahead)


def _started(initializer) -> None:
    CACHE.worker_started()
    if initializer is not None:
        initializer()


def _call(function, item):
    return function(item), CACHE.worker_results()


def map_on_cores(function, items: list, at_least: int) -> list | None:
    """function(item) for every item, on every core; None where it is not worth it (fewer items,
    one core) or no process can be forked: the caller then does the work as it goes.
    function is sent by name, so it must be a module-level function."""
    workers = cores()
    if len(items) < at_least or workers < 2:
        return None
    with pool(workers) as processes:
        if processes is None:
            return None
        out = []
        for result, cached in processes.map(functools.partial(_call, function), items,
                                            chunksize=-(-len(items) // (workers * 4))):
            CACHE.merge(cached)
            out.append(result)
        return out
