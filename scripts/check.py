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
from archive.domain.problems import visible  # noqa: E402
from archive.load.loader import profile_files  # noqa: E402


def profile_paths(args: list[str], root: Path = ROOT) -> tuple[set[str] | None, list[str], str]:
    """Repository paths of the named profiles, or None for "check everything"; notes for
    the editor; and why the check must fail before it starts ("" if it need not): a named
    file is missing (a typo must not pass silently) or is a symbolic link.
    A named file under profiles/ that is not a profile (vocabularies.yaml, an image)
    can affect every profile: then everything is checked. A named folder stands for the
    profiles in it (profiles/ or the repository itself: everything)."""
    notes: list[str] = []
    only: set[str] = set()
    refused: dict[str, None] = {}        # the reasons, in order, once each
    everything = False
    root = root.resolve()
    in_folders = None                    # every profile's path, read once if a folder is named
    for arg in args:
        given = Path(os.path.abspath(arg))            # (not resolved: a symbolic link is still seen)
        link = _symbolic_link(given, root)
        if link is not None:
            what = arg if link == given else f"{arg} 中的 {link.relative_to(root).as_posix()}"
            notes.append(f"{what} 是符号链接（指向 {os.readlink(link)}），不检查：档案必须是 profiles/ 下的普通文件，"
                         "请写档案文件本身的路径，如 profiles/people/tu-youyou.md。")
            refused["有符号链接"] = None
            continue
        path = given.resolve()
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            notes.append(f"跳过 {arg}：不在本仓库中。")
            continue
        if not path.exists():
            notes.append(f"找不到文件 {rel}：请核对路径，档案的路径形如 profiles/people/tu-youyou.md。")
            refused["有文件找不到"] = None
        elif path.is_dir() and rel in (".", "profiles"):
            notes.append(f"{arg} 是目录，检查其中的全部档案。")
            everything = True
        elif path.is_dir() and rel.startswith("profiles/") and not (rel + "/").startswith("profiles/media/"):
            if in_folders is None:
                in_folders = [p.relative_to(root).as_posix() for p in profile_files(root / "profiles")]
            found = [p for p in in_folders if p.startswith(rel + "/")]
            if found:
                notes.append(f"{rel}/ 是目录，检查其中的 {len(found)} 个档案文件。")
                only.update(found)
            else:
                notes.append(f"目录 {rel}/ 中没有档案文件：请核对路径，档案的路径形如 profiles/people/tu-youyou.md。")
                refused["目录中没有档案文件"] = None
        elif not rel.startswith("profiles/"):
            notes.append(f"跳过 {rel}：不是档案文件（档案在 profiles/ 下）。")
        elif rel.endswith(".md") and not rel.startswith("profiles/media/"):
            only.add(rel)
        elif not everything:
            notes.append(f"{rel} 会影响全部档案，改为检查全部档案。")
            everything = True
    return None if everything else only, notes, "；".join(refused)


def _symbolic_link(path: Path, root: Path) -> Path | None:
    """The first symbolic link on the way from the repository down to path (path itself
    included), if path is in the repository as written."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return None
    for n in range(1, len(parts) + 1):
        if root.joinpath(*parts[:n]).is_symlink():
            return root.joinpath(*parts[:n])
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    only, notes, refused = profile_paths(args) if args else (None, [], "")
    for note in notes:
        print(visible(note), file=sys.stderr)     # a file name may hold a line break
    if refused:
        print(f"\n检查未通过：{refused}（见上）。", file=sys.stderr)
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
