"""Publish the site to a web server's directory, atomically, and roll back.

    make publish  DEST=/srv/kaimo/site     (python scripts/publish.py publish  DEST)
    make rollback DEST=/srv/kaimo/site     (python scripts/publish.py rollback DEST)
    python scripts/publish.py list DEST    show the kept releases

On the server, DEST is a symlink to the current release; the releases live beside it:

    /srv/kaimo/site           -> site.releases/20261123T104400Z-1a2b3c4
    /srv/kaimo/site.releases/ 20261122T090000Z-0f9e8d7/  20261123T104400Z-1a2b3c4/  …

`publish` validates the profiles, builds with `mkdocs build --strict` into a new release
directory, checks that no page loads anything from outside the site, then replaces the symlink
in one rename (readers see the old site or the new one, never a mixture or a gap) and keeps the
newest KEEP releases. Any failure before the switch leaves the live site as it was.
`rollback` points DEST at the release before the current one and deletes the abandoned one
(builds are reproducible: publishing the same commit again gives the same files).

A release is complete only if it holds the marker file MARKER, written and fsynced last, after
the build and every check succeeded; only complete releases are listed as such, kept, pruned or
switched to. A release is deleted by first renaming it out of the release pattern (.deleting-…)
and only then removing its files, so an interrupted delete never looks like a release. What a
killed run leaves (.building-…, .deleting-…, DEST's temporary .switch- link) is removed by the
next publish or rollback, under the lock.
"""
from __future__ import annotations

import calendar
import contextlib
import errno
import fcntl
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEEP = 5
RELEASE_RE = re.compile(r"^\d{8}T\d{6}Z(?:-[0-9a-z]+)*$")
STAMP = "%Y%m%dT%H%M%SZ"
BUILDING = ".building-"
DELETING = ".deleting-"
MARKER = ".release-complete"         # in a release: written last, so only a complete release has it


class PublishError(Exception):
    """A problem to tell the publisher, in Chinese, without a traceback."""


class DiskFull(PublishError):
    """No space left: said on one line, with where."""

    def __init__(self, path: str | os.PathLike | None, quota: bool = False):
        self.path, self.quota = path, quota
        super().__init__(path)


def _with_path(e: OSError, path: Path) -> OSError:
    """`e` naming `path` (errors from file descriptors name nothing)."""
    return e if e.filename else OSError(e.errno, e.strerror, str(path))


