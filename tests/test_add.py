"""`awesome-lint add` end to end: the real CLI and clients against the arXiv and GitHub
stand-ins fed with the seed metadata; the result is linted with the real rules."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from awesome_lint import parser
from awesome_lint.add import command
from awesome_lint.cli import _Parser
from awesome_lint.facts import ArxivPaper
from conftest import FIXTURES, LISTS, run_cli, standin_env
from standins.arxiv import serve_arxiv
from standins.github import GitHubServer, serve_github
from standins.semantic_scholar import BASE_PATH, serve_semantic_scholar, standin_of

UNIFIED = "awesome-unified-understanding-and-generation.md"
POST = "awesome-umm-post-training.md"
TABLE = FIXTURES / "add" / "tokenizers-table.md"
TWO_MODEL = "AR + AR + Additional Diffusion (Two Model)"
PUMA = (
    "  + [PUMA: Empowering Unified MLLM with Multi-granular Visual Generation]"
    "(https://arxiv.org/abs/2410.13861) (Oct. 2024, arXiv)\n"
    "  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2410.13861)\n"
    "  [![Star](https://img.shields.io/github/stars/rongyaofang/PUMA.svg?style=social&label=Star)]"
    "(https://github.com/rongyaofang/PUMA)\n"
)


@pytest.fixture(scope="module")
def standins() -> Iterator[tuple[Any, GitHubServer]]:
    with serve_arxiv() as arxiv, serve_github() as github:
        yield arxiv, github


@pytest.fixture
def env(standins: tuple[Any, GitHubServer], tmp_path: Path) -> dict[str, str]:
    arxiv, github = standins
    arxiv.reset()
    github.reset()
    return standin_env(arxiv.url, github.url, tmp_path / "cache")


def _without_puma(text: str) -> str:
    """The unified list as first committed, without the PUMA entry that carries Janus's id."""
    document = parser.parse("list.md", text)
    (entry,) = [e for e in document.entries if e.title.startswith("PUMA:")]
    lines = text.split("\n")
    del lines[entry.span.line - 1 : entry.span.end_line]
    return "\n".join(lines)


@pytest.fixture
def unified(tmp_path: Path) -> Path:
    path = tmp_path / UNIFIED
    path.write_text(_without_puma((LISTS / UNIFIED).read_text(encoding="utf-8")), "utf-8")
    return path


def _add(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(cwd, "add", *args, env=env)


def _findings(path: Path) -> list[tuple[int, int, str]]:
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--offline", "--format", "json", path.name],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(done.stdout)
    return sorted((f["line"], f["column"], f["rule"]) for f in report["findings"])


def _nothing_new(before: list[tuple[int, int, str]], path: Path, added: dict[int, int]) -> None:
    """The findings after adding are those before, moved down by the lines added above them;
    none lies on an added line. ``added``: first line of each added block -> its lines."""
    after = _findings(path)
    moved = []
    for line, column, rule in after:
        for first, count in added.items():
            assert not first <= line < first + count, (line, rule)
        shift = sum(count for first, count in added.items() if first < line)
        moved.append((line - shift, column, rule))
    assert sorted(moved) == before


def _lines_with(text: str, needle: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), 1) if needle in line]


def _id_requests(arxiv: Any) -> list[list[str]]:
    return [r.arg("id_list").split(",") for r in arxiv.requests if r.arg("id_list")]


def test_puma_in_the_unified_list(
    standins: tuple[Any, GitHubServer], env: dict[str, str], unified: Path
) -> None:
    arxiv, github = standins
    before_text = unified.read_text(encoding="utf-8")
    before = _findings(unified)
    done = _add(unified.parent, env, "2410.13861", "--to", UNIFIED, "--section", TWO_MODEL)
    assert done.returncode == 0, done.stderr
    text = unified.read_text(encoding="utf-8")
    # Its section lists papers newest first but for one: PUMA (Oct. 2024) goes after Orthus
    # (Nov. 2024) and before VILA-U (Sep. 2024), in the section's multi-line shape.
    (orthus,) = _lines_with(text, "[![Star](https://img.shields.io/github/stars/zhijie-group")
    (vila,) = _lines_with(text, "+ [VILA-U:")
    between = text.split("\n")[orthus : vila - 1]
    assert between[-5:] == ["", *PUMA.rstrip("\n").split("\n"), ""]
    assert not "".join(between[:-5]).strip()
    assert text.replace(PUMA + "\n", "", 1) == before_text
    _nothing_new(before, unified, {vila - 4: 4})
    # One lookup per source: arXiv for the paper, GitHub for the repository its abstract names.
    assert _id_requests(arxiv) == [["2410.13861"]]
    assert github.count("POST", "/graphql") == 1


