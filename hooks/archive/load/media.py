"""Photos in profiles/media/: formats browsers show everywhere, and a size that readers on
slow connections can load. `make check` refuses the rest (E115, E116); `make fix`
shrinks photos that are too large (and drops their metadata, such as GPS positions).
"""
from __future__ import annotations

import logging
from pathlib import Path

try:
    from PIL import Image, ImageOps
except ImportError:  # pragma: no cover - Pillow is in requirements.txt; without it only formats are checked
    Image = ImageOps = None

from ..domain.problems import Problem, os_error, problem

log = logging.getLogger("mkdocs.hooks.archive.media")

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 2400          # pixels, longest side
FORMATS = {"JPEG": (b"\xff\xd8\xff",), "PNG": (b"\x89PNG",), "WEBP": ()}
_OTHER = {b"GIF8": "GIF", b"BM": "BMP", b"II*\x00": "TIFF", b"MM\x00*": "TIFF", b"%PDF": "PDF", b"<svg": "SVG",
          b"<?xml": "SVG/XML"}


def sniff(head: bytes) -> str:
    """The format a file's first bytes announce: JPEG, PNG, WEBP, another name, or 未知."""
    for name, signatures in FORMATS.items():
        if any(head.startswith(s) for s in signatures):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "HEIC"
    return next((name for sig, name in _OTHER.items() if head.startswith(sig)), "未知")


def check(media_dir: Path, names: set[str]) -> list[Problem]:
    out: list[Problem] = []
    for name in sorted(names):
        path = media_dir / name
        rel = f"profiles/media/{name}"
        try:
            with open(path, "rb") as f:
                head = f.read(16)
            size = path.stat().st_size
        except OSError as err:
            out.append(problem(rel, 0, "E001", detail=os_error(err)))
            continue
        kind = sniff(head)
        if kind not in FORMATS:
            out.append(problem(rel, 0, "E115", actual=kind))
            continue
        width, height = _dimensions(path, rel)
        if size > MAX_BYTES or max(width, height) > MAX_SIDE or width < 0:
            out.append(problem(rel, 0, "E116", size=f"{size / 1024 / 1024:.1f} MB",
                               pixels=_pixels(width, height),
                               max_mb=MAX_BYTES // 1024 // 1024, max_side=MAX_SIDE))
    return out


def _pixels(width: int, height: int) -> str:
    if width < 0:
        return f"超过 {2 * Image.MAX_IMAGE_PIXELS}"
    return f"{width}×{height}" if width else "未知"


def _dimensions(path: Path, rel: str = "") -> tuple[int, int]:
    """(width, height); (0, 0) when not known, (-1, -1) for more pixels than Pillow opens at all."""
    if Image is None:
        return 0, 0
    try:
        with Image.open(path) as img:   # reads the header only
            return img.size
    except Image.DecompressionBombError:     # a few KB that browsers would unpack to gigabytes
        return -1, -1
    # Any exception: Pillow's parsers on a hostile file raise more than they document. The format
    # was right, so the photo is published; whoever builds is told that it may not show.
    except Exception as error:  # noqa: BLE001
        log.info(f"{rel or path}：无法读出图片的尺寸（{type(error).__name__}），文件可能已损坏，读者可能看不到这张图片："
                 "请在浏览器中打开它确认，必要时重新导出后替换")
        return 0, 0


def shrink(path: Path) -> str | None:
    """Make a too-large photo fit the limits, in place. Returns what was done, or None; raises
    CannotShrink for a photo it cannot open."""
    if Image is None or sniff(path.read_bytes()[:16]) not in FORMATS:
        return None
    size = path.stat().st_size
    width, height = _dimensions(path)
    if width < 0:
        raise CannotShrink(f"{_pixels(width, height)} 像素，无法自动缩小：请换一张照片，或先用图片软件缩小后再放入")
    if size <= MAX_BYTES and max(width, height) <= MAX_SIDE:
        return None
    try:
        return _shrunk(path, width, height, size)
    # Any exception: Pillow's decoders on a damaged or hostile file raise more than they document.
    except Exception as error:  # noqa: BLE001
        raise CannotShrink(f"无法读取这张图片（{type(error).__name__}），文件可能已损坏：请重新导出后替换") from None


class CannotShrink(Exception):
    """A photo that shrink() cannot open; the message says what to do, in Chinese."""


def _shrunk(path: Path, width: int, height: int, size: int) -> str:
    with Image.open(path) as img:
        fmt = img.format
        img = ImageOps.exif_transpose(img)   # keep the photo upright once the metadata is gone
        img.thumbnail((MAX_SIDE, MAX_SIDE))
        for quality in (85, 75, 65):
            options = {"optimize": True} if fmt == "PNG" else {"quality": quality}
            if fmt == "JPEG" and img.mode not in ("RGB", "L"):
                img = img.convert("RGB")
            img.save(path, fmt, **options)
            if path.stat().st_size <= MAX_BYTES or fmt == "PNG":
                break
    new_size = path.stat().st_size
    if new_size > MAX_BYTES:
        return f"缩小到 {img.width}×{img.height} 后仍有 {new_size / 1024 / 1024:.1f} MB，请改存为 JPEG"
    return f"{width}×{height}，{size / 1024 / 1024:.1f} MB → {img.width}×{img.height}，{new_size / 1024 / 1024:.1f} MB"
