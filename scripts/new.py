"""Create a new profile from the schema: `make new KIND=person NAME=单田芳`.

Every field is written with a Chinese comment saying what goes there; the required ones
are left empty, so `make check` lists what is still missing. Never overwrites a file.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from archive.domain.schema import Schema  # noqa: E402
from archive.load.scaffold import ScaffoldError, new_profile  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="新建档案：make new KIND=person NAME=屠呦呦 [ID=tu-youyou]")
    parser.add_argument("kind", nargs="?", default="")
    parser.add_argument("name", nargs="?", default="")
    parser.add_argument("--id", default="")
    args = parser.parse_args(argv)
    schema = Schema.load(ROOT / "profiles" / "vocabularies.yaml")
    try:
        path, entity_id, spelled = new_profile(ROOT, schema, args.kind, args.name, args.id)
    except ScaffoldError as err:
        print(f"未创建档案：{err}。", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"未创建档案：无法写入文件（{err.strerror or err}）。", file=sys.stderr)
        return 1
    rel = path.relative_to(ROOT).as_posix()
    print(f"已创建 {rel}（编号 {entity_id}，拼音 {spelled}）。")
    print("编号就是文件名和网址，发布后不再改变；拼音或编号不对时，现在就改文件名（或删除文件后用 ID= 重新生成）。")
    print(f"下一步：按文件中的注释填写，然后运行 make check FILES={rel}，它会列出还缺什么。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
