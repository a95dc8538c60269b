"""Property tests of ``--fix`` on hostile lists: NUL bytes, mixed line endings, reference
definitions, nested lists under over-indented items, multiplication signs and accented
capitals beside dashes (and real mojibake).

``--fix`` keeps every rendered link, image and list item, changes only the characters its
edits name (every other byte, line endings included, stays), and a second run changes nothing.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from awesome_lint import fix, parser
from awesome_lint.document import Document
from awesome_lint.files import SourceFile, decode
from awesome_lint.findings import Finding
from test_properties import ENGINE, _raw_offsets, check_findings, made_up_facts

pytestmark = pytest.mark.timeout(0 if settings().max_examples > 1_000 else 300)

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_MOJIBAKE, _MOJIBAKE_REPAIRED = "CafÃ© ðŸ“Š", "Café 📊"  # the only mojibake planted
_TRICKY = st.sampled_from(
    ["2×–4× Faster", "CAFÉ…", "ÉCOLE—Paris", "Ö”", "×—", _MOJIBAKE, "a\x00b", "", "x"]
)
_ID = st.builds(lambda n: f"24{n % 12 + 1:02d}.{n:05d}", st.integers(1, 99_999))
_KIND = st.sampled_from(["abs", "pdf"])
_SPACES = st.sampled_from([" ", "  "])


@st.composite
def _item(draw: st.DrawFn, indent: str) -> list[str]:
    word, space = draw(_TRICKY), draw(_SPACES)
    title = f"Model{draw(st.integers(0, 99))}:{space}{word} Study"
    url = f"https://arxiv.org/{draw(_KIND)}/{draw(_ID)}"
    lines = [f"{indent}- [{title}]({url}) (Jan. 2024, arXiv)"]
    for depth in range(draw(st.integers(0, 3))):  # sub-bullets, each level deeper
        pad = indent + "  " * (depth + 1)
        lines.append(f"{pad}- Code [{draw(_TRICKY)}](https://github.com/acme/t{depth})")
    return lines


@st.composite
def _block(draw: st.DrawFn) -> list[str]:
    kind = draw(st.integers(0, 3))
    if kind == 0:  # an item, then one over-indented under it, with its own sub-bullets
        deeper = draw(st.sampled_from(["    ", "   ", "  "]))
        return [*draw(_item("")), "", *draw(_item(deeper))]
    if kind == 1:  # reference links; one URL a prefix of another
        n = draw(_ID)
        return [
            f"- [Ref{draw(_SPACES)}Paper][p{n}] [Code][c{n}] [Twin][T{n}]",
            "",
            f"[c{n}]: https://github.com/acme/tool-extra",
            f"[p{n}]: https://arxiv.org/{draw(_KIND)}/{n}",
            f"[t{n}]: <https://github.com/acme/tool>",
        ]
    if kind == 2:
        return ["", f"## {draw(_TRICKY)} Section", ""]
    return draw(_item(""))


# A file with a NUL in its first 8 KiB is not read (it looks binary): the lists open with
# a long introduction, so that their NULs reach the parser.
_INTRODUCTION = "# Awesome\n\n" + "An introduction to the list. " * 300 + "\n\n"
hostile_lists = st.lists(_block(), min_size=1, max_size=8).map(
    lambda blocks: _INTRODUCTION + "\n".join(line for block in blocks for line in block) + "\n"
)


def _rendered(text: str) -> tuple[int, int, int, list[str]]:
    """How many links, images and list items markdown renders, and each text (spaces
    collapsed, the one real mojibake planted repaired: the two things fixes may change)."""
    links, images, items, texts = 0, 0, 0, []
    for token in _MD.parse(text.replace("\x00", "\ufffd")):
        if token.type == "list_item_open":
            items += 1
        for child in token.children or []:
            if child.type == "link_open":
                links += 1
            elif child.type == "image":
                images += 1
            elif child.type == "text":
                repaired = child.content.replace(_MOJIBAKE, _MOJIBAKE_REPAIRED)
                texts.append(" ".join(repaired.split()))
    return links, images, items, [t for t in texts if t]


def _encode(text: str, rng: random.Random, newline: str) -> bytes:
    lines = text.split("\n")
    endings = ["\n", "\r\n"] if newline == "mixed" else [newline]
    return "".join(line + rng.choice(endings) for line in lines[:-1]).encode() + lines[-1].encode()


def _check(doc: Document, facts: object) -> list[Finding]:
    found = ENGINE.check(doc, facts)  # type: ignore[arg-type]
    check_findings(doc, found)
    return found


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    text=hostile_lists,
    rng=st.randoms(use_true_random=False),
    newline=st.sampled_from(["\n", "\r\n", "mixed"]),
    online=st.booleans(),
)
def test_fix_keeps_what_renders_and_changes_only_its_edits(
    text: str, rng: random.Random, newline: str, online: bool
) -> None:
    raw = _encode(text, rng, newline)
    source = decode("list.md", "list.md", raw)
    assert isinstance(source, SourceFile), source
    document = parser.parse("list.md", source.text)
    facts = made_up_facts(document, rng) if online else None
    findings = ENGINE.check(document, facts) if online else ENGINE.check(document, _offline())
    check_findings(document, findings)

    # One round by hand: the bytes between the edits it takes stay, line endings included.
    fixes = [f.fix for f in findings if f.fix is not None and (online or f.fix.is_safe)]
    edits, _ = fix.select(fixes)
    once = fix.splice(document.text, edits)
    endings = fix.carry_endings(document.text, edits, source.line_endings or [])
    new_raw = source.encode(once, endings if source.line_endings else None)
    offsets = _raw_offsets(raw, False, document.text)
    position = 0
    cursor = 0
    for edit in [*edits, None]:
        end = len(document.text) if edit is None else edit.start
        stretch = raw[offsets[cursor] : offsets[end]]
        found = new_raw.find(stretch, position)
        assert found >= 0 and (cursor > 0 or found == 0), (stretch, new_raw)
        position = found + len(stretch)
        if edit is not None:
            cursor = edit.end
    assert position == len(new_raw)

    # The whole of --fix: what renders is kept, and a second run has nothing left to do.
    facts_or_none = facts if online else _offline()
    first = fix.fix_document(
        document,
        findings,
        lambda d: _check(d, facts_or_none),
        unsafe=online,
        line_endings=source.line_endings,
    )
    before, after = _rendered(document.text), _rendered(first.text)
    assert after[:2] == before[:2], (before, after)  # every link and image
    assert after[2] == before[2], (before, after)  # every list item (sub-bullets too)
    assert after[3] == before[3] or online, (before, after)  # offline fixes keep link texts
    second = fix.fix_document(
        first.document, first.findings, lambda d: _check(d, facts_or_none), unsafe=online
    )
    assert second.text == first.text and second.applied == 0
    written = source.encode(first.text, first.line_endings)
    if newline != "mixed":  # one kind of ending in, the same kind out
        assert written.count(b"\r\n") == (written.count(b"\n") if newline == "\r\n" else 0)


def _offline() -> object:
    from awesome_lint.facts import Facts

    return Facts()