def _fsync(path: Path) -> None:
    """Make `path` (a file, or a directory's entries) durable."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as e:
        # Some file systems cannot fsync a directory, and a directory may be writable but not
        # readable: its entries are then left to the system to write, as before.
        if e.errno in (errno.EINVAL, errno.EOPNOTSUPP, errno.EACCES, errno.EPERM) and path.is_dir():
            return
        raise _with_path(e, path) from None


# ---------------------------------------------------------------- what the pages load

sys.path.insert(0, str(ROOT / "hooks"))
from archive.outputs.outside import outside_resources  # noqa: E402  (read with an HTML5 parser)


# ---------------------------------------------------------------- the server's directory

class Target:
    """DEST (the served path, a symlink) and the releases beside it."""

    def __init__(self, dest: str, command: str = "publish"):
        if not dest or not dest.strip():
            example = f"make {command} DEST=" if command != "list" else "python scripts/publish.py list "
            raise PublishError(f"请用 DEST 指定发布目录（nginx 的 root），例如：{example}/srv/kaimo/site")
        self.dest = Path(os.path.abspath(os.path.expanduser(dest.strip())))   # never resolve: DEST is a symlink
        if self.dest == self.dest.parent:
            raise PublishError(f"发布目录不能是 {self.dest}：请指定一个专用目录，例如 /srv/kaimo/site")
        self.releases = self.dest.with_name(self.dest.name + ".releases")
        if not self.dest.parent.is_dir():
            raise PublishError(f"上级目录 {self.dest.parent} 不存在。请检查 DEST 是否写错；"
                               f"如确是新目录，先创建它：mkdir -p {self.dest.parent}")

    def check_releases(self) -> None:
        """DEST.releases must be a directory (or not exist yet)."""
        r = self.releases
        if r.is_symlink() and not r.exists():
            raise PublishError(f"{r} 是指向 {os.readlink(r)} 的符号链接，但链接的目标不存在。本工具把网站的各个版本放在 {r}/ 中。\n"
                               f"请检查链接是否写错：修正它，或删除它（rm {r}）后重新运行。")
        if r.exists() and not r.is_dir():
            raise PublishError(f"{r} 是一个文件，不是目录。本工具把网站的各个版本放在 {r}/ 中，因此需要这个名字。\n"
                               f"请查看这个文件是什么；如不需要，把它移走（mv {r} {r}.old）后重新运行。")

    def _pointed(self) -> str | None:
        """The name of the release DEST points to, without judging anything else."""
        if not self.dest.is_symlink():
            return None
        target = Path(os.path.normpath(self.dest.parent / os.readlink(self.dest)))
        return target.name if target.parent == self.releases and RELEASE_RE.match(target.name) else None

    def states(self) -> dict[str, bool]:
        """Every directory named like a release, and whether it is complete.

        Complete: it holds MARKER. Releases published before the marker existed have none; such a
        release counts as complete if DEST points to it (readers are being served it), or if it is
        older than every marked release (older than the current one while none is marked) and
        holds index.html: a release made by the old code before the upgrade. An unmarked release
        newer than that is a stray directory or the rest of an old, interrupted delete."""
        self.check_releases()
        if not self.releases.is_dir():
            return {}
        dirs = sorted(p.name for p in self.releases.iterdir() if RELEASE_RE.match(p.name) and p.is_dir())
        marked = {n for n in dirs if (self.releases / n / MARKER).is_file()}
        current = self._pointed()
        before = min(marked) if marked else current       # releases older than this predate the marker
        return {n: n in marked or n == current
                or (before is not None and n < before and (self.releases / n / "index.html").is_file())
                for n in dirs}

    def names(self) -> list[str]:
        """The complete releases, oldest first."""
        return [n for n, complete in self.states().items() if complete]

    def current(self) -> str | None:
        """The release DEST points to; None if DEST is absent or an empty directory."""
        dest = self.dest
        if dest.is_symlink():
            target = Path(os.path.normpath(dest.parent / os.readlink(dest)))
            if target.parent == self.releases and RELEASE_RE.match(target.name):
                return target.name          # even if someone deleted it: publishing repairs that
            raise PublishError(
                f"{dest} 是指向 {os.readlink(dest)} 的符号链接，不是本工具发布的网站，为避免覆盖，已停止。\n"
                f"如要改由本工具发布，先删除这个链接（rm {dest}），再运行 make publish DEST={dest}。")
        if not dest.exists():
            return None
        if dest.is_dir() and not any(dest.iterdir()):
            return None
        kind = "目录" if dest.is_dir() else "文件"
        raise PublishError(
            f"{dest} 是一个已有内容的普通{kind}，不是本工具发布的网站，为避免覆盖，已停止。\n"
            f"本工具把 {dest} 做成指向 {self.releases}/ 中某个版本的符号链接，以便一步切换和回退。迁移方法（二选一）：\n"
            f"  1. 先把旧内容移走再发布（发布需要几十秒，其间网站不可访问）：\n"
            f"       mv {dest} {dest}.old && make publish DEST={dest}\n"
            f"     确认新网站正常后删除 {dest}.old。\n"
            f"  2. 不中断访问：发布到新路径（make publish DEST={dest.parent / 'kaimo-site'}），"
            f"再把 nginx 配置中的 root 改为该路径并执行 nginx -s reload。")

    @contextlib.contextmanager
    def locked(self):
        self.check_releases()
        self.releases.mkdir(parents=True, exist_ok=True)
        path = self.releases / ".lock"
        with open(path, "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise PublishError(f"另一个发布或回退正在进行（{self.releases}）。请等它结束后再试。") from None
            except OSError as e:
                raise _with_path(e, path) from None
            yield

    def _switch_link(self, pid: int | str) -> Path:
        return self.dest.with_name(f".{self.dest.name}.switch-{pid}")

    def clean_leftovers(self) -> None:
        """Remove what killed runs left: half-built and half-deleted releases, DEST's temporary link.
        Only under the lock: then no other publish or rollback of DEST is running."""
        for path in sorted(self.releases.iterdir()):
            if path.name.startswith((BUILDING, DELETING)):
                self._delete(path)
        prefix = self._switch_link("").name
        for path in sorted(self.dest.parent.iterdir()):
            if path.name.startswith(prefix) and path.is_symlink():
                try:
                    path.unlink()
                except OSError as e:
                    print(f"提示：无法删除上次中断留下的临时链接：{describe(e)}。它不影响网站，可手工删除。")

    switched_to: str | None = None     # set once DEST points to another release
    step: str | None = None            # what is being done, for a system error's message

    def switch(self, name: str) -> None:
        """Point DEST at release `name` in one atomic rename."""
        link = self._switch_link(os.getpid())
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        link.symlink_to(os.path.relpath(self.releases / name, self.dest.parent))
        if self.dest.is_dir() and not self.dest.is_symlink():
            self.dest.rmdir()               # the empty directory checked by current()
        os.replace(link, self.dest)
        self.switched_to = name
        _fsync(self.dest.parent)

    def seal(self, staging: Path) -> None:
        """Make the built release durable, then write MARKER, last, and make that durable too."""
        def fail(e: OSError):
            raise e
        for folder, _, files in os.walk(staging, onerror=fail):
            for file in files:
                _fsync(Path(folder) / file)
            _fsync(Path(folder))
        marker = staging / MARKER
        marker.touch()
        _fsync(marker)
        _fsync(staging)

    def remove(self, name: str) -> bool:
        """Delete release `name`: renamed out of the release pattern first, so that an interrupted
        delete leaves a .deleting- directory (removed by the next run), never a half release.
        False if it is still there (said as a hint: the live site is not concerned)."""
        doomed = self.releases / f"{DELETING}{name}-{os.getpid()}-{time.time_ns()}"
        try:
            os.rename(self.releases / name, doomed)
            _fsync(self.releases)
        except FileNotFoundError:
            return True
        except OSError as e:
            print(f"提示：未能删除版本 {name}：{describe(e)}。它仍保留在 {self.releases} 中，不影响网站，可手工删除。")
            return False
        self._delete(doomed)
        return True

    def _delete(self, path: Path) -> None:
        """Best effort: what is left is tried again by the next run."""
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except FileNotFoundError:
            pass
        except OSError as e:
            print(f"提示：未能删除 {path}：{describe(e)}。它不影响网站，下次发布或回退时会再删除，也可手工删除。")


# ---------------------------------------------------------------- build

def _git(*args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def build_env() -> dict:
    """The environment of a reproducible build: dates from the last commit (SOURCE_DATE_EPOCH)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if not env.get("SOURCE_DATE_EPOCH"):
        epoch = _git("log", "-1", "--format=%ct")
        if epoch:
            env["SOURCE_DATE_EPOCH"] = epoch
        else:
            env.pop("SOURCE_DATE_EPOCH", None)
            print("提示：无法从 git 读取最后一次提交的时间，网站中的日期取当前时间（同一内容两次构建的结果会不同）；"
                  "可设置 SOURCE_DATE_EPOCH 指定。")
    return env


