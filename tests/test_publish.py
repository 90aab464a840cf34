"""`make publish` / `make rollback`, and reproducible builds (issue #4).

Every test publishes from its own copy of the repository into its own DEST, as a publisher
would: `python scripts/publish.py publish DEST` (what `make publish DEST=…` runs)."""
from __future__ import annotations

import errno
import fcntl
import gzip
import os
import re
import signal
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import BIN, ENV, SITE_URL, SOURCE_DATE_EPOCH, copy_repo, write

OLD_HOME = "<!doctype html><title>旧网站</title><p>旧网站首页</p>"
MARKER = ".release-complete"        # written last into a release: only a complete release has it


def publish(repo: Path, *args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = {**ENV, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    env.pop("SITE_URL", None)
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([str(BIN / "python"), "scripts/publish.py", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)


# publish.py with a two-page build in place of the check and mkdocs (these tests are about the
# releases, not the site), and a PATCH of the test's own: a failure or a kill at a chosen point.
QUICK = """
import errno, importlib.util, os, shutil, signal, sys
from pathlib import Path
spec = importlib.util.spec_from_file_location("publish_script", "scripts/publish.py")
script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(script)

def quick_build(into, env):
    into.mkdir()
    (into / "index.html").write_text("<title>楷模档案</title><p>新网站首页</p>", encoding="utf-8")
    (into / "404.html").write_text("<title>404</title>", encoding="utf-8")

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def fail(code, path):
    raise OSError(code, os.strerror(code), str(path))

script.build = quick_build
PATCH
sys.exit(script.main(sys.argv[1:]))
"""


def publish_quickly(repo: Path, *args: str, patch: str = "") -> subprocess.CompletedProcess:
    env = {**ENV, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    env.pop("SITE_URL", None)
    code = QUICK.replace("PATCH", textwrap.dedent(patch))
    return subprocess.run([str(BIN / "python"), "-c", code, *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)


def releases(dest: Path) -> list[str]:
    folder = dest.with_name(dest.name + ".releases")
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []


def live(dest: Path) -> str:
    """What readers get: the release DEST points to, and its home page."""
    return f"{os.readlink(dest)}\n" + (dest / "index.html").read_text(encoding="utf-8")


def is_home(html: str) -> bool:
    """The archive's home page: its title, and the link to the people index at the top level."""
    return bool(re.search(r"<title>[^<]*楷模档案</title>", html)) and 'href="people/"' in html


def fake_releases(dest: Path, stamps: list[str], complete: bool = False) -> None:
    """Releases published earlier (by this tool), the last one live: before releases had their
    marker, or (`complete`) with it."""
    for stamp in stamps:
        write(dest.parent, f"{dest.name}.releases/{stamp}/index.html", OLD_HOME.replace("旧网站首页", stamp))
        if complete:
            write(dest.parent, f"{dest.name}.releases/{stamp}/{MARKER}", "")
    dest.symlink_to(f"{dest.name}.releases/{stamps[-1]}")


def everything(dest: Path) -> list[str]:
    """DEST's directory and the releases' directory, dot files included."""
    folder = dest.with_name(dest.name + ".releases")
    return sorted(p.name for p in dest.parent.iterdir()) + sorted(f"releases/{p.name}" for p in folder.iterdir())


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    message = result.stdout + result.stderr
    assert result.returncode != 0, message
    assert "Traceback" not in message
    assert "线上网站未改动" in message
    for word in words:
        assert word in message


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "repo").mkdir()
    return copy_repo(tmp_path / "repo")


@pytest.fixture
def dest(tmp_path):
    (tmp_path / "www").mkdir()
    return tmp_path / "www" / "site"


def test_first_publish_into_an_empty_directory(repo, dest):
    dest.mkdir()                                   # what a fresh web root usually is
    result = publish(repo, "publish", str(dest))
    assert result.returncode == 0, result.stdout + result.stderr
    assert dest.is_symlink()
    [name] = releases(dest)
    assert re.fullmatch(r"\d{8}T\d{6}Z", name)     # no git in the copy: no commit in the name
    assert os.readlink(dest) == f"site.releases/{name}"   # relative: the tree can be moved or restored
    assert is_home((dest / "index.html").read_text(encoding="utf-8"))
    assert (dest / "people" / "tu-youyou" / "index.html").is_file()
    assert (dest / "404.html").is_file()
    assert "已发布" in result.stdout
    assert "未设置 SITE_URL" in result.stdout and "没有二维码" in result.stdout   # said before building


def test_publish_keeps_five_releases_and_rollback_returns_to_the_previous(repo, dest):
    stamps = [f"2026010{i}T000000Z-abc123{i}" for i in range(1, 7)]
    fake_releases(dest, stamps)
    result = publish(repo, "publish", str(dest))
    assert result.returncode == 0, result.stdout + result.stderr
    kept = releases(dest)
    assert kept[:4] == stamps[2:] and len(kept) == 5          # the two oldest removed
    new = kept[-1]
    assert new > stamps[-1]
    assert is_home(live(dest))
    assert "make rollback" in result.stdout

    result = publish(repo, "rollback", str(dest))
    assert result.returncode == 0, result.stdout + result.stderr
    assert os.readlink(dest) == f"site.releases/{stamps[-1]}"
    assert stamps[-1] in (dest / "index.html").read_text(encoding="utf-8")
    assert new not in releases(dest)                          # the abandoned release is gone
    assert "已回退" in result.stdout

    result = publish(repo, "list", str(dest))
    assert f"→ {stamps[-1]}" in result.stdout


def test_rollback_with_nothing_older_says_so(repo, dest):
    fake_releases(dest, ["20260101T000000Z"])
    before = live(dest)
    assert_refused(publish(repo, "rollback", str(dest)), "没有可回退的版本")
    assert live(dest) == before
    assert_refused(publish(repo, "rollback", str(dest.parent / "never")), "还没有发布过")


def test_rollback_when_the_current_release_was_deleted_by_hand(repo, dest):
    fake_releases(dest, ["20260101T000000Z", "20260102T000000Z"])
    (dest.parent / "site.releases" / "20260102T000000Z" / "index.html").unlink()
    (dest.parent / "site.releases" / "20260102T000000Z").rmdir()
    result = publish(repo, "rollback", str(dest))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "20260101T000000Z" in (dest / "index.html").read_text(encoding="utf-8")


def test_a_stray_release_directory_never_goes_live(repo, dest):
    """An empty directory named like a release (here newer than all) is no release: not used,
    not counted, shown as incomplete."""
    stamps = ["20260101T000000Z-aaa1111", "20260102T000000Z-bbb2222"]    # published before the marker
    fake_releases(dest, stamps)
    stray = dest.with_name("site.releases") / "20990101T000000Z-abc"
    stray.mkdir()
    result = publish_quickly(repo, "publish", str(dest))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "上一版本 20260102T000000Z-bbb2222 保留" in result.stdout

    result = publish(repo, "rollback", str(dest))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已回退：" in result.stdout and "→ site.releases/20260102T000000Z-bbb2222\n" in result.stdout
    assert live(dest) == "site.releases/20260102T000000Z-bbb2222\n" + OLD_HOME.replace("旧网站首页", stamps[1])
    listing = publish(repo, "list", str(dest)).stdout
    assert "→ 20260102T000000Z-bbb2222\n" in listing
    assert "  20990101T000000Z-abc  （不完整：不会被发布或回退使用，可以删除）" in listing

    result = publish(repo, "rollback", str(dest))                            # older releases still count
    assert result.returncode == 0, result.stdout + result.stderr
    assert os.readlink(dest) == "site.releases/20260101T000000Z-aaa1111"
    assert_refused(publish(repo, "rollback", str(dest)), "没有可回退的版本")
    assert os.readlink(dest) == "site.releases/20260101T000000Z-aaa1111"
    assert stray.is_dir()                                                   # not ours to delete


def test_a_release_half_deleted_by_a_killed_rollback_never_goes_live(repo, dest):
    stamps = ["20260101T000000Z-aaa1111", "20260102T000000Z-bbb2222", "20260103T000000Z-ccc3333"]
    fake_releases(dest, stamps, complete=True)
    killed = publish_quickly(repo, "rollback", str(dest), patch="""
        def rmtree(path, *args, **kwargs):      # killed while deleting the abandoned release,
            os.remove(os.path.join(path, "index.html"))     # its marker not yet deleted
            die()
        shutil.rmtree = rmtree
    """)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    assert os.readlink(dest) == f"site.releases/{stamps[1]}"

    result = publish_quickly(repo, "publish", str(dest))
    assert result.returncode == 0, result.stdout + result.stderr
    result = publish(repo, "rollback", str(dest))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已回退：" in result.stdout and f"→ site.releases/{stamps[1]}\n" in result.stdout
    assert live(dest) == f"site.releases/{stamps[1]}\n" + OLD_HOME.replace("旧网站首页", stamps[1])
    assert stamps[2] not in publish(repo, "list", str(dest)).stdout
    assert not [name for name in everything(dest) if ".deleting" in name]  # the rest deleted by the publish


def test_what_killed_runs_leave_is_removed_by_the_next_run_not_during_another(repo, dest):
    stamps = ["20260101T000000Z-aaa1111", "20260102T000000Z-bbb2222"]
    fake_releases(dest, stamps, complete=True)
    killed = publish_quickly(repo, "rollback", str(dest), patch="""
        replace = os.replace
        def killed_replace(src, dst, *args, **kwargs):     # killed between making the new link and the switch
            if ".switch-" in str(src):
                die()
            return replace(src, dst, *args, **kwargs)
        os.replace = killed_replace
    """)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    assert os.readlink(dest) == f"site.releases/{stamps[1]}"
    assert [name for name in everything(dest) if name.startswith(".site.switch-")]
    folder = dest.with_name("site.releases")
    write(folder, ".building-20260103T000000Z/index.html", "半个新版本")           # a killed publish
    write(folder, ".deleting-20251231T000000Z-4242-1/index.html", "删除到一半的旧版本")
    left = everything(dest)

    with open(folder / ".lock", "w") as lock:                             # another run is going on
        fcntl.flock(lock, fcntl.LOCK_EX)
        assert_refused(publish(repo, "rollback", str(dest)), "另一个发布或回退正在进行")
    assert everything(dest) == left

    result = publish(repo, "rollback", str(dest))
    assert result.returncode == 0, result.stdout + result.stderr
    assert os.readlink(dest) == f"site.releases/{stamps[0]}"
    assert everything(dest) == ["site", "site.releases", "releases/.lock", f"releases/{stamps[0]}"]


def failing_writes(folder: Path, code: int) -> Path:
    """A sitecustomize for PYTHONPATH: every write into a new release fails with `code`, in
    publish.py and in the processes it starts (the check, mkdocs and its workers)."""
    write(folder, "sitecustomize.py", f"""\
        import builtins, os
        real_open = builtins.open
        def open(file, mode="r", *args, **kwargs):
            if set(mode) & set("wax+") and ".building-" in str(file):
                raise OSError({code}, os.strerror({code}), str(file))
            return real_open(file, mode, *args, **kwargs)
        builtins.open = open
    """)
    return folder


def test_disk_full_during_the_build_is_one_chinese_line(repo, dest, tmp_path):
    fake_releases(dest, ["20260101T000000Z"])
    before = live(dest)
    result = publish(repo, "publish", str(dest), pythonpath=failing_writes(tmp_path / "full", errno.ENOSPC))
    folder = dest.with_name("site.releases")
    assert_refused(result, "磁盘已满", f"在 {folder} 中写入时没有剩余空间", f"df -h {folder}")
    assert result.stderr.strip().count("\n") == 0, result.stderr            # one line
    assert "No space left" not in result.stderr and "Errno" not in result.stderr
    assert live(dest) == before
    assert everything(dest) == ["site", "site.releases", "releases/.lock", "releases/20260101T000000Z"]


def test_a_system_error_in_the_build_is_told_without_a_traceback(repo, dest, tmp_path):
    fake_releases(dest, ["20260101T000000Z"])
    before = live(dest)
    result = publish(repo, "publish", str(dest), pythonpath=failing_writes(tmp_path / "eio", errno.EIO))
    assert_refused(result, "出错：读写磁盘出错", str(dest.with_name("site.releases") / ".building-"), "构建失败")
    assert "Errno" not in result.stderr and os.strerror(errno.EIO) not in result.stderr
    assert live(dest) == before
    assert releases(dest) == ["20260101T000000Z"]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_disk_full_while_switching_is_one_chinese_line(repo, dest, code):
    fake_releases(dest, ["20260101T000000Z"], complete=True)
    before = live(dest)
    result = publish_quickly(repo, "publish", str(dest), patch=f"""
        os.symlink = lambda src, dst, *args, **kwargs: fail({code}, dst)
    """)
    first = "磁盘已满" if code == errno.ENOSPC else "磁盘配额已用完"
    assert_refused(result, first, f"写入 {dest.parent}/.site.switch-", f"请清理 {dest.parent} 所在的磁盘")
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert os.strerror(code) not in result.stderr
    assert live(dest) == before


# Failures the system may report at each step, none of which the old messages put in Chinese.
OS_ERRORS = {
    "the lock": ("""
        real_open = open
        def open(file, *args, **kwargs):
            return fail(errno.EIO, file) if str(file).endswith(".lock") else real_open(file, *args, **kwargs)
        script.open = open
    """, "读写磁盘出错", "site.releases/.lock"),
    "the releases' folder": ("""
        real_mkdir = os.mkdir
        os.mkdir = lambda path, *args, **kwargs: fail(errno.ENOTDIR, path) if str(path).endswith(
            "site.releases") else real_mkdir(path, *args, **kwargs)
    """, "路径中的某一级不是目录", "www/site.releases"),
    "moving the build in place": ("""
        os.rename = lambda src, dst, *args, **kwargs: fail(errno.EXDEV, src)
    """, "不能跨文件系统移动", "site.releases/.building-"),
    "the switch": ("""
        os.replace = lambda src, dst, *args, **kwargs: fail(errno.ENOTEMPTY, dst)
    """, "目录不是空的", "www/site"),
    "making the build durable": ("""
        def fsync(fd):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        os.fsync = fsync
    """, "读写磁盘出错", "site.releases/.building-"),
}


@pytest.mark.parametrize("step", OS_ERRORS)
def test_system_errors_are_told_in_chinese_with_the_path(repo, dest, step):
    patch, reason, path = OS_ERRORS[step]
    if step == "the releases' folder":
        dest.mkdir()                                            # a first publish
    else:
        fake_releases(dest, ["20260101T000000Z"], complete=True)
    before = live(dest) if dest.is_symlink() else None
    result = publish_quickly(repo, "publish", str(dest), patch=patch)
    assert_refused(result, "时出错：", reason, path)
    for code in (errno.EIO, errno.ENOTDIR, errno.EXDEV, errno.ENOTEMPTY):
        assert os.strerror(code) not in result.stderr
    if before:
        assert live(dest) == before
        assert releases(dest) == ["20260101T000000Z"]


def test_a_file_where_the_releases_belong_is_explained(repo, dest):
    dest.mkdir()
    releases_file = write(dest.parent, "site.releases", "不知是谁放的文件")
    for command in ("publish", "list"):
        result = publish(repo, command, str(dest))
        message = result.stdout + result.stderr
        assert result.returncode == 1, message
        assert f"{releases_file} 是一个文件，不是目录" in message
        assert f"mv {releases_file} {releases_file}.old" in message
        assert "File exists" not in message and "Traceback" not in message
        assert ("线上网站未改动" in message) == (command == "publish")
    assert releases_file.read_text(encoding="utf-8") == "不知是谁放的文件"
    assert dest.is_dir() and not dest.is_symlink()


def test_invalid_profile_leaves_the_live_site_untouched(repo, dest):
    fake_releases(dest, ["20260101T000000Z"])
    before = live(dest)
    write(repo, "profiles/people/ce-shiren.md", "---\nname: 测试人\nbirth: 1930年\n---\n正文\n")
    result = publish(repo, "publish", str(dest))
    assert_refused(result, "profiles/people/ce-shiren.md", "档案检查未通过")
    assert live(dest) == before
    assert releases(dest) == ["20260101T000000Z"]             # no half-built release left behind
    assert sorted(p.name for p in dest.parent.iterdir()) == ["site", "site.releases"]


def test_failed_build_leaves_the_live_site_untouched(repo, dest):
    fake_releases(dest, ["20260101T000000Z"])
    before = live(dest)
    index = repo / "docs" / "about.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[断链](people/no-such-person.md)\n", encoding="utf-8")
    result = publish(repo, "publish", str(dest))
    assert_refused(result, "no-such-person", "构建失败")
    assert live(dest) == before
    assert releases(dest) == ["20260101T000000Z"]
    assert not [p for p in dest.with_name("site.releases").iterdir() if p.name.startswith(".building")]


def test_a_page_with_an_outside_image_is_not_published(repo, dest):
    # Profiles with outside images fail validation (E304); hand-written pages are caught here.
    fake_releases(dest, ["20260101T000000Z"])
    before = live(dest)
    home = repo / "docs" / "about.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n![照片](https://cdn.example.org/tu.jpg)\n",
                    encoding="utf-8")
    result = publish(repo, "publish", str(dest))
    assert_refused(result, "about/index.html: https://cdn.example.org/tu.jpg", "站外")
    assert live(dest) == before
    assert releases(dest) == ["20260101T000000Z"]


def test_refuses_a_directory_it_did_not_publish(repo, dest):
    write(dest, "index.html", OLD_HOME)
    result = publish(repo, "publish", str(dest))
    assert_refused(result, "不是本工具发布的网站", f"mv {dest} {dest}.old")
    assert (dest / "index.html").read_text(encoding="utf-8") == OLD_HOME
    assert not dest.is_symlink()
    assert_refused(publish(repo, "rollback", str(dest)), "不是本工具发布的网站")


def test_refuses_a_symlink_it_did_not_make(repo, dest, tmp_path):
    write(tmp_path, "elsewhere/index.html", OLD_HOME)
    dest.symlink_to(tmp_path / "elsewhere")
    assert_refused(publish(repo, "publish", str(dest)), "不是本工具发布的网站")
    assert os.readlink(dest) == str(tmp_path / "elsewhere")


def test_missing_dest_and_concurrent_publish_are_explained(repo, dest):
    assert_refused(publish(repo, "publish", ""), "make publish DEST=")
    assert_refused(publish(repo, "rollback", ""), "make rollback DEST=")
    fake_releases(dest, ["20260101T000000Z"])
    with open(dest.with_name("site.releases") / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        assert_refused(publish(repo, "publish", str(dest)), "另一个发布或回退正在进行")
    assert releases(dest) == ["20260101T000000Z"]


def test_wrong_commands_and_an_address_without_scheme_are_explained_in_chinese(repo, dest):
    for args in ((), ("pubish", str(dest)), ("publish", str(dest), "extra")):
        result = publish(repo, *args)
        assert result.returncode == 2
        assert "用法" in result.stderr and "make publish  DEST=" in result.stderr
        assert "usage" not in result.stderr and "error:" not in result.stderr
    helped = publish(repo, "--help")
    assert helped.returncode == 0 and "make rollback DEST=" in helped.stdout
    dest.mkdir()
    env = {**ENV, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "SITE_URL": "archive.example.internal"}
    no_scheme = subprocess.run([str(BIN / "python"), "scripts/publish.py", "publish", str(dest)], cwd=repo, env=env,
                               capture_output=True, text=True, timeout=600)
    assert_refused(no_scheme, "SITE_URL（archive.example.internal）不是完整的网址", "http://")
    assert releases(dest) == [] and not dest.is_symlink()


def test_makefile_targets_pass_dest(tmp_path):
    """`make publish` without DEST explains itself (and `make -n` shows what runs)."""
    root = Path(__file__).resolve().parent.parent
    shown = subprocess.run(["make", "-n", "publish", "DEST=/srv/x/site"], cwd=root, capture_output=True, text=True)
    assert "scripts/publish.py publish '/srv/x/site'" in shown.stdout, shown.stdout + shown.stderr
    shown = subprocess.run(["make", "-n", "rollback", "DEST=/srv/x/site"], cwd=root, capture_output=True, text=True)
    assert "scripts/publish.py rollback '/srv/x/site'" in shown.stdout, shown.stdout + shown.stderr
    # make itself would run $(shell …) while expanding DEST, even with -n; the shell, "; …"
    marker = tmp_path / "ran"
    dest = f"/srv/x's\"; touch {marker}; \"$(shell touch {marker})"
    shown = subprocess.run(["make", "-n", "publish", f"DEST={dest}"], cwd=root, capture_output=True, text=True)
    assert not marker.exists()
    assert "scripts/publish.py publish '" + dest.replace("'", "'\\''") + "'" in shown.stdout, shown.stdout


# ---------------------------------------------------------------- reproducible builds

def test_two_builds_of_the_same_sources_are_byte_identical(site_url_builds):
    a, b = site_url_builds
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    differ = [f for f in files_a if (a / f).read_bytes() != (b / f).read_bytes()]
    assert differ == []


def test_dates_come_from_source_date_epoch_and_urls_from_site_url(site_url_builds):
    site = site_url_builds[0]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}people/tu-youyou/</loc>" in sitemap
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {"2026-11-23"}
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed).decode("utf-8") == sitemap
    stamp = int.from_bytes(packed[4:8], "little")                  # the gzip header's time
    assert stamp <= int(SOURCE_DATE_EPOCH)
    person = (site / "people" / "tu-youyou" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}people/tu-youyou/">' in person
