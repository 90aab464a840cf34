"""Record the profile URLs that are published: `make urls` (run after `make publish`).

profiles/published-urls.txt keeps every profile URL ever published; this adds the current
ones and never removes a line. From then on `make check` fails (E207) if one of them has
neither a profile nor a redirect in profiles/redirects.yaml.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from archive import load_archive  # noqa: E402
from archive.load.redirects import PUBLISHED, current_urls, published  # noqa: E402

HEADER = """\
# 已发布的档案网址（相对于网站根目录），由 make urls 在发布后更新，请随代码一起提交。
# 这些网址必须一直有效：档案改名或移动时，在 profiles/redirects.yaml 中加重定向；
# 确需下线某个档案时，在同一个拉取请求中删除对应的行，并说明原因。
"""


def main() -> int:
    archive = load_archive(ROOT, only=set())     # ids from file names: nothing to read
    known = {f"{url}/" for _, url in published(ROOT)}
    urls = sorted(known | set(current_urls(archive)))
    (ROOT / PUBLISHED).write_text(HEADER + "".join(f"{url}\n" for url in urls), encoding="utf-8")
    added = len(urls) - len(known)
    print(f"已更新 {PUBLISHED}：共 {len(urls)} 个网址，新增 {added} 个。请提交这个文件。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
