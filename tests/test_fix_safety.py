"""--fix writes exactly the intended edits or nothing: regressions from a hostile read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import offline_cli


def _entries(count: int) -> str:
    return "".join(f"- [Paper number {i}](https://example.org/{i})\n" for i in range(count))


def test_a_nul_byte_after_the_first_8_kib_does_not_shift_spans(tmp_path: Path) -> None:
    head = "# Awesome\n\n## Papers\n\n" + _entries(300)
    assert len(head) > 8192  # past the binary sniff: the NUL reaches the parser
    tail = (
        "- a \x00 [Real Paper](https://arxiv.org/pdf/2402.00001)\n"
        "- [Other \x00 Paper](https://arxiv.org/pdf/2402.00002)\n"
        "- [Third Paper](https://arxiv.org/pdf/2402.00003) \x00\n"
    )
    path = tmp_path / "list.md"
    path.write_bytes((head + tail).encode())
    offline_cli(tmp_path, "--fix", "list.md")
    assert path.read_bytes().decode() == head + tail.replace("/pdf/", "/abs/")


def _render(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(text)


def test_list_indent_moves_an_item_with_its_sub_bullets(tmp_path: Path) -> None:
    text = (
        "# Awesome\n\n## Papers\n\n"
        "- [Alpha: One Paper](https://arxiv.org/abs/2401.00001)\n\n"
        "    - [Beta: Another Paper](https://arxiv.org/abs/2401.00002)\n"
        "      continued text of Beta\n"
        "      - Code [link](https://github.com/acme/beta)\n"
        "        - Weights [link](https://example.org/weights)\n\n"
        "      - Data [link](https://example.org/data)\n"
        "- [Gamma: Third Paper](https://arxiv.org/abs/2401.00003)\n"
    )
    path = tmp_path / "list.md"
    path.write_text(text)
    result = offline_cli(tmp_path, "--fix", "--select", "list-indent", "list.md")
    assert "Fixed 1 problem" in result.stdout
    fixed = path.read_text()
    assert fixed.splitlines()[6:] == [
        "- [Beta: Another Paper](https://arxiv.org/abs/2401.00002)",
        "  continued text of Beta",
        "  - Code [link](https://github.com/acme/beta)",
        "    - Weights [link](https://example.org/weights)",
        "",
        "  - Data [link](https://example.org/data)",
        "- [Gamma: Third Paper](https://arxiv.org/abs/2401.00003)",
    ]
    assert fixed.splitlines()[:6] == text.splitlines()[:6]
    html = _render(fixed)
    # The sub-bullets are still lists nested in Beta's item, not literal "- Code" text.
    assert "- Code" not in html and "- Data" not in html and "- Weights" not in html
    # Beta left Alpha's nested list (which is then gone); its own two levels came along.
    assert html.count("<ul>") == _render(text).count("<ul>") - 1 == 3
    assert "list-indent" not in offline_cli(tmp_path, "list.md").stdout


def test_list_indent_offers_no_fix_when_a_nested_line_would_be_left_behind(
    tmp_path: Path,
) -> None:
    text = (
        "- [Alpha: One Paper](https://arxiv.org/abs/2401.00001)\n\n"
        "    - [Beta: Another Paper](https://arxiv.org/abs/2401.00002)\n"
        "      - Code [link](https://github.com/acme/beta)\n"
        "  \tindented with a tab\n"
    )
    path = tmp_path / "list.md"
    path.write_text(text)
    result = offline_cli(tmp_path, "--fix", "--select", "list-indent", "list.md")
    assert "list-indent" in result.stdout and "Fixed" not in result.stdout
    assert path.read_text() == text


def test_mojibake_leaves_legitimate_symbols_beside_dashes(tmp_path: Path) -> None:
    text = (
        "- [Turbo: 2×–4× Faster Decoding](https://arxiv.org/abs/2401.00001)\n"
        "- [CAFÉ… A Benchmark](https://arxiv.org/abs/2401.00002) by JOSÉ’s lab, “ÖL”\n"
        "- [Zoë Müller’s Model](https://arxiv.org/abs/2401.00003) 4×—8× smaller\n"
    )
    path = tmp_path / "list.md"
    path.write_text(text)
    result = offline_cli(tmp_path, "--fix", "--select", "mojibake", "list.md")
    assert "mojibake" not in result.stdout and "Fixed" not in result.stdout
    assert path.read_text() == text


def test_mojibake_still_repairs_what_a_mis_decoding_left(tmp_path: Path) -> None:
    broken = "- [CafÃ© ðŸ“Š Model â€” Fast](https://arxiv.org/abs/2401.00001) Ã–L â\x9d¤ï¸\x8f\n"
    path = tmp_path / "list.md"
    path.write_text(broken)
    offline_cli(tmp_path, "--fix", "--select", "mojibake", "list.md")
    assert path.read_text() == "- [Café 📊 Model — Fast](https://arxiv.org/abs/2401.00001) ÖL ❤️\n"


REFERENCE_LIST = (
    "# Papers\n\n"
    "- [Alpha: First Paper](https://arxiv.org/abs/2401.00001) [Code][a-code]\n"
    "- [Beta: Second Paper](https://arxiv.org/abs/2401.00002) [Code][b-code]\n"
    "- [Gamma: Third Paper][gamma]\n\n"
    "[a-code]: https://github.com/acme/tool-extra\n"
    "[B-Code]: <https://github.com/acme/tool>\n"
    "[gamma]:\n"
    "  https://arxiv.org/pdf/2401.00003\n"
)


def test_a_reference_link_points_at_its_own_definition() -> None:
    from awesome_lint import parser

    document = parser.parse("list.md", REFERENCE_LIST)
    spans = {
        link.url: document.text[link.url_span.start : link.url_span.end]
        for link in document.links
        if link.kind == "reference"
    }
    lines = {link.url: link.url_span.line for link in document.links if link.kind == "reference"}
    assert spans == {
        "https://github.com/acme/tool-extra": "https://github.com/acme/tool-extra",
        "https://github.com/acme/tool": "https://github.com/acme/tool",
        "https://arxiv.org/pdf/2401.00003": "https://arxiv.org/pdf/2401.00003",
    }
    # b-code's URL is a substring of a-code's, defined first: it must not land there.
    assert lines == {
        "https://github.com/acme/tool-extra": 7,
        "https://github.com/acme/tool": 8,
        "https://arxiv.org/pdf/2401.00003": 10,
    }


def test_a_fix_of_a_reference_link_rewrites_only_its_definition(tmp_path: Path) -> None:
    from awesome_lint.sources.cache import Cache

    cache = tmp_path / "cache"
    with Cache(cache) as store:
        row = {"requested": "acme/tool", "status": "found", "canonical": "acme-labs/tool"}
        store.put_many("github", {"acme/tool": row})
    path = tmp_path / "list.md"
    path.write_text(REFERENCE_LIST)
    subprocess.run(
        [
            *(sys.executable, "-m", "awesome_lint", "--cached-only", "--cache-dir", str(cache)),
            *("--select", "repo-moved,arxiv-url", "--fix", "--unsafe-fixes", "list.md"),
        ],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert path.read_text() == REFERENCE_LIST.replace(
        "<https://github.com/acme/tool>", "<https://github.com/acme-labs/tool>"
    ).replace("/pdf/2401.00003", "/abs/2401.00003")


def test_reference_definitions_are_read_in_linear_time() -> None:
    import time

    from awesome_lint import parser

    count = 8000
    text = "# Papers\n\n" + "".join(f"- [Paper {i}][p{i}]\n" for i in range(count)) + "\n"
    text += "".join(f"[p{i}]: https://arxiv.org/abs/2401.{i:05d}\n" for i in range(count))
    started = time.perf_counter()
    document = parser.parse("list.md", text)
    elapsed = time.perf_counter() - started
    last = document.links[-1]
    assert document.text[last.url_span.start : last.url_span.end].endswith("2401.07999")
    # About 1 s; the search per link it replaces took 20 to 35 s here (quadratic).
    assert elapsed < 12, f"{count} definitions took {elapsed:.1f} s"


def test_a_fix_that_joins_lines_keeps_each_other_line_ending(tmp_path: Path) -> None:
    from awesome_lint.sources.cache import Cache

    cache = tmp_path / "cache"
    paper = {
        "id": "2401.00001",
        "version": 1,
        "title": "Mmada: Multimodal Large Diffusion Language Models",
        "published": "2024-01-03",
        "updated": "2024-01-03",
    }
    with Cache(cache) as store:
        store.put_many("arxiv", {"2401.00001": {"status": "found", "paper": paper}})
    path = tmp_path / "list.md"
    path.write_bytes(
        b"# Papers\r\n\r\n"
        b"- [Mmada: Multimodal large\n  diffusion language models]"
        b"(https://arxiv.org/abs/2401.00001) (Jan. 2024, arXiv)\r\n"
        b"- [Other: Paper](https://arxiv.org/pdf/2401.00002) (Jan. 2024, arXiv)\n"
        b"- [Third: Paper](https://arxiv.org/abs/2401.00003) (Jan. 2024, arXiv)\r\n"
    )
    subprocess.run(
        [
            *(sys.executable, "-m", "awesome_lint", "--cached-only", "--cache-dir", str(cache)),
            *("--select", "arxiv-title,arxiv-url", "--fix", "--unsafe-fixes", "list.md"),
        ],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert path.read_bytes() == (
        b"# Papers\r\n\r\n"
        b"- [Mmada: Multimodal Large Diffusion Language Models]"
        b"(https://arxiv.org/abs/2401.00001) (Jan. 2024, arXiv)\r\n"
        b"- [Other: Paper](https://arxiv.org/abs/2401.00002) (Jan. 2024, arXiv)\n"
        b"- [Third: Paper](https://arxiv.org/abs/2401.00003) (Jan. 2024, arXiv)\r\n"
    )


def test_line_endings_follow_edits_that_join_and_split_lines() -> None:
    from awesome_lint import fix
    from awesome_lint.findings import Edit

    text = "a\nb\nc\nd\ne"
    endings = ["\r\n", "\n", "\r", "\n"]
    join_b_c = Edit(3, 4, " ")  # "b c" ends as "c" did
    split_d = Edit(6, 6, "x\n")  # "x" then "d": the new break takes d's own ending
    edits = [join_b_c, split_d]
    new_text = fix.splice(text, edits)
    assert new_text == "a\nb c\nx\nd\ne"
    assert fix.carry_endings(text, edits, endings) == ["\r\n", "\r", "\n", "\n"]
    assert fix.carry_endings("x\ny", [Edit(0, 3, "z")], ["\r"]) == []


def test_applying_fixes_is_linear_in_the_number_of_edits() -> None:
    import time

    from awesome_lint import fix
    from awesome_lint.findings import Edit, Fix

    line = "- [Model:  A Study](https://arxiv.org/abs/2401.00001) (Jan. 2024, arXiv)\n"
    count = 40_000
    text = line * count  # 3 MB
    width = len(line)
    # One fix per line; every tenth fix also touches the next line's start (two edits), and
    # so overlaps the next line's own fix, which must then wait.
    fixes = []
    for k in range(count):
        edits = [Edit(k * width + 9, k * width + 11, " ")]
        if k % 10 == 0 and k + 1 < count:
            edits.append(Edit((k + 1) * width + 9, (k + 1) * width + 10, ""))
        fixes.append(Fix("f", tuple(edits)))
    started = time.perf_counter()
    fixed, applied = fix.apply(text, reversed(fixes))
    elapsed = time.perf_counter() - started
    skipped = len(range(0, count - 1, 10))
    assert applied == count - skipped
    assert fixed.count("Model: A") == count and fixed.count("Model:  A") == 0
    assert elapsed < 10, f"{count} fixes took {elapsed:.1f} s"  # about 1 s; was minutes


FIXABLE = "- [Alpha:  Paper](https://arxiv.org/abs/2401.00001)\n"


def _read_only(path: Path) -> str:
    path.chmod(0o444)
    return "is read-only (mode 0444): not fixed"


def _symlink(path: Path) -> str:
    target = path.with_name("target.md")
    path.rename(target)
    path.symlink_to(target.name)
    return "is a symbolic link (to target.md): not fixed"


def _hard_link(path: Path) -> str:
    os.link(path, path.with_name("twin.md"))
    return "has 2 hard links: not fixed"


def _another_users(path: Path) -> str:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    os.chown(path, 4242, -1)
    return "belongs to another user (uid 4242): not fixed"


def _state(path: Path) -> tuple[object, ...]:
    info = os.lstat(path)
    return (path.read_bytes(), info.st_mode, info.st_uid, info.st_ino, info.st_mtime_ns)


@pytest.mark.parametrize("make", [_read_only, _symlink, _hard_link, _another_users])
def test_fix_refuses_a_file_it_may_not_replace(tmp_path: Path, make: Any) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    path = folder / "list.md"
    path.write_text(FIXABLE)
    (folder / "good.md").write_text(FIXABLE)
    expected = make(path)
    before = {p.name: _state(p) for p in folder.iterdir()}
    done = offline_cli(folder, "--fix", "list.md", "good.md")
    assert done.returncode == 2, done.stdout + done.stderr
    refusals = [line for line in done.stderr.splitlines() if "not fixed" in line]
    assert refusals == [
        f"awesome-lint: error: list.md: {expected}" + refusals[0].split(expected)[1]
    ]
    after = {p.name: _state(p) for p in folder.iterdir()}
    assert after.pop("good.md")[0] == FIXABLE.replace(":  ", ": ").encode()  # others are fixed
    before.pop("good.md")
    assert after == before  # nothing else written, moved or left behind


@pytest.mark.parametrize(
    "data",
    [
        b"- [A:  B](https://arxiv.org/abs/2401.00001)\n- [C:  D](https://arxiv.org/abs/2401.00002)",
        b"- [A:  B](https://arxiv.org/abs/2401.00001)\r\n- [C: D](https://arxiv.org/abs/2401.00002)",
        b"\xef\xbb\xbf- [A:  B](https://arxiv.org/abs/2401.00001)\r\n- [C:  D](x)\r\n- e\x0cf\n",
    ],
    ids=["no final newline", "crlf without final newline", "bom, crlf, form feed"],
)
def test_diff_is_a_patch_git_applies(tmp_path: Path, data: bytes) -> None:
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    path = tmp_path / "list.md"
    path.write_bytes(data)
    subprocess.run([*git, "add", "list.md"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "list"], cwd=tmp_path, check=True)
    patch = subprocess.run(  # bytes: text mode would turn the patch's CRLF into LF
        [sys.executable, "-m", "awesome_lint", "--offline", "--diff", "list.md"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
    ).stdout
    assert patch.startswith(b"--- a/list.md\n+++ b/list.md\n")
    in_actions = subprocess.run(  # in a workflow the output is guarded: the patch stays whole
        [sys.executable, "-m", "awesome_lint", "--offline", "--diff", "list.md"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
    ).stdout
    assert in_actions == patch
    (tmp_path / "fix.patch").write_bytes(patch)
    check = subprocess.run(
        ["git", "apply", "--check", "fix.patch"], cwd=tmp_path, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr + patch.decode()
    subprocess.run(["git", "apply", "fix.patch"], cwd=tmp_path, check=True)
    patched = path.read_bytes()
    path.write_bytes(data)
    offline_cli(tmp_path, "--fix", "list.md")
    assert patched == path.read_bytes() != data  # the patch is exactly what --fix writes


def test_fix_keeps_the_files_group(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to any group")
    path = tmp_path / "list.md"
    path.write_text(FIXABLE)
    os.chown(path, -1, 4343)
    done = offline_cli(tmp_path, "--fix", "list.md")
    assert done.returncode == 0, done.stdout + done.stderr
    assert path.read_text() == FIXABLE.replace(":  ", ": ")
    assert os.stat(path).st_gid == 4343  # the replacement is the file's group, not ours
