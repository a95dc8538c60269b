"""The offline path's speed-ups give the same answers as the code they replace (issue #5).

Each fast path is held against its reference: markdown-it's own ``normalizeLink``, and the
original character loops, kept here verbatim.
"""

from __future__ import annotations

import gc
import re
import sys
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.helpers import parseLinkDestination

from awesome_lint import arxiv_ids, entries, parser
from awesome_lint.document import Document, blank
from awesome_lint.inline_dispatch import DispatchingInline
from conftest import FIXTURES

# -- normalizeLink ---------------------------------------------------------------------------

_HOSTS = st.sampled_from(
    [
        "github.com",
        "arxiv.org",
        "img.shields.io",
        "127.0.0.1",
        "GitHub.com",
        "xn--bcher-kva.ch",
        "bücher.ch",
        "a..b",
        "-x-.org",
        "a" * 64 + ".com",
        "[::1]",
        "user@host",
        "例え.jp",
        "",
    ]
)
_PATH = st.lists(
    st.sampled_from([*"aZ09-._~!$&'()*+,;=:@/?#%[]{}|\\^` \"<>é", "%2F", "%zz"]), max_size=30
).map("".join)


@settings(max_examples=3000)
@given(
    scheme=st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "mailto:", "//", ""]),
    host=_HOSTS,
    port=st.sampled_from(["", ":8080", ":", ":99999999"]),
    path=_PATH,
)
@example(scheme="https://", host="github.com", port="", path="")
@example(scheme="https://", host="arxiv.org", port="", path="/abs/2410.13848")
def test_fast_normalize_link_is_markdown_its(scheme: str, host: str, port: str, path: str) -> None:
    url = scheme + host + port + path
    assert parser._normalize_link(url) == normalizeLink(url)


def test_fast_normalize_link_on_every_fixture_url() -> None:
    urls = set()
    for path in FIXTURES.rglob("*.md"):
        urls.update(re.findall(r"\]\(([^)\s]+)", path.read_text(encoding="utf-8")))
    assert len(urls) > 100
    fast = [url for url in urls if parser._PLAIN_URL.fullmatch(url)]
    assert len(fast) > len(urls) * 0.8  # the fast path is the usual one
    for url in urls:
        assert parser._normalize_link(url) == normalizeLink(url), url


# -- markdown-it's destination scan ---------------------------------------------------------

_DESTINATIONS = st.lists(
    st.sampled_from([*"ab:/.()<>\\ \t\n\x7f\x01&;", "&amp;", "%20", "é"]), max_size=25
).map("".join)


@settings(max_examples=3000)
@given(text=_DESTINATIONS, pos=st.integers(0, 25), maximum=st.integers(0, 30))
@example(text="https://arxiv.org/abs/2410.13848) (Oct. 2024)", pos=0, maximum=45)
@example(text="a(b)c) d", pos=0, maximum=8)
def test_fast_destination_scan_is_markdown_its(text: str, pos: int, maximum: int) -> None:
    maximum = min(maximum, len(text))
    pos = min(pos, len(text) - 1) if text else 0
    if not text:
        return
    fast = parser._parse_link_destination(text, pos, maximum)
    slow = parseLinkDestination(text, pos, maximum)
    assert (fast.ok, fast.pos, fast.str) == (slow.ok, slow.pos, slow.str)


# -- the label and destination scans ------------------------------------------------------


def _label_end_reference(src: str, start: int, end: int) -> int:
    depth = 0
    i = start
    while i < end:
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            close = src.find("`", i + 1)
            i = close + 1 if 0 <= close < end else i + 1
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _destination_reference(src: str, label_end: int, end: int) -> tuple[int, int]:
    if label_end < 0 or label_end + 1 >= end or src[label_end + 1] != "(":
        return -1, -1
    pos = label_end + 2
    while pos < end and src[pos] in " \t\n":
        pos += 1
    if pos < end and src[pos] == "<":
        close = src.find(">", pos)
        return (pos + 1, close) if 0 < close < end else (pos, pos)
    depth, start = 0, pos
    while pos < end:
        ch = src[pos]
        if ch == "\\" and pos + 1 < end:
            pos += 2
            continue
        if ch in " \t\n":
            break
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        pos += 1
    return start, pos