def test_the_venue_comes_from_semantic_scholar(
    standins: tuple[Any, GitHubServer], tmp_path: Path, unified: Path
) -> None:
    arxiv, github = standins
    arxiv.reset()
    github.reset()
    with serve_semantic_scholar() as s2:
        env = standin_env(arxiv.url, github.url, tmp_path / "cache", s2_url=s2.url + BASE_PATH)
        before = _findings(unified)
        args = ("2410.13861", "--to", UNIFIED, "--section", TWO_MODEL)
        done = _add(unified.parent, env, *args)
        assert done.returncode == 0, done.stderr
        assert "Semantic Scholar" not in done.stderr  # it answered
        # Published at ICCV 2025 (the seed's confirmed venue), written as this list writes
        # venues: without their year, `(Oct. 2023, ICLR)`.
        text = unified.read_text(encoding="utf-8")
        assert PUMA.replace("(Oct. 2024, arXiv)", "(Oct. 2024, ICCV)") in text
        (first,) = _lines_with(text, "+ [PUMA:")
        _nothing_new(before, unified, {first: 4})
        # One request for the venue, beside arXiv's and GitHub's.
        assert [r.json()["ids"] for r in standin_of(s2).batch_requests()] == [["ARXIV:2410.13861"]]
        assert _id_requests(arxiv) == [["2410.13861"]]


def test_a_venue_that_could_not_be_asked_is_said_and_not_guessed(
    env: dict[str, str], unified: Path
) -> None:
    # The environment's Semantic Scholar does not resolve: the paper goes in as a preprint.
    done = _add(unified.parent, env, "2410.13861", "--to", UNIFIED, "--section", TWO_MODEL)
    assert done.returncode == 0, done.stderr
    assert "could not ask Semantic Scholar where 2410.13861 was published" in done.stderr
    assert PUMA in unified.read_text(encoding="utf-8")


def test_an_id_the_list_carries_is_refused_with_its_line(
    env: dict[str, str], unified: Path
) -> None:
    before = unified.read_bytes()
    done = _add(unified.parent, env, "2410.13848", "--to", UNIFIED, "--section", TWO_MODEL)
    assert done.returncode == 1
    assert f"{UNIFIED}:74 'Janus: Decoupling Visual Encoding" in done.stderr
    assert "nothing written" in done.stderr
    assert unified.read_bytes() == before


def test_several_ids_in_the_post_training_list_one_line_each(
    standins: tuple[Any, GitHubServer], env: dict[str, str], tmp_path: Path
) -> None:
    arxiv, github = standins
    path = tmp_path / POST
    path.write_bytes((LISTS / POST).read_bytes())
    before = _findings(path)
    ids = ("2412.03069", "2506.18871", "2502.20321")
    done = _add(tmp_path, env, *ids, "--to", POST, "--section", "Papers")
    assert done.returncode == 0, done.stderr
    assert [sorted(batch) for batch in _id_requests(arxiv)] == [sorted(ids)]
    assert github.count("POST", "/graphql") == 1
    lines = path.read_text(encoding="utf-8").split("\n")
    titles = [line.split("](")[0] for line in lines if line.startswith("+ [")]
    # Newest first, as the list is: OmniGen2 (Jun. 2025) before UniRL (May 2025), then the
    # two older papers after it.
    assert titles[-4:] == [
        "+ [OmniGen2: Exploration to Advanced Multimodal Generation",
        "+ [UniRL: Self-Improving Unified Multimodal Models via Supervised and Reinforcement "
        "Learning",
        "+ [UniTok: A Unified Tokenizer for Visual Generation and Understanding",
        "+ [TokenFlow: Unified Image Tokenizer for Multimodal Understanding and Generation",
    ]
    unitok = next(line for line in lines if line.startswith("+ [UniTok"))
    assert unitok == (
        "+ [UniTok: A Unified Tokenizer for Visual Generation and Understanding]"
        "(https://arxiv.org/abs/2502.20321) (Feb. 2025, arXiv)"
        " [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2502.20321)"
        " [![Star](https://img.shields.io/github/stars/FoundationVision/UniTok.svg?style=social"
        "&label=Star)](https://github.com/FoundationVision/UniTok)"
    )
    # TokenFlow's abstract names no repository: no star badge, and the output says why.
    tokenflow = next(line for line in lines if line.startswith("+ [TokenFlow"))
    assert "shields.io/github/stars" not in tokenflow and "github.com" not in tokenflow
    assert "name no GitHub repository" in done.stdout
    added = {n: 1 for n, line in enumerate(lines, 1) if "2412.03069" in line}
    added |= {
        n: 1 for n, line in enumerate(lines, 1) if "2506.18871" in line or "2502.20321" in line
    }
    _nothing_new_blocks(before, path, added)


