"""Under ``--format github`` no file name, title or message can act as a workflow command:
every line a run prints that the runner would read as a command is an annotation of ours."""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from awesome_lint.cli import main
from awesome_lint.report.github import neutralize

# Ours: a known command, properties with escaped values only, then the escaped message.
_PROPERTY = r"(?:title|file|line|col|endLine|endColumn)=[^:,\r\n]*"
OURS = re.compile(rf"::(?:error|warning|notice) {_PROPERTY}(?:,{_PROPERTY})*::[^\r\n]*")
HOSTILE = st.sampled_from(
    ["::", "%", "\r", "\n", ",", ":", "stop-commands", "add-mask", "##[", " ", "a", "Z", "é"]
)
NAMES = st.lists(HOSTILE, min_size=1, max_size=8).map("".join)


def _unescape(value: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, char)
    return value


def _lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)  # the runner ends a line at CR as at LF


def _run(folder: Path, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    try:
        os.chdir(folder)
        with (
            mock.patch.dict(os.environ, environ, clear=True),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            main(["--offline", "--format", "github", *args])
    finally:
        os.chdir(here)
    return out.getvalue() + err.getvalue()


@settings(max_examples=40, deadline=None)
@given(names=st.lists(NAMES, min_size=1, max_size=3, unique=True), title=NAMES)
def test_every_command_line_is_an_annotation_of_ours(names: list[str], title: str) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        shown: set[str] = set()
        for index, stem in enumerate(names):
            name = f"{stem}{index}.md"
            path = folder / name
            if index == 1:  # unreadable: its name goes to stderr and to an annotation
                path.write_bytes(b"\xff\xfe" + "- x\n".encode("utf-16-le"))
            elif index == 2:
                path.symlink_to(f"missing {stem}")
            else:  # two findings, one fixable (the doubled space), the title echoed
                path.write_text(
                    f"- [{title}:  A Paper](https://arxiv.org/abs/2401.00001)"
                    " (Jan. 2024, arXiv)\n- [Twin](https://arxiv.org/abs/2401.00001)\n"
                )
            shown.add(name)
        for args in (["."], ["--fix", "--show-fixes", "."], [f"{names[0]}0.md", "."]):
            output = _run(folder, *args)
            for line in _lines(output):
                if "::" not in line.lstrip()[:2]:
                    assert "##[" not in line
                    continue
                assert OURS.fullmatch(line.lstrip()), line
                files = re.findall(r"[ ,]file=([^:,\r\n]*)", line.split("::")[1])
                assert all(_unescape(f).removeprefix("./") in shown for f in files), line


def test_neutralize_disarms_what_the_runner_would_read() -> None:
    assert neutralize("::stop-commands::tok") == "%3A%3Astop-commands::tok"
    assert neutralize("  ::add-mask::x") == "  %3A%3Aadd-mask::x"
    assert neutralize("a\r::set-output name=x::y") == "a%0D::set-output name=x::y"
    assert neutralize("see ##[error]x") == "see ##%5Berror]x"
    assert neutralize("plain: text, 100%") == "plain: text, 100%"
    assert neutralize("+- [a](b)\r") == "+- [a](b)\r"  # a CRLF line of a --diff stays one
    assert neutralize("\r::add-mask::x\r") == "%0D::add-mask::x\r"


def test_unreadable_names_and_show_fixes_paths_are_escaped(tmp_path: Path) -> None:
    (tmp_path / "x\n::stop-commands::tok.md").write_text(
        "- [A:  B](https://arxiv.org/abs/2401.00001)\n"
    )
    (tmp_path / "::error::bad\r.md").write_bytes(b"\xff\xfe")
    output = _run(tmp_path, "--fix", "--show-fixes", ".")
    assert "x%0A::stop-commands::tok.md:1:4: title-whitespace: Collapse the spaces" in output
    assert "awesome-lint: %3A%3Aerror::bad%0D.md: is UTF-16" in output or (
        "awesome-lint: ::error::bad%0D.md: is UTF-16" in output
    )
    assert not [
        line for line in _lines(output) if line.startswith("::") and not OURS.fullmatch(line)
    ]
