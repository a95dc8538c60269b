"""--fix writes exactly the intended edits or nothing: regressions from a hostile read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--offline", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


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
    _cli(tmp_path, "--fix", "list.md")
    assert path.read_bytes().decode() == head + tail.replace("/pdf/", "/abs/")
