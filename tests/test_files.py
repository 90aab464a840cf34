"""Profiles and photos are read only from regular files (hooks/archive/runtime/files.py)."""
from __future__ import annotations

import os
import subprocess

from archive import load_archive
from conftest import BIN, ENV, VALID_PERSON, copy_repo, write

LINK = "E018 这是符号链接，不是普通文件"


def found(root) -> list[str]:
    return [p.format() for p in load_archive(root).problems]


def test_a_profile_linked_to_a_device_is_refused_without_reading_it(scratch):
    os.symlink("/dev/zero", scratch / "profiles/people/ling.md")     # read, it never ends
    assert found(scratch) == [f"profiles/people/ling.md: {LINK}：档案和图片只读取普通文件。"
                              "把实际的文件复制到这里，删除链接；网站不会读取或发布链接指向的内容。"]


def test_a_profile_linked_to_a_file_outside_is_refused(scratch, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text(VALID_PERSON.replace("测试人", "外部人"), encoding="utf-8")
    os.symlink(outside, scratch / "profiles/people/wai-bu.md")
    archive = load_archive(scratch)
    assert "wai-bu" not in archive.entities                          # so never published
    assert [p.format().split("：")[0] for p in archive.problems] == [f"profiles/people/wai-bu.md: {LINK}"]


def test_a_pipe_and_a_linked_folder_are_refused(scratch, tmp_path_factory):
    os.mkfifo(scratch / "profiles/people/guan-dao.md")               # read, it would wait forever
    folder = tmp_path_factory.mktemp("folder")
    write(folder, "ce-shi.md", VALID_PERSON)
    os.symlink(folder, scratch / "profiles/groups")
    assert [p.split("：")[0] for p in found(scratch)] == [
        "profiles/groups: E018 这是符号链接，不是普通文件",
        "profiles/people/guan-dao.md: E018 这是管道，不是普通文件"]


def test_a_linked_photo_is_refused_and_not_published(tmp_path):
    root = copy_repo(tmp_path)
    (root / "profiles/media").mkdir(exist_ok=True)
    os.symlink("/etc/passwd", root / "profiles/media/passwd.png")
    checked = subprocess.run([str(BIN / "python"), "scripts/check.py"], cwd=root, env=ENV,
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 1
    assert f"profiles/media/passwd.png: {LINK}" in checked.stdout
    built = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env=ENV,
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 1 and "E018" in built.stderr and "Traceback" not in built.stderr
    assert not (root / "site/media/passwd.png").exists()
