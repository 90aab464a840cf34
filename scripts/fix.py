"""Correct Chinese typography in place: `make fix` or `make fix FILES="…"`.

Spacing between Chinese and Latin letters or digits, punctuation, and look-alike
characters (⽼ → 老), in profile bodies and prose fields. Text copied verbatim from a
document (policy bodies, fields marked verbatim in the schema) is never changed.
Afterwards lists what is left for the editor, in `make check`'s words.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from archive import load_archive  # noqa: E402
from archive.domain.frontmatter import MAX_FILE_KB  # noqa: E402
from archive.domain.problems import os_error  # noqa: E402
from archive.domain.schema import Schema  # noqa: E402
from archive.load.loader import profile_files  # noqa: E402
from archive.load.media import CannotShrink, shrink  # noqa: E402
from archive.load.typography import fixed_text  # noqa: E402
from archive.runtime.files import is_regular, read_regular  # noqa: E402
from check import profile_paths  # noqa: E402

TYPOGRAPHY = ("E501", "E502", "E503", "E504", "E116")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    only, notes, missing = profile_paths(args, ROOT) if args else (None, [], False)
    for note in notes:
        print(note, file=sys.stderr)
    if missing:
        return 1
    schema = Schema.load(ROOT / "profiles" / "vocabularies.yaml")
    paths = [p for p in profile_files(ROOT / "profiles")
             if only is None or p.relative_to(ROOT).as_posix() in only]
    changed: list[str] = []
    for path in paths:
        rel = path.relative_to(ROOT).as_posix()
        parts = path.relative_to(ROOT / "profiles").parts
        kind = schema.kind_of_folder(parts[0]) if len(parts) == 2 else None
        if kind is None:
            continue
        try:
            new, file_notes = fixed_text(schema, kind, read_regular(path, MAX_FILE_KB * 1024), rel)
        except OSError as err:       # a link, a device, too large … (make check names it too)
            print(f"{rel}: 无法读取（{os_error(err)}），跳过。", file=sys.stderr)
            continue
        for note in file_notes:
            print(f"{rel}: {note}。", file=sys.stderr)
        if new is not None:
            path.write_bytes(new.encode("utf-8"))
            changed.append(rel)
            print(f"已改正 {rel}")
    if only is None:  # photos too large for readers: shrink them (only when fixing everything)
        media_dir = ROOT / "profiles" / "media"
        for photo in sorted(media_dir.rglob("*")) if media_dir.is_dir() else []:
            if is_regular(photo) and not photo.name.startswith("."):     # never through a link
                try:
                    done = shrink(photo)
                except CannotShrink as error:
                    print(f"无法缩小 {photo.relative_to(ROOT).as_posix()}：{error}", file=sys.stderr)
                    continue
                if done:
                    changed.append(photo.relative_to(ROOT).as_posix())
                    print(f"已缩小 {photo.relative_to(ROOT).as_posix()}：{done}")
    archive = load_archive(ROOT, only={p.relative_to(ROOT).as_posix() for p in paths})
    left = [p for p in sorted(archive.problems + archive.warnings) if p.code in TYPOGRAPHY]
    for p in left:
        print(p.format())
    print(f"\n排版改正完成：改动了 {len(changed)} 个文件"
          + (f"，另有 {len(left)} 处需要手工处理（见上）。" if left else "。")
          + ("请检查改动后再提交。" if changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