def _nothing_new_blocks(
    before: list[tuple[int, int, str]], path: Path, added: dict[int, int]
) -> None:
    """As ``_nothing_new``, where each added entry also brought its blank separator lines."""
    text = path.read_text(encoding="utf-8").split("\n")
    blocks: dict[int, int] = {}
    for first in added:
        start = first
        while start > 1 and not text[start - 2].strip():
            start -= 1
        blocks[start] = first - start + 1
    _nothing_new(before, path, blocks)


def test_a_table_list_oldest_first_and_an_empty_section(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "table.md"
    path.write_bytes(TABLE.read_bytes())
    done = _add(
        tmp_path, env, "2504.04423", "2411.17762", "--to", "table.md", "--section", "tokenizers"
    )
    assert done.returncode == 0, done.stderr
    done = _add(tmp_path, env, "2310.01218", "--to", "table.md", "--section", "Surveys")
    assert done.returncode == 0, done.stderr
    lines = path.read_text(encoding="utf-8").split("\n")
    rows = [line for line in lines if line.startswith("| [")]
    assert [row.split("](")[1].split(")")[0] for row in rows] == [
        "https://arxiv.org/abs/2307.08041",
        "https://arxiv.org/abs/2309.04669",
        "https://arxiv.org/abs/2404.14396",
        "https://arxiv.org/abs/2411.17762",  # Nov. 2024, between Apr. and Dec. 2024
        "https://arxiv.org/abs/2412.03069",
        "https://arxiv.org/abs/2502.20321",
        "https://arxiv.org/abs/2504.04423",  # Apr. 2025, last
        "https://arxiv.org/abs/2310.01218",  # in the section that had no table
    ]
    assert rows[3] == (
        "| [MUSE-VL: Modeling Unified VLM through Semantic Discrete Encoding]"
        "(https://arxiv.org/abs/2411.17762) | arXiv | 2024-11 | |"
    )
    assert rows[6].endswith(
        "| arXiv | 2025-04 | [![Star](https://img.shields.io/github/stars/SxJyJay/UniToken.svg"
        "?style=social&label=Star)](https://github.com/SxJyJay/UniToken) |"
    )
    surveys = lines.index("## Surveys")
    assert lines[surveys + 1 : surveys + 6] == [
        "",
        "| Paper | Venue | Date | Code |",
        "|:------|:------|:-----|:-----|",
        rows[7],
        "",
    ]
    assert _findings(path) == []


def test_an_empty_section_takes_the_lists_dominant_shape(
    env: dict[str, str], unified: Path
) -> None:
    text = unified.read_text(encoding="utf-8")
    text = text.replace("## Acknowledgements", "### Multi-granular Models\n\n## Acknowledgements")
    unified.write_text(text, encoding="utf-8")
    before = _findings(unified)
    done = _add(
        unified.parent, env, "2410.13861", "--to", UNIFIED, "--section", "Multi-granular Models"
    )
    assert done.returncode == 0, done.stderr
    lines = unified.read_text(encoding="utf-8").split("\n")
    heading = lines.index("### Multi-granular Models")
    assert lines[heading + 1 : heading + 6] == ["", *PUMA.rstrip("\n").split("\n"), ""]
    _nothing_new(before, unified, {heading + 2: 4})


def test_a_crlf_list_with_a_bom_keeps_both(env: dict[str, str], unified: Path) -> None:
    text = unified.read_text(encoding="utf-8")
    unified.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    done = _add(unified.parent, env, "2410.13861", "--to", UNIFIED, "--section", TWO_MODEL)
    assert done.returncode == 0, done.stderr
    raw = unified.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\n") == raw.count(b"\r\n") == text.count("\n") + 4
    assert PUMA.replace("\n", "\r\n").encode("utf-8") in raw


def test_a_list_mixing_line_endings_keeps_each_lines_own(
    env: dict[str, str], unified: Path
) -> None:
    # Lines alternate LF and CRLF: every old line keeps its ending, the new lines take the
    # ending of the line they are written in.
    lines = unified.read_text(encoding="utf-8").split("\n")
    endings = ["\r\n" if n % 2 else "\n" for n in range(len(lines) - 1)]
    old = [a + b for a, b in zip(lines[:-1], endings, strict=True)] + [lines[-1]]
    unified.write_bytes("".join(old).encode("utf-8"))
    done = _add(unified.parent, env, "2410.13861", "--to", UNIFIED, "--section", TWO_MODEL)
    assert done.returncode == 0, done.stderr
    new_lines = unified.read_bytes().decode("utf-8").splitlines(keepends=True)
    old = [line for line in old if line]
    # Without PUMA's three lines and the blank line after them, the bytes are the old ones.
    first = next(n for n, line in enumerate(new_lines) if "+ [PUMA:" in line)
    assert new_lines[:first] + new_lines[first + 4 :] == old
    assert len({line[-2:] == "\r\n" for line in new_lines[first : first + 4]}) == 1


def test_a_repository_given_on_the_command_line(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / POST
    path.write_bytes((LISTS / POST).read_bytes())
    args = ("--to", POST, "--section", "Papers")
    done = _add(tmp_path, env, "2412.03069", "--repo", "bytevisionlab/tokenflow", *args)
    assert done.returncode == 0, done.stderr
    (line,) = [x for x in path.read_text(encoding="utf-8").split("\n") if "2412.03069" in x]
    # GitHub's own spelling of the name, in the list's star badge.
    assert line.endswith(
        "[![Star](https://img.shields.io/github/stars/ByteVisionLab/TokenFlow.svg?style=social"
        "&label=Star)](https://github.com/ByteVisionLab/TokenFlow)"
    )
    before = path.read_bytes()
    done = _add(tmp_path, env, "2505.14682", "--repo", "nobody-here/no-such-repo", *args)
    assert done.returncode == 1
    assert "GitHub does not know nobody-here/no-such-repo" in done.stderr
    assert path.read_bytes() == before
    done = _add(tmp_path, env, "2505.14682", "2505.15809", "--repo", "Gen-Verse/MMaDA", *args)
    assert done.returncode == 2 and "one id" in done.stderr


def test_an_id_arxiv_does_not_know_writes_nothing(env: dict[str, str], unified: Path) -> None:
    before = unified.read_bytes()
    done = _add(unified.parent, env, "2410.99999", "--to", UNIFIED, "--section", TWO_MODEL)
    assert done.returncode == 1
    assert "arXiv does not know 2410.99999" in done.stderr
    assert unified.read_bytes() == before


def test_without_a_network_nothing_is_written(env: dict[str, str], unified: Path) -> None:
    before = unified.read_bytes()
    env["AWESOME_LINT_ARXIV_API_URL"] = "http://arxiv.invalid/api/query"
    done = _add(unified.parent, env, "2410.13861", "--to", UNIFIED, "--section", TWO_MODEL)
    assert done.returncode == 2
    assert "could not ask arXiv about 2410.13861 (network unavailable" in done.stderr
    assert "does not know" not in done.stderr
    assert unified.read_bytes() == before


def test_usage_errors(env: dict[str, str], unified: Path) -> None:
    done = _add(unified.parent, env, "2410.13861", "--to", UNIFIED)
    assert done.returncode == 2
    assert f"    {TWO_MODEL}" in done.stdout.split("\n")  # the headings, to choose from
    assert "--section" in done.stderr
    done = _add(unified.parent, env, "2410.13861", "--to", "missing.md", "--section", "Diffusion")
    assert done.returncode == 2
    assert done.stderr.strip() == "awesome-lint: error: missing.md: no such file or folder"
    done = _add(unified.parent, env, "2410.13861", "--to", UNIFIED, "--section", "Nowhere")
    assert done.returncode == 2 and "no heading 'Nowhere'" in done.stderr
    done = _add(unified.parent, env, "not-an-id", "--to", UNIFIED, "--section", "Diffusion")
    assert done.returncode == 2 and "'not-an-id' is not an arXiv id" in done.stderr


def test_dry_run_prints_json_and_writes_nothing(
    standins: tuple[Any, GitHubServer], env: dict[str, str], unified: Path
) -> None:
    arxiv, _ = standins
    before = unified.read_bytes()
    args = ("2410.13861", "--to", UNIFIED, "--section", TWO_MODEL, "--dry-run")
    done = _add(unified.parent, env, *args, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert unified.read_bytes() == before
    body = json.loads(done.stdout)
    (entry,) = body["entries"]
    assert body["written"] is False
    assert entry["text"] + "\n" == PUMA
    assert (entry["arxiv_id"], entry["published"], entry["repository"]) == (
        "2410.13861",
        "2024-10-17",
        "rongyaofang/PUMA",
    )
    assert entry["section"] == TWO_MODEL and entry["placed"] == "by date, newest first"
    # Copied from a neighbour in its section that shows a repository, as PUMA's entry does.
    document = parser.parse(UNIFIED, unified.read_text(encoding="utf-8"))
    (template,) = [e for e in document.entries if e.title == entry["template"]]
    assert template.section is not None and template.section.title == TWO_MODEL
    assert "shields.io/github/stars" in document.text[template.span.start : template.span.end]
    # The answers were cached: a second run asks arXiv nothing.
    arxiv.reset()
    done = _add(unified.parent, env, *args)
    assert done.returncode == 0 and PUMA.rstrip("\n") in done.stdout
    assert _id_requests(arxiv) == []


def test_the_venue_comes_from_a_provider(
    env: dict[str, str], unified: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(unified.parent)
    asked: list[str] = []

    def venue(paper: ArxivPaper) -> str | None:
        asked.append(paper.id)
        return "ICCV 2025"

    before = _findings(unified)
    args = command.build_parser(_Parser).parse_args(
        ["2410.13861", "--to", UNIFIED, "--section", TWO_MODEL]
    )
    assert command.run(args, venue) == 0
    assert asked == ["2410.13861"]
    text = unified.read_text(encoding="utf-8")
    # The list names venues without their year: `(Oct. 2023, ICLR)`.
    assert PUMA.replace("(Oct. 2024, arXiv)", "(Oct. 2024, ICCV)") in text
    (first,) = _lines_with(text, "+ [PUMA:")
    _nothing_new(before, unified, {first: 4})
    assert "Added 2410.13861" in capsys.readouterr().out


def test_a_heading_named_by_its_topic(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / POST
    text = (LISTS / POST).read_text(encoding="utf-8")
    # Two `2025` headings, one under each topic: the second is named by its topic.
    text = text.replace("### Papers", "## Training\n\n### 2025\n\n## Evaluation\n\n### 2025", 1)
    path.write_text(text, encoding="utf-8")
    args = ("2506.18871", "--to", POST)
    done = _add(tmp_path, env, *args, "--section", "2025")
    assert done.returncode == 2
    assert "several headings read '2025': 'Training > 2025' (line 7)" in done.stderr
    done = _add(tmp_path, env, *args, "--section", "Evaluation > 2025")
    assert done.returncode == 0, done.stderr
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines.index("### 2025", lines.index("## Evaluation")) < next(
        n for n, line in enumerate(lines) if "2506.18871" in line
    )