# Material fetches repository facts (stars, version) from these hosts' APIs in every reader's browser.
_FACTS_HOST = re.compile(r"^.+github\.com/|^.+?[^/]*gitlab[^/]+/.", re.I)


def check_site_url(env: dict) -> None:
    """Say before building what a site without its address lacks; refuse one that is no address."""
    url = env.get("SITE_URL", "")
    if not url:
        print("提示：未设置 SITE_URL（网站的正式地址）。这一版的页面和海报上没有二维码，订阅源 feed.xml 中的链接是相对地址，"
              "开放数据中没有完整网址，404 页按网站在域名根路径设置。发布到正式地址时请设置，如 "
              "SITE_URL=http://archive.example.internal/ make publish DEST=…（见 README“部署”）。")
    elif not re.match(r"https?://[^/\s]+", url):
        raise PublishError(f"SITE_URL（{url}）不是完整的网址：应以 http:// 或 https:// 开头，"
                           "如 SITE_URL=http://archive.example.internal/。未发布。")


def warn_about_repo_url(env: dict) -> None:
    if _FACTS_HOST.match(env.get("REPO_URL", "")):
        print(f"提示：REPO_URL（{env['REPO_URL']}）指向 GitHub 或 GitLab，读者的浏览器会向其 API 查询仓库信息，"
              "这是站外请求（scripts/nginx.conf 的 CSP 会拦截它）。内网发布时建议不设置 REPO_URL。")


def release_name(existing: list[str]) -> str:
    """UTC time and commit, later than every existing release (so sorting is chronological)."""
    now = time.time()
    if existing:
        last = calendar.timegm(time.strptime(existing[-1][:16], STAMP))
        now = max(now, last + 1)
    name = time.strftime(STAMP, time.gmtime(now))
    commit = _git("rev-parse", "--short=7", "HEAD")
    if commit:
        name += f"-{commit}"
        if _git("status", "--porcelain", "--untracked-files=no"):
            name += "-dirty"
    return name


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)


_TRACEBACK = "Traceback (most recent call last):"
_OS_ERROR = re.compile(r"\[Errno (\d+)\] [^\n]*?(?:: '([^'\n]*)')?$", re.M)   # OSError's str()
_GLUE = re.compile(r'^(?:\S*RemoteTraceback: *|"""|The above exception .*|During handling of .*)$')