_LINKISH = st.text(alphabet=st.sampled_from(list("[]()\\`<> \t\nab:/.")), max_size=40)


@settings(max_examples=3000)
@given(text=_LINKISH, start=st.integers(0, 40), end=st.integers(0, 45))
@example(text="[a](b)", start=0, end=6)
@example(text="[a\\](b)](c (d)) x", start=0, end=17)
def test_scans_match_the_character_loops(text: str, start: int, end: int) -> None:
    end = min(end, len(text))
    label = parser._label_end(text, start, end)
    assert label == _label_end_reference(text, start, end)
    assert parser._destination(text, label, end) == _destination_reference(text, label, end)


# -- spans and blanking ----------------------------------------------------------------------


@given(text=st.text(alphabet="ab\n", max_size=30), data=st.data())
def test_span_is_two_positions(text: str, data: st.DataObject) -> None:
    document = Document("x.md", text)
    start = data.draw(st.integers(0, len(text) + 2))
    end = data.draw(st.integers(0, len(text) + 2))
    span = document.span(start, end)
    assert (span.line, span.column) == document.position(start)
    assert (span.end_line, span.end_column) == document.position(end)


_MARKDOWN = st.lists(
    st.sampled_from(
        [
            "- ",
            "  + ",
            "\t",
            "[a](b)",
            "![i](j)",
            "| x | [t](u) |",
            "|---|---|",
            "\n",
            "\n\n",
            "text ",
            "> ",
            "1. ",
            "`c`",
            '<a href="h">x</a>',
            "    ",
        ]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=500)
@given(text=_MARKDOWN)
def test_inline_spans_are_document_spans(text: str) -> None:
    document = Document("x.md", text)
    builder = parser._Builder(document)
    for token in parser._MD.parse(text, {}):
        if token.type != "inline" or token.map is None:
            continue
        for placed in (builder.place(token), builder.place(token, [0])):
            length = len(token.content)
            for a in range(length + 1):
                for b in (a, min(a + 3, length), length):
                    expected = document.span(placed.offset(a), placed.offset(b))
                    assert placed.span(document, a, b) == expected


def _blank_reference(text: str, ranges: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in ranges:
        chars[max(start, 0) : max(end, 0)] = " " * max(end - start, 0)
    return "".join(chars)


@given(
    text=st.text(alphabet="ab[](", max_size=30),
    ranges=st.lists(st.tuples(st.integers(-3, 35), st.integers(-3, 35)), max_size=5),
)
def test_blank_is_slice_assignment(text: str, ranges: list[tuple[int, int]]) -> None:
    assert blank(text, ranges) == _blank_reference(text, ranges)


# -- remembered URL parsing ------------------------------------------------------------------

_URLS = st.one_of(
    st.builds(
        "{}{}/{}/{}".format,
        st.sampled_from(
            [
                "https://arxiv.org",
                "http://arxiv.org",
                "https://www.arxiv.org",
                "https://export.arxiv.org",
                "https://ARXIV.org",
                "https://github.com",
                "http://www.github.com",
                "https://GitHub.com",
                "https://example.org",
            ]
        ),
        st.sampled_from(["abs", "pdf", "html", "orgs", "Owner", "x-y", "-bad", "topics"]),
        st.sampled_from(
            [
                "2410.13848",
                "2410.13848v2",
                "2410.13848.pdf",
                "1412.1234",
                "2413.00001",
                "hep-th/9901001",
                "repo",
                "repo.git",
                ".git",
                "a%20b",
                "r/tree/main",
            ]
        ),
        st.sampled_from(["", "/", "?x=1", "#f", "extra"]),
    ),
    st.text(max_size=20),
)


def _parse_repo_url_reference(url: str) -> tuple[str, str] | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or (parts.hostname or "") not in (
        "github.com",
        "www.github.com",
    ):
        return None
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0].lower() in entries._RESERVED_OWNERS:
        return None
    owner, name = segments[0], segments[1]
    if name.endswith(".git"):
        name = name[:-4]
    if not re.fullmatch(entries._NAME, owner) or not re.fullmatch(entries._REPO, name):
        return None
    return owner, name


@settings(max_examples=2000)
@given(url=_URLS, today=st.sampled_from([None, date(2024, 10, 17), date(2026, 1, 1)]))
@example(url="https://arxiv.org/abs/2410.13848", today=None)
@example(url="https://github.com/deepseek-ai/Janus", today=None)
def test_remembered_url_parsing_is_the_parsers(url: str, today: date | None) -> None:
    for _ in range(2):  # asked, then remembered
        assert entries.arxiv_url(url, today) == arxiv_ids.parse_url(url, today=today)
        assert entries.parse_repo_url(url) == _parse_repo_url_reference(url)


# -- the inline parser's dispatch ------------------------------------------------------------


def _stock_parser() -> MarkdownIt:
    """Our parser with markdown-it's own inline loop: the dispatch turned off, all else equal."""
    md = parser._make_parser()
    assert isinstance(md.inline, DispatchingInline)
    md.inline._dispatch = None
    return md


_STOCK = _stock_parser()
_INLINE_PIECES = st.lists(
    st.sampled_from(
        [
            *"[]()!<>&\\`~*_-:#=+@^{}$%\n ",
            "a",
            "Janus",
            "![arXiv](https://img.shields.io/badge/arXiv-2410.13861-b31b1b.svg)",
            "[![Star](https://img.shields.io/github/stars/a/b.svg)](https://github.com/a/b)",
            "[t](https://arxiv.org/abs/2410.13861)",
            '<a href="https://x.org">p</a>',
            "<https://x.org>",
            # Inside a link's label, markdown-it skips these whole: a "]" in them is no end.
            "[<https://x.org/]>](u)",
            '[<b title="]">](u)',
            "[`]`](u)",
            "[\\]](u)",
            "[&#93;](u)",
            "[**]**](u)",
            "[~~]~~](u)",
            "&amp;",
            "&#35;",
            "**b**",
            "~~s~~",
            "`c`",
            "  \n",
            "\\[",
            "[" * 12,
            "]" * 12,
            "[ref]",
            "\n[ref]: https://x.org\n",
            "| a | [b](c) |\n|---|---|\n| d | e |\n",
            "- ",
            "\n\n",
        ]
    ),
    max_size=30,
).map("".join)


def _tokens(md: MarkdownIt, text: str) -> list[dict[str, object]]:
    return [token.as_dict() for token in md.parse(text, {})]


@settings(max_examples=1500)
@given(text=_INLINE_PIECES)
def test_dispatch_gives_markdown_its_tokens(text: str) -> None:
    assert parser._MD.inline._dispatch is not None  # the dispatch is on in the real parser
    assert _tokens(parser._MD, text) == _tokens(_STOCK, text)


def test_dispatch_gives_markdown_its_tokens_on_the_lists() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import generate  # bench/generate.py

    texts = [path.read_text("utf-8") for path in sorted(FIXTURES.rglob("*.md"))]
    texts.append(generate.generate(400, seed=7).text)
    assert len(texts) > 5
    for text in texts:
        assert _tokens(parser._MD, text) == _tokens(_STOCK, text)


def test_an_unknown_inline_rule_turns_the_dispatch_off() -> None:
    md = parser._make_parser()
    inline = md.inline
    assert isinstance(inline, DispatchingInline)
    inline.ruler.push("mention", lambda state, silent: False)
    assert inline.compile_dispatch() is False
    assert inline._dispatch is None
    assert _tokens(md, "a [b](c) d") == _tokens(_STOCK, "a [b](c) d")


# -- the garbage collector -------------------------------------------------------------------


def test_only_a_run_that_ends_the_process_freezes_its_objects(tmp_path: Path) -> None:
    from awesome_lint.config import Config
    from awesome_lint.engine import Engine, Options

    listed = tmp_path / "list.md"
    listed.write_bytes(
        (FIXTURES / "lists" / "awesome-unified-understanding-and-generation.md").read_bytes()
    )
    gc.unfreeze()
    try:
        # A library caller (the tests, an editor plugin) gets everything collected as usual.
        Engine(Config(), Options(offline=True)).run([str(listed)])
        assert gc.get_freeze_count() == 0
        assert gc.isenabled()
        # The command line's run freezes what it made: the process exits right after.
        Engine(Config(), Options(offline=True, process_exits_after=True)).run([str(listed)])
        assert gc.get_freeze_count() > 10_000
        assert gc.isenabled()
    finally:
        gc.unfreeze()
