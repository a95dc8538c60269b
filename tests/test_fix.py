"""--fix: atomic, idempotent, byte-faithful; --diff writes nothing."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from awesome_lint import files, fix
from conftest import LISTS, offline_cli

UNIFIED = LISTS / "awesome-unified-understanding-and-generation.md"
POST = LISTS / "awesome-umm-post-training.md"


def test_fix_twice_gives_the_same_bytes_as_once(tmp_path: Path) -> None:
    for source in (UNIFIED, POST):
        shutil.copy(source, tmp_path / source.name)
    first = offline_cli(tmp_path, "--fix", ".")
    once = {p.name: p.read_bytes() for p in tmp_path.glob("*.md")}
    second = offline_cli(tmp_path, "--fix", ".")
    twice = {p.name: p.read_bytes() for p in tmp_path.glob("*.md")}
    assert once == twice
    assert once[UNIFIED.name] != UNIFIED.read_bytes()
    text = once[UNIFIED.name].decode()
    assert "arxiv.org/pdf" not in text and "www.arxiv.org" not in text
    assert not re.search(r"arxiv\.org/abs/[\d.]+v\d", text)
    assert "(Jun. 2025, arXiv)" in text and "(May. 2024, arXiv)" in text
    assert "Vision Experts and Token Folding" in text
    assert "\n  + [TokenFlow:" in text
    assert "img.shields.io/github/stars/wusize/Harmon.svg?style=social&label=Star" in text
    assert "📊 UniBench" in once[POST.name].decode()
    # What --fix cannot fix stays, and the second run has nothing left to fix.
    assert "duplicate-arxiv-id" in first.stdout and "fixable" not in second.stdout


def test_fix_changes_only_the_bytes_of_its_edits(tmp_path: Path) -> None:
    shutil.copy(POST, tmp_path / POST.name)
    offline_cli(tmp_path, "--fix", POST.name)
    before = POST.read_bytes().split(b"\n")
    after = (tmp_path / POST.name).read_bytes().split(b"\n")
    assert len(before) == len(after)
    changed = [i + 1 for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [19, 25]


@pytest.mark.parametrize(("newline", "bom"), [("\r\n", False), ("\n", True), ("\r\n", True)])
def test_line_endings_and_bom_survive(tmp_path: Path, newline: str, bom: bool) -> None:
    text = UNIFIED.read_text("utf-8").replace("\n", newline)
    path = tmp_path / "list.md"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    offline_cli(tmp_path, "--fix", "list.md")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") is bom
    body = data[3:] if bom else data
    if newline == "\r\n":
        assert body.count(b"\r\n") == body.count(b"\n")  # every line still CRLF
    assert body.endswith(newline.encode()) is text.endswith(newline)
    assert b"(Jun. 2025, arXiv)" in body


def test_mixed_line_endings_are_kept_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.md"
    path.write_bytes(
        b"- [A: b](https://arxiv.org/pdf/2410.13848) (Oct. 2024, arXiv)\r\n"
        b"- [C: d](https://arxiv.org/pdf/2410.13861) (Oct. 2024, arXiv)\n"
    )
    offline_cli(tmp_path, "--fix", "mixed.md")
    assert path.read_bytes() == (
        b"- [A: b](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\r\n"
        b"- [C: d](https://arxiv.org/abs/2410.13861) (Oct. 2024, arXiv)\n"
    )


def test_diff_prints_and_writes_nothing(tmp_path: Path) -> None:
    shutil.copy(POST, tmp_path / POST.name)
    result = offline_cli(tmp_path, "--diff", POST.name)
    assert (tmp_path / POST.name).read_bytes() == POST.read_bytes()
    assert "-+ [UniRL" in result.stdout and "++ [UniRL" in result.stdout
    assert "https://arxiv.org/abs/2505.23380)" in result.stdout
    assert result.returncode == 1


def test_refuses_to_write_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text("- [A: b](https://arxiv.org/pdf/2410.13848)\n")
    source = files.read(path)
    assert isinstance(source, files.SourceFile)
    path.write_text("- [A: b](https://arxiv.org/pdf/2410.13848)\n- someone else's line\n")
    with pytest.raises(fix.FileChanged):
        fix.write(source, source.text.replace("pdf", "abs"))
    assert "someone else's line" in path.read_text()


def test_write_is_atomic_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text("x\n")
    os.chmod(path, 0o640)
    source = files.read(path)
    assert isinstance(source, files.SourceFile)
    fix.write(source, "y\n")
    assert path.read_text() == "y\n" and (os.stat(path).st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["list.md"]  # no temporary file left


def test_overlapping_fixes_are_applied_one_at_a_time() -> None:
    from awesome_lint.findings import Edit, Fix

    a = Fix("a", (Edit(0, 5, "AAAAA"),))
    b = Fix("b", (Edit(3, 8, "BBBBB"),))
    c = Fix("c", (Edit(8, 9, "C"),))
    text, count = fix.apply("0123456789", [b, a, c])
    assert (text, count) == ("AAAAA567C9", 2)