def _failed(result: subprocess.CompletedProcess, what: str) -> str:
    """What a failed check or build printed, for the publisher; a crash is told in one Chinese line,
    without its traceback."""
    output = result.stdout + result.stderr
    for m in _OS_ERROR.finditer(output):
        if int(m.group(1)) in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull(m.group(2), quota=int(m.group(1)) == errno.EDQUOT)
    if os.strerror(errno.ENOSPC) in output:                # said without an errno
        raise DiskFull(None)
    if _TRACEBACK not in output:
        return f"{output}\n{what}"
    log = [line for line in output[:output.index(_TRACEBACK)].splitlines() if not _GLUE.match(line)]
    last = [line for line in output.splitlines() if line.strip()][-1]
    m = _OS_ERROR.search(last)
    if m:
        error = OSError(int(m.group(1)), os.strerror(int(m.group(1))), m.group(2))
        crash = f"出错：{describe(error)}"
    else:
        crash = f"程序出错：{last.strip()}（这是程序的问题，不是档案的问题；请把这一行告诉维护者）"
    return "\n".join([*log, crash, what])


def build(into: Path, env: dict) -> None:
    """Validate and build the site into the new directory `into`; PublishError on any problem."""
    if importlib.util.find_spec("mkdocs") is None:
        raise PublishError("找不到 mkdocs。请用 make publish 运行（会先安装锁定版本的依赖）。")
    check = _run([sys.executable, str(ROOT / "scripts" / "check.py")], env)
    if check.returncode != 0:
        raise PublishError(_failed(check, "档案检查未通过，未发布。"))
    built = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
                  "--site-dir", str(into)], env)
    if built.returncode != 0:
        raise PublishError(_failed(built, "构建失败（见上），未发布。"))
    for page in ("index.html", "404.html"):
        if not (into / page).is_file():
            raise PublishError(f"构建结果中没有 {page}，未发布。")
    outside = outside_resources(into)
    if outside:
        lines = "\n".join(f"  {line}" for line in outside[:20])
        more = f"\n  ……共 {len(outside)} 处" if len(outside) > 20 else ""
        raise PublishError(f"以下页面会让读者的浏览器访问站外地址（内网读者打不开）：\n{lines}{more}\n"
                           "请把图片等文件放进档案库（profiles/media/）后再发布。未发布。")


# ---------------------------------------------------------------- commands

def publish(target: Target) -> str:
    current = target.current()             # refuse before building if DEST is not ours
    env = build_env()
    check_site_url(env)
    warn_about_repo_url(env)
    target.step = "准备版本目录"
    with target.locked():
        target.clean_leftovers()
        names = target.names()
        name = release_name(names)
        while (target.releases / name).exists():               # an incomplete release of that name
            name = release_name([name])
        staging = target.releases / (BUILDING + name)
        try:
            print(f"正在检查并构建新版本 {name} ……")
            target.step = "构建新版本"
            build(staging, env)
            target.step = "保存新版本"
            target.seal(staging)                                # complete: only now
            staging.rename(target.releases / name)
            _fsync(target.releases)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        target.step = "切换网站"
        try:
            target.switch(name)
        except BaseException:
            if not target.switched_to:      # never live: not a release to roll back to later
                target.remove(name)
            raise
        target.step = "删除旧版本"
        kept = target.names()
        for old in kept[:-KEEP]:
            if old != name:
                target.remove(old)
    site_url = env.get("SITE_URL") or "（未设置：没有二维码，订阅源中是相对链接；见上面的提示）"
    previous = f"上一版本 {current} 保留，可用 make rollback DEST={target.dest} 回退" if current else "这是第一个版本"
    print(f"已发布：{target.dest} → {target.releases.name}/{name}\nSITE_URL：{site_url}\n{previous}；"
          f"共保留最近 {min(len(kept), KEEP)} 个版本。")
    return name


def rollback(target: Target) -> str:
    current = target.current()
    if current is None:
        raise PublishError(f"{target.dest} 还没有发布过网站，无法回退。")
    target.step = "准备版本目录"
    with target.locked():
        target.clean_leftovers()
        older = [n for n in target.names() if n < current]
        if not older:
            raise PublishError(f"当前版本 {current} 已是保留的最早版本，没有可回退的版本。")
        previous = older[-1]
        target.step = "切换网站"
        target.switch(previous)
        target.step = "删除回退前的版本"
        removed = target.remove(current)
    print(f"已回退：{target.dest} → {target.releases.name}/{previous}\n" + (
        f"已删除回退前的版本 {current}（重新发布同一提交可得到完全相同的网站）。" if removed else
        f"回退前的版本 {current} 未能删除（见上面的提示）。"))
    return previous


