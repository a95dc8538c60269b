"""Awkward files: every one gets one clear line, the run lints what it can, and exits 2 only
when nothing could be linted. No traceback, no hang, bounded memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from awesome_lint import files
from awesome_lint.report import FileProblem

ENTRY = "- [Janus: Decoupling](https://arxiv.org/abs/2410.13848) (Nov. 2024, arXiv)"
# date-arxiv-id points at the date: column 58 on the entry's line, whatever precedes the line.
FINDING_COLUMN = 58
MB = 1024 * 1024


def _run(cwd: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_"))}
    return subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--offline", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def _awkward_folder(folder: Path) -> dict[str, str]:
    """Write the awkward files; return {name: what its one line must say} for the unlintable."""
    folder.mkdir(exist_ok=True)
    (folder / "empty.md").write_bytes(b"")
    (folder / "binary.md").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.md").write_bytes(
        "- [Café](https://arxiv.org/abs/2410.13848)\n".encode("latin-1")
    )
    (folder / "utf16.md").write_bytes((ENTRY + "\n").encode("utf-16"))
    (folder / "utf16-no-bom.md").write_bytes((ENTRY + "\n").encode("utf-16-le"))
    (folder / "bom.md").write_bytes(b"\xef\xbb\xbf# List\n" + ENTRY.encode() + b"\n")
    (folder / "crlf.md").write_bytes(("# List\r\n" + ENTRY + "\r\n").encode())
    (folder / "mixed.md").write_bytes(("# List\r" + ENTRY + "\n\r\nend\r\n").encode())
    long_title = "Long " * 20_000  # a 100,000-character line
    (folder / "long-line.md").write_text(
        "# List\n" + ENTRY.replace("Janus: Decoupling", long_title) + "\n", encoding="utf-8"
    )
    nested = "".join("  " * depth + f"- item {depth}\n" for depth in range(1_000))
    quoted = "".join(
        ">" * depth + " - [x](https://arxiv.org/abs/2410.13848)\n" for depth in range(1_000)
    )
    brackets = "[" * 20_000 + "x" + "]" * 20_000 + "(" * 20_000 + "\n"
    (folder / "deeply-nested.md").write_text(
        "# List\n" + ENTRY + "\n\n" + nested + quoted + brackets, encoding="utf-8"
    )
    with open(folder / "huge.md", "wb") as handle:  # 50 MB, sparse: cheap to make
        handle.truncate(50 * MB)
    loop = folder / "loop"
    loop.mkdir()
    (loop / "up").symlink_to("..")  # a folder symlink loop: walked once, not forever
    (loop / "a.md").symlink_to("b.md")
    (loop / "b.md").symlink_to("a.md")
    (folder / "broken.md").symlink_to("nowhere.md")
    os.mkfifo(folder / "pipe.md")  # reading it would block forever
    return {
        "binary.md": "looks binary (it holds NUL bytes): not linted",
        "latin1.md": "is not valid UTF-8 (byte 0xe9 at offset 6): save it as UTF-8 to lint it",
        "utf16.md": "is UTF-16: save it as UTF-8 to lint it",
        "utf16-no-bom.md": "looks like UTF-16 without a BOM: save it as UTF-8 to lint it",
        "huge.md": "is 50.0 MB, over the 20 MB limit (--max-file-size): not read",
        "loop/a.md": "is a symbolic link loop: not read",
        "loop/b.md": "is a symbolic link loop: not read",
        "broken.md": "is a broken symbolic link",
        "pipe.md": "is not a regular file (a pipe, socket or device): not read",
        "missing.md": "no such file or folder",
    }


def test_every_awkward_file_gets_one_clear_line_and_the_rest_is_linted(tmp_path: Path) -> None:
    expected = _awkward_folder(tmp_path / "lists")
    started = time.monotonic()
    result = _run(tmp_path / "lists", ".", "missing.md", timeout=120)
    elapsed = time.monotonic() - started
    assert "Traceback" not in result.stderr and result.stderr == ""
    lines = result.stdout.splitlines()
    for name, message in expected.items():
        mine = [line for line in lines if line.startswith(f"{name}: ")]
        assert mine == [f"{name}: error: {message}"], (name, lines[:40])
    # The readable files are linted, each finding on the entry's line and column: BOM, CRLF
    # and a lone CR neither hide the entry nor shift its columns.
    for name in ("bom.md", "crlf.md", "mixed.md", "deeply-nested.md"):
        assert f"{name}:2:{FINDING_COLUMN}: error date-arxiv-id" in result.stdout, name
    assert f"long-line.md:2:{FINDING_COLUMN + 100_000 - len('Janus: Decoupling')}:" in result.stdout
    assert "10 files could not be checked." in result.stdout
    assert result.returncode == 1  # findings in the files that could be read: not 2
    assert elapsed < 60

    as_json = _run(tmp_path / "lists", "--format", "json", ".", timeout=120)
    report = json.loads(as_json.stdout)
    assert {p["path"]: p["message"] for p in report["summary"]["file_problems"]} == {
        name: message for name, message in expected.items() if name != "missing.md"
    }
    problems = [line for line in as_json.stderr.splitlines() if line.startswith("awesome-lint: ")]
    assert len(problems) == 9 and all(": " in line for line in problems)


def test_exit_2_only_when_nothing_could_be_linted(tmp_path: Path) -> None:
    expected = _awkward_folder(tmp_path / "lists")
    unreadable = [name for name in expected if name != "missing.md"]
    result = _run(tmp_path / "lists", *unreadable, "missing.md")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == len(expected) + 1  # + "10 files could not ..."
    # One readable file: the others are still errors, as ruff counts them (1, not 2 or 0).
    assert _run(tmp_path / "lists", "empty.md", *unreadable).returncode == 1


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
def test_the_size_limit_stops_a_file_before_it_is_read(tmp_path: Path) -> None:
    """A 50 MB file costs no memory: the run's peak stays far below the file's size."""
    (tmp_path / "huge.md").write_bytes((ENTRY + "\n").encode() * (50 * MB // (len(ENTRY) + 1)))
    (tmp_path / "small.md").write_text(ENTRY + "\n", encoding="utf-8")
    # VmHWM: this process image's peak (ru_maxrss would count the forking test process too).
    code = (
        "import re, sys; from awesome_lint.cli import main; code = main(sys.argv[1:]);"
        "peak = re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1);"
        "print('PEAK', int(peak) // 1024, code, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "--offline", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "huge.md: error: is 50.0 MB, over the 20 MB limit (--max-file-size): not read" in (
        result.stdout
    )
    assert "small.md:1:58: error date-arxiv-id" in result.stdout
    peak = int(result.stderr.split("PEAK ")[1].split()[0])  # MiB
    assert peak < 120, f"peak memory {peak} MiB for a run that must not read the 50 MB file"

    (tmp_path / "medium.md").write_bytes(b"x" * (2 * MB))
    limited = _run(tmp_path, "--max-file-size", "1.5", "medium.md", "small.md")
    assert "medium.md: error: is 2.0 MB, over the 1.5 MB limit" in limited.stdout
    assert "small.md:1:58" in limited.stdout and limited.returncode == 1
    bad = _run(tmp_path, "--max-file-size", "none", "small.md")
    assert bad.returncode == 2 and "--max-file-size: must be a number of megabytes" in bad.stderr


def test_a_file_growing_past_the_limit_while_read_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "grows.md"
    path.write_bytes(b"x" * 100)
    real_stat = Path.stat

    def small_stat(self: Path, **kwargs: object) -> os.stat_result:
        info = real_stat(self)
        if self == path:  # as if the file was 10 bytes when asked, and grew after
            return os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))
        return info

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "stat", small_stat)
        problem = files.read(path, max_bytes=50)
    assert isinstance(problem, FileProblem) and "over the" in problem.message


def test_an_unreadable_file_is_named_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.md"
    path.write_text(ENTRY + "\n", encoding="utf-8")
    if os.geteuid() != 0:  # as root, permissions do not stop a read: simulate it below
        path.chmod(0)
        problem = files.read(path)
        path.chmod(0o644)
    else:
        real_open = Path.open

        def refuse(self: Path, *args: object, **kwargs: object) -> object:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", refuse)
        problem = files.read(path)
    assert isinstance(problem, FileProblem)
    assert problem.message == "cannot be read: permission denied"


def test_a_symbolic_link_is_shown_by_its_own_name(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text(ENTRY + "\n", encoding="utf-8")
    (tmp_path / "alias.md").symlink_to("real.md")
    (tmp_path / "loop.md").symlink_to("loop.md")
    assert files.display_path(tmp_path / "loop.md").endswith("loop.md")
    result = _run(tmp_path, "alias.md", "loop.md")
    assert "alias.md:1:58: error date-arxiv-id" in result.stdout
    assert "loop.md: error: is a symbolic link loop" in result.stdout  # not "broken"
