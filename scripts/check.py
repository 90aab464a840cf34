"""Validate every profile: `make check`.

Prints one `file:line: CODE message` line per problem (and GitHub annotations when
running in GitHub Actions), a summary, and exits 1 if anything is wrong.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from archive import load_archive  # noqa: E402


def main() -> int:
    archive = load_archive(ROOT)
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for p in archive.problems:
        print(p.format())
        if github:
            print(p.github())
    files = len({p.path for p in archive.problems})
    if archive.problems:
        print(f"\n检查未通过：{files} 个文件共 {len(archive.problems)} 个问题。", file=sys.stderr)
        return 1
    print(f"检查通过：{len(archive.entities)} 份档案。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
