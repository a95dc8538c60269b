"""A configuration file that cannot be used is one clear error naming the file (and, for a TOML
syntax error, the line and column), never a traceback, a hang or a silent fall back to defaults."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from awesome_lint.cli import main

ENTRY = "- [Janus: Decoupling](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\n"
BROKEN = "- [Janus: Decoupling](https://arxiv.org/abs/2410.13848) (Nov. 2024, arXiv)\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "list.md").write_text(BROKEN)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _lint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--offline", *args, "list.md"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("name", ["pyproject.toml", ".awesome-lint.toml"])
def test_invalid_toml_names_file_line_and_column(
    folder: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    (folder / name).write_text('# settings\n[tool.awesome-lint\nignore = ["date-arxiv-id"]\n')
    code, err = _lint(capsys)
    assert code == 2
    assert f"awesome-lint: error: {name}:2:19: not valid TOML: Expected ']'" in err


def test_a_broken_pyproject_in_a_parent_folder_is_found_and_reported(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "pyproject.toml").write_text("[tool.awesome-lint]\nignore = [\n")
    (folder / "docs").mkdir()
    (folder / "docs" / "list.md").write_text(ENTRY)
    monkeypatch.chdir(folder / "docs")
    code, err = _lint(capsys)
    assert code == 2 and "../pyproject.toml:3:1: not valid TOML" in err


def test_a_broken_pyproject_that_is_not_ours_is_passed_over(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.ruff\n')
    code, err = _lint(capsys)
    assert code == 1 and err == ""  # the defaults: date-arxiv-id is found


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool]\nawesome-lint = 5\n", "must be a table of settings, not an integer"),
        ("[[tool.awesome-lint]]\nignore = []\n", "must be a table of settings, not an array"),
    ],
)
def test_our_table_of_the_wrong_type_is_an_error(
    folder: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    (folder / "pyproject.toml").write_text(text)
    code, err = _lint(capsys)
    assert code == 2 and "pyproject.toml [tool.awesome-lint]: " + message in err


def test_tool_of_the_wrong_type_is_not_our_configuration(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "pyproject.toml").write_text("tool = 5\n")
    assert _lint(capsys) == (1, "")
    (folder / ".awesome-lint.toml").write_text("tool = 5\n")
    code, err = _lint(capsys)
    assert code == 2 and ".awesome-lint.toml: unknown key 'tool'" in err


DEEP = "x = " + "[" * 5000 + "]" * 5000 + "\n"


def test_deep_nesting_in_an_unrelated_pyproject_is_passed_over(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "pyproject.toml").write_text('[project]\nname = "x"\n' + DEEP)
    assert _lint(capsys) == (1, "")
    assert _lint(capsys, "--no-config") == (1, "")


def test_deep_nesting_in_our_configuration_is_refused_by_the_cap(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / ".awesome-lint.toml").write_text("# deep\n" + DEEP)
    code, err = _lint(capsys)
    assert code == 2 and ".awesome-lint.toml:2: nested more than 32 levels deep" in err
    (folder / ".awesome-lint.toml").write_text("x = " + "[" * 32 + "]" * 32 + "\n")
    code, err = _lint(capsys)  # within the cap: parsed, and then an unknown key
    assert code == 2 and "unknown key 'x'" in err


def test_a_40000_part_dotted_key_is_refused_at_once(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / ".awesome-lint.toml").write_text("a" + ".a" * 40_000 + " = 1\n")
    started = time.monotonic()
    code, err = _lint(capsys)
    assert time.monotonic() - started < 5
    assert code == 2 and ".awesome-lint.toml:1: a dotted key of more than 32 parts" in err


def test_dots_in_values_and_strings_are_not_key_parts(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = ", ".join(f'"^https://a.b.c.d.e.f.g.h.example{i}\\\\.org/"' for i in range(40))
    (folder / ".awesome-lint.toml").write_text(
        f"# a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g\n"
        f"exclude-urls = [{urls}]\ntimeout = 1.5\nseverity.date-arxiv-id = 'warning'\n"
    )
    assert _lint(capsys) == (0, "")


def test_a_configuration_over_1_mb_is_not_read(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / ".awesome-lint.toml").write_text(("# padding\n" * 110_000) + "ignore = []\n")
    code, err = _lint(capsys)
    assert code == 2 and ".awesome-lint.toml: over 1 MB: not read as a configuration" in err


@pytest.mark.parametrize("value", ["1e10", "1e400", "3601", "0", "-1", "inf", "nan"])
def test_the_timeout_is_held_to_a_sane_range(
    folder: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    code, err = _lint(capsys, "--timeout", value)
    assert code == 2
    assert "--timeout: must be a number of seconds above 0 and at most 3600" in err


def test_a_timeout_in_range_is_accepted(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _lint(capsys, "--timeout", "3600")[0] == 1
    (folder / ".awesome-lint.toml").write_text("timeout = 1e10\n")
    code, err = _lint(capsys)
    assert code == 2 and "'timeout' must be a number of seconds above 0 and at most 3600" in err