def list_releases(target: Target) -> None:
    target.step = "读取版本目录"
    current = target.current()
    states = target.states()
    if not any(states.values()):
        print(f"{target.dest} 还没有发布过网站。")
    for name, complete in states.items():
        note = "" if complete else "  （不完整：不会被发布或回退使用，可以删除）"
        print(f"{'→' if name == current else ' '} {name}{note}")


_ERRNO = {
    errno.EACCES: "没有权限（请用有写权限的用户运行，如网站目录的属主或 root）",
    errno.EPERM: "没有权限（请用有写权限的用户运行，如网站目录的属主或 root）",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "文件系统只读（请检查磁盘是否以只读方式挂载）",
    errno.ENOENT: "文件或目录不存在",
    errno.EEXIST: "已存在同名的文件或目录",
    errno.ENOTDIR: "路径中的某一级不是目录",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTEMPTY: "目录不是空的",
    errno.EIO: "读写磁盘出错（请检查磁盘和系统日志）",
    errno.ELOOP: "符号链接循环",
    errno.ENAMETOOLONG: "路径太长",
    errno.EMLINK: "目录中的子目录太多",
    errno.EBUSY: "正被占用",
    errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "系统打开的文件太多",
    errno.ENOMEM: "内存不足",
    errno.ENOLCK: "文件系统不支持加锁（请把网站目录放在本地磁盘上）",
    errno.EXDEV: "不能跨文件系统移动",
}


def describe(e: OSError) -> str:
    """`e` in Chinese, with the paths it names; never the English message alone."""
    reason = _ERRNO.get(e.errno)
    if reason is None:
        code = errno.errorcode.get(e.errno, "") if e.errno else ""
        reason = f"系统错误 {code}（{e.strerror or e}）" if code else f"系统错误（{e.strerror or e}）"
    paths = "、".join(str(p) for p in (e.filename, e.filename2) if p)
    return f"{reason}：{paths}" if paths else reason


def disk_full(e: DiskFull, target: Target | None) -> str:
    """One line: the disk is full, where, and what to do."""
    path = Path(e.path) if e.path else None
    first = "磁盘配额已用完" if e.quota else "磁盘已满"
    if target and (path is None or target.releases in path.parents):
        folder, at = target.releases, f"在 {target.releases} 中写入时没有剩余空间"
    else:
        folder = path.parent if path else Path.cwd()
        at = f"写入 {path} 时没有剩余空间" if path else f"{folder} 所在的磁盘没有剩余空间"
    return f"{first}：{at}。请清理 {folder} 所在的磁盘（df -h {folder} 可查看剩余空间）后重新运行。"


USAGE = """发布网站到服务器目录（一步切换）、回退到上一版本、列出保留的版本。DEST 是网站目录（nginx 的 root）：
  make publish  DEST=/srv/kaimo/site     检查档案、构建并发布新版本（python scripts/publish.py publish DEST）
  make rollback DEST=/srv/kaimo/site     回退到上一版本（python scripts/publish.py rollback DEST）
  python scripts/publish.py list DEST    列出保留的版本"""
COMMANDS = ("publish", "rollback", "list")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if not args or args[0] not in COMMANDS or len(args) > 2:
        print(("缺少命令。" if not args else f"无法识别：{' '.join(args)}。") + f"用法：\n{USAGE}", file=sys.stderr)
        return 2
    command, dest = args[0], args[1] if len(args) > 1 else ""
    os.umask(0o022)                          # the web server's user must be able to read the release
    target = None

    def state() -> str:
        if command == "list":
            return ""
        if target is not None and target.switched_to:
            return f"线上网站已切换：{target.dest} → {target.releases.name}/{target.switched_to}。"
        return "线上网站未改动。"

    try:
        target = Target(dest, command)
        {"publish": publish, "rollback": rollback, "list": list_releases}[command](target)
    except OSError as e:
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            print(disk_full(DiskFull(e.filename, e.errno == errno.EDQUOT), target) + state(), file=sys.stderr)
        else:
            doing = f"{target.step}时出错" if target is not None and target.step else "操作失败"
            print(f"{doing}：{describe(e)}\n{state()}".rstrip(), file=sys.stderr)
        return 1
    except DiskFull as e:
        print(disk_full(e, target) + state(), file=sys.stderr)
        return 1
    except PublishError as e:
        print(f"{e}\n{state()}".rstrip(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"已中断。{state()}", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
