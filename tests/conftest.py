"""Shared fixtures: scratch archives, copies of the repository, a built site."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
BIN = Path(sys.executable).parent
# Without SITE_URL unless a test sets it: the site as built on a machine that has not configured it.
ENV = {**{k: v for k, v in os.environ.items() if k != "SITE_URL"}, "NO_MKDOCS_2_WARNING": "1",
       "PYTHONDONTWRITEBYTECODE": "1"}

VALID_SPIRIT = """\
---
name: 科学家精神
elements: [爱国, 创新]
abstract: 测试用精神。
review: {status: 待审核}
---
正文。
"""

VALID_PERSON = """\
---
name: 测试人
birth: "1930-12-30"
spirits: [kexuejia-jingshen]
abstract: 测试用人物。
sources:
  - title: 测试来源
    url: https://example.org/
review:
  status: 待审核
---
测试人的生平。
"""


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    return path


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A tiny archive: the real vocabularies, one spirit, one person."""
    write(tmp_path, "profiles/vocabularies.yaml", (ROOT / "profiles" / "vocabularies.yaml").read_bytes())
    write(tmp_path, "profiles/spirits/kexuejia-jingshen.md", VALID_SPIRIT)
    write(tmp_path, "profiles/people/ce-shiren.md", VALID_PERSON)
    return tmp_path


def copy_repo(dest: Path) -> Path:
    """The repository's site sources, to build or break without touching the real ones."""
    ignore = shutil.ignore_patterns("__pycache__", "site", ".venv", ".git")
    for name in ("mkdocs.yml", "docs", "hooks", "profiles", "scripts", "CONTRIBUTING.md"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        else:
            shutil.copy(src, dest / name)
    return dest


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=600)


def mkdocs_build(root: Path, site: Path | None = None) -> subprocess.CompletedProcess:
    args = [str(BIN / "mkdocs"), "build", "--strict"]
    if site is not None:
        args += ["--site-dir", str(site)]
    return run(args, root)


def check(root: Path) -> subprocess.CompletedProcess:
    return run([str(BIN / "python"), "scripts/check.py"], root)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real archive, built once per test session with `mkdocs build --strict` (no SITE_URL).
    The build's log is kept beside the site, in build.log."""
    root = copy_repo(tmp_path_factory.mktemp("repo"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    (root / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")   # what the builder saw
    return root / "site"


SITE_URL = "http://archive.example.internal/kaimo/"
SOURCE_DATE_EPOCH = "1795431259"   # 2026-11-23 UTC: a fixed "last commit" time


@pytest.fixture(scope="session")
def site_url_builds(tmp_path_factory) -> tuple[Path, Path]:
    """Two builds of the same sources as a publisher makes them (SITE_URL, SOURCE_DATE_EPOCH),
    from two different directories and with different hash seeds, to compare byte for byte."""
    sites = []
    for seed in ("1", "2"):
        root = copy_repo(tmp_path_factory.mktemp(f"repro{seed}"))
        env = {**ENV, "SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONHASHSEED": seed}
        result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        sites.append(root / "site")
    return sites[0], sites[1]


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for all browser tests."""
    from browsing import launch_browser
    yield from launch_browser()
