"""Validate profiles: `make check`, or `make check FILES="profiles/people/a.md …"`.

Prints one `file:line: CODE message` line per problem (and GitHub annotations when
running in GitHub Actions), a summary, and exits 1 if there is any error. Typography
advice (warnings) is printed too but does not fail the check.

With file names, only those profiles are reported; references are still resolved against
every profile of the archive (by file name, which is the id), and a campaign's quota is
counted over every profile's nominations (campaigns.py reads those files too).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from archive import load_archive  # noqa: E402
from archive.problems import visible  # noqa: E402


def profile_paths(args: list[str], root: Path = ROOT) -> tuple[set[str] | None, list[str], bool]:
    """Repository paths of the named profiles, or None for "check everything"; notes for
    the editor; and whether a named file is missing (a typo must not pass silently).
    A named file under profiles/ that is not a profile (vocabularies.yaml, an image)
    can affect every profile: then everything is checked."""
    notes: list[str] = []
    only: set[str] = set()
    missing = False
    for arg in args:
        path = Path(arg)
        path = (path if path.is_absolute() else Path.cwd() / path).resolve()
        try:
            rel = path.relative_to(root.resolve()).as_posix()
        except ValueError:
            notes.append(f"跳过 {arg}：不在本仓库中。")
            continue
        if not path.exists():
            notes.append(f"找不到文件 {rel}：请核对路径，档案的路径形如 profiles/people/tu-youyou.md。")
            missing = True
        elif not rel.startswith("profiles/"):
            notes.append(f"跳过 {rel}：不是档案文件（档案在 profiles/ 下）。")
        elif rel.endswith(".md") and not rel.startswith("profiles/media/"):
            only.add(rel)
        else:
            notes.append(f"{rel} 会影响全部档案，改为检查全部档案。")
            return None, notes, missing
    return only, notes, missing


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    only, notes, missing = profile_paths(args) if args else (None, [], False)
    for note in notes:
        print(visible(note), file=sys.stderr)     # a file name may hold a line break
    if missing:
        print("\n检查未通过：有文件找不到。", file=sys.stderr)
        return 1
    if only is not None and not only:
        print("没有需要检查的档案文件。")
        return 0
    archive = load_archive(ROOT, only=only)
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for p in sorted(archive.problems + archive.warnings):
        print(p.format())
        if github:
            print(p.github())
    errors = archive.problems
    scope = f"{len(only)} 个文件" if only is not None else f"{len(archive.entities)} 份档案"
    typography = [p for p in archive.warnings if p.code.startswith("E5")]
    others = [p for p in archive.warnings if not p.code.startswith("E5")]
    advice = (f"另有 {len(typography)} 条排版提示（不影响通过），运行 make fix"
              + (f" FILES=\"{visible(' '.join(sorted({p.path for p in typography})))}\"" if only is not None else "")
              + " 可自动改正。") if typography else ""
    if others:  # e.g. late activity reports (E607): facts to record, nothing to correct
        advice += f"另有 {len(others)} 条其他提示（不影响通过），见上。"
    if errors:
        print(f"\n检查未通过：{len({p.path for p in errors})} 个文件共 {len(errors)} 个错误。{advice}", file=sys.stderr)
        return 1
    print(f"检查通过：{scope}。{advice}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
