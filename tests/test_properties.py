"""Property tests: generated lists and damaged copies of the fixtures never break the linter.

For any text, parsing and every rule (offline rules, and online rules on made-up facts) finish
without an exception; every finding's span, related span and fix edit lies inside the file and
matches the document's line and column numbering; applying the fixes gives a text that parses;
a second ``--fix`` changes nothing; and the bytes of the file outside a fix's edits (BOM, line
endings included) never change.

The number of examples comes from the hypothesis profile (``tests/conftest.py``): ``ci`` by
default, ``HYPOTHESIS_PROFILE=nightly`` for at least 10,000 per property (docs/robustness.md).
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awesome_lint import fix, gather, local_files, parser
from awesome_lint.config import Config
from awesome_lint.document import Document
from awesome_lint.engine import Engine, Options
from awesome_lint.facts import (
    ArxivFact,
    ArxivPaper,
    Facts,
    FactStatus,
    LinkFact,
    RepoFact,
    Venue,
    VenueFact,
)
from awesome_lint.files import decode
from awesome_lint.findings import Finding, Span
from awesome_lint.report import RunResult, render
from awesome_lint.rules import registry
from conftest import FIXTURES, TODAY

FIXTURE_TEXTS = [
    path.read_text(encoding="utf-8") for path in sorted(FIXTURES.rglob("*.md")) if path.is_file()
]
ENGINE = Engine(Config(), Options(today=TODAY))  # every rule, offline and online
RULES = registry.all_meta()

# The nightly profile runs for minutes: no per-test time limit then.
pytestmark = pytest.mark.timeout(0 if settings().max_examples > 1_000 else 300)

# ------------------------------------------------------------------------------ generators

_TEXT_ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs"),
    include_characters="éÃ©â€™  \t*_`[]()<>|\\&\"'!#~-:%",
)
_words = st.text(_TEXT_ALPHABET, min_size=0, max_size=30)
_owner = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9-]{0,8}", fullmatch=True)
_repo = st.from_regex(r"[A-Za-z0-9._-]{1,10}", fullmatch=True)
_new_id = st.builds(
    lambda yy, mm, num, v: f"{yy:02d}{mm:02d}.{num}{v}",
    st.integers(0, 30),
    st.integers(0, 13),
    st.from_regex(r"\d{3,6}", fullmatch=True),
    st.sampled_from(["", "v1", "v2", "v0", "v12"]),
)
_old_id = st.builds(
    lambda archive, digits: f"{archive}/{digits}",
    st.sampled_from(["hep-th", "math.AG", "cs", "quant-ph", "astro-ph.CO"]),
    st.from_regex(r"\d{5,8}", fullmatch=True),
)
_arxiv_id = st.one_of(st.sampled_from(["2410.13848", "2411.07975", "2405.09818"]), _new_id, _old_id)
_arxiv_url = st.builds(
    lambda scheme, host, kind, ident, tail: f"{scheme}://{host}/{kind}/{ident}{tail}",
    st.sampled_from(["https", "http"]),
    st.sampled_from(["arxiv.org", "www.arxiv.org", "export.arxiv.org", "arxiv.com"]),
    st.sampled_from(["abs", "pdf", "html", "format"]),
    _arxiv_id,
    st.sampled_from(["", ".pdf", "/", "#sec", "?x=1"]),
)
_repo_url = st.builds(
    lambda host, owner, repo, tail: f"https://{host}/{owner}/{repo}{tail}",
    st.sampled_from(["github.com", "www.github.com", "gitlab.com"]),
    _owner,
    _repo,
    st.sampled_from(["", "/", ".git", "/tree/main", "#readme", "/blob/main/README.md"]),
)
_badge_url = st.builds(
    lambda owner, repo, tail: f"https://img.shields.io/github/stars/{owner}/{repo}{tail}",
    _owner,
    _repo,
    st.sampled_from(["", ".svg", "?style=social", "?style=social&label=Star", "/x", " "]),
)
_url = st.one_of(
    _arxiv_url,
    _repo_url,
    _badge_url,
    st.sampled_from(
        [
            "",
            " ",
            "#anchor",
            "docs/missing.md",
            "./tests",
            "mailto:a@b.c",
            "htps://example.com",
            "https://example.com/a b",
            "https://huggingface.co/x",
            "javascript:alert(1)",
            "https://127.0.0.1/x",
            "<https://example.com>",
        ]
    ),
    _words.map(lambda w: f"https://example.com/{w}"),
)
_date = st.one_of(
    st.sampled_from(
        [
            "Oct. 2024",
            "Oct 2024",
            "Sept. 2024",
            "June 2025",
            "2024/10/17",
            "2024.10",
            "2024",
            "Dec. 2030",
            "Feb. 2024",
            "13/2024",
            "Oct. 20244",
        ]
    ),
    _words,
)


@st.composite
def _entry_line(draw: st.DrawFn) -> str:
    indent = draw(st.sampled_from(["", "", "  ", "    ", "\t", "      "]))
    marker = draw(st.sampled_from(["- ", "* ", "+ ", "1. ", "- [ ] ", "", "> - "]))
    venue = draw(st.sampled_from(["", "", "**[CVPR 2025]** ", "[NeurIPS] ", "__[ICLR]__ "]))
    title = draw(_words)
    shape = draw(st.integers(0, 3))
    if shape == 0:
        head = f"[{title}]({draw(_url)})"
    elif shape == 1:
        head = f"**{title}**"
    elif shape == 2:
        head = f'<a href="{draw(_url)}">{title}</a>'
    else:
        head = title
    date_part = draw(st.sampled_from(["", " ({d}, arXiv)", " ({d})", " {d}", " [{d}]"]))
    badges = draw(
        st.lists(
            st.one_of(
                st.builds(lambda b, r: f" [![Star]({b})]({r})", _badge_url, _repo_url),
                st.builds(lambda u: f" [[Paper]({u})]", _arxiv_url),
                st.builds(lambda u: f" [Code]({u})", _repo_url),
                st.builds(lambda u: f' <img src="{u}" alt="x">', _badge_url),
                st.builds(
                    lambda u: f" [![arXiv](https://img.shields.io/badge/arXiv-x-b31b1b.svg)]({u})",
                    _arxiv_url,
                ),
            ),
            max_size=3,
        )
    )
    continuation = draw(st.sampled_from(["", "", "\n  " + "".join(badges)]))
    return (
        f"{indent}{marker}{venue}{head}{date_part.format(d=draw(_date))}"
        f"{'' if continuation else ''.join(badges)}{continuation}"
    )


_other_line = st.one_of(
    st.sampled_from(
        [
            "",
            "",
            "# Papers",
            "## 2024",
            "```",
            "    indented code",
            "| Title | Date | Code |",
            "| --- | --- | --- |",
            "---",
            "<!-- awesome-lint-disable-next-line date-format -->",
            "<!-- awesome-lint-disable date-arxiv-id -->",
            "<!-- awesome-lint-enable date-arxiv-id -->",
            "<!-- awesome-lint-disable-file mojibake -->",
            "<!-- awesome-lint-disable-next-line -->",
            "<details>",
            "</details>",
            "[ref]: https://arxiv.org/abs/2410.13848",
        ]
    ),
    st.builds(
        lambda t, u, d: f"| [{t}]({u}) | {d} | [Code](https://github.com/a/b) |",
        _words,
        _url,
        _date,
    ),
    _words,
)

markdown_lists = st.lists(st.one_of(_entry_line(), _other_line), min_size=0, max_size=20).map(
    lambda lines: "\n".join(lines)
)


@st.composite
def damaged_fixtures(draw: st.DrawFn) -> str:
    """A window of a fixture list with characters, lines and brackets deleted, doubled, swapped."""
    lines = draw(st.sampled_from(FIXTURE_TEXTS)).split("\n")
    size = draw(st.integers(1, 40))
    start = draw(st.integers(0, max(0, len(lines) - size)))
    text = "\n".join(lines[start : start + size])
    for _ in range(draw(st.integers(1, 6))):
        text = _mutate(draw, text)
    return text


def _mutate(draw: st.DrawFn, text: str) -> str:
    kind = draw(
        st.sampled_from(
            [
                *("del-char", "dup-char", "swap-chars", "del-line", "dup-line", "swap-lines"),
                *("del-bracket", "add-bracket", "swap-brackets"),
            ]
        )
    )
    if kind.endswith("line") or kind.endswith("lines"):
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if kind == "del-line":
            del lines[i]
        elif kind == "dup-line":
            lines.insert(i, lines[i])
        else:
            lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    if kind == "add-bracket":
        i = draw(st.integers(0, len(text)))
        return text[:i] + draw(st.sampled_from("[]()<>!`*|\n")) + text[i:]
    brackets = [i for i, ch in enumerate(text) if ch in "[]()<>"]
    if kind in ("del-bracket", "swap-brackets") and brackets:
        i = draw(st.sampled_from(brackets))
        if kind == "del-bracket":
            return text[:i] + text[i + 1 :]
        j = draw(st.sampled_from(brackets))
        i, j = min(i, j), max(i, j)
        return text[:i] + text[j] + text[i + 1 : j] + text[i] + text[j + 1 :] if i < j else text
    if not text:
        return text
    i = draw(st.integers(0, len(text) - 1))
    if kind == "del-char":
        return text[:i] + text[i + 1 :]
    if kind == "dup-char":
        return text[:i] + text[i] + text[i:]
    if i + 1 < len(text):  # swap-chars
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text


any_list = st.one_of(markdown_lists, damaged_fixtures())

# ------------------------------------------------------------------------------ facts


def made_up_facts(document: Document, rng: random.Random) -> Facts:
    """Facts for every id, repository and URL the document has: found (often with another
    title, date or spelling), missing or unverified, so that every online rule has work."""
    facts = Facts()
    links = [x for link in document.links for x in (link, link.image) if x is not None]
    titles = [entry.title for entry in document.entries] or ["A Paper"]
    for ident in gather._arxiv_ids(links):
        status = rng.choice(list(FactStatus))
        paper = None
        if status is FactStatus.FOUND:
            title = rng.choice(titles)
            title = rng.choice([title, title.upper(), title + " v2", "Another Paper Entirely"])
            paper = ArxivPaper(
                ident,
                rng.randint(1, 3),
                " ".join(title.split()) or "Untitled",
                date(rng.randint(2007, 2026), rng.randint(1, 12), rng.randint(1, 28)),
                date(2026, 1, 1),
                summary=rng.choice(
                    ["", "This paper has been withdrawn.", "https://github.com/a/b"]
                ),
            )
        facts.arxiv[ident] = ArxivFact(ident, status, paper, "" if paper else "reason")
        if paper is not None and rng.random() < 0.3:
            facts.title_search[rng.choice(titles)] = (paper,)
        venue_status = rng.choice(list(FactStatus))
        venue = rng.choice(
            [None, Venue("ICCV", 2025), Venue("CVPR", None, "Workshops"), Venue("NeurIPS", 2019)]
        )
        facts.venues[ident] = VenueFact(
            ident,
            venue_status,
            rng.choice(titles) if venue_status is FactStatus.FOUND else "",
            venue if venue_status is FactStatus.FOUND else None,
        )
    for name in gather._repositories(links):
        status = rng.choice(list(FactStatus))
        canonical = None
        if status is FactStatus.FOUND:
            canonical = rng.choice([name, name.upper(), "Other/" + name.split("/")[1], "x/y"])
        facts.repos[name.lower()] = RepoFact(
            name,
            status,
            canonical,
            archived=rng.random() < 0.3,
            readme=rng.choice([None, "", "arXiv 2410.13848", " ".join(titles[:3])]),
        )
    for link in links:
        if link.url.strip().startswith(("http://", "https://")):
            status = rng.choice(list(FactStatus))
            facts.links[link.url] = LinkFact(
                link.url, status, 404 if status is FactStatus.MISSING else 200, reason="dead"
            )
    for link in links:
        target = local_files.resolve(document.path, link.url)
        if target is not None:
            facts.files[target] = rng.random() < 0.5
    return facts


# ------------------------------------------------------------------------------ checks


def _check_span(document: Document, span: Span, what: str) -> None:
    text = document.text
    assert 0 <= span.start <= span.end <= len(text), f"{what} {span} outside 0..{len(text)}"
    assert document.span(span.start, span.end) == span, f"{what} {span} misnumbered"


def check_findings(document: Document, findings: list[Finding]) -> None:
    for finding in findings:
        assert finding.path == document.path
        _check_span(document, finding.span, f"{finding.rule} span")
        for related in finding.related:
            _check_span(document, related.span, f"{finding.rule} related")
        if finding.fix is not None:
            assert finding.fix.edits, f"{finding.rule}: a fix without edits"
            for edit in finding.fix.edits:
                assert 0 <= edit.start <= edit.end <= len(document.text), (finding.rule, edit)


def lint_everything(text: str, rng: random.Random) -> tuple[Document, Facts, list[Finding]]:
    document = parser.parse("list.md", text)
    facts = made_up_facts(document, rng)
    findings = ENGINE.check(document, facts)
    check_findings(document, findings)
    return document, facts, findings


def _raw_offsets(raw: bytes, bom: bool, text: str) -> list[int]:
    """Byte offset in ``raw`` of each text offset (and of the end), line endings counted."""
    offsets: list[int] = []
    position = 3 if bom else 0
    for char in text:
        offsets.append(position)
        if char == "\n":
            position += 2 if raw[position : position + 2] == b"\r\n" else 1
        else:
            position += len(char.encode("utf-8"))
    offsets.append(position)
    return offsets


# ------------------------------------------------------------------------------ properties

_SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@_SETTINGS
@given(text=any_list, rng=st.randoms(use_true_random=False))
def test_parsing_and_every_rule_never_crash_and_spans_lie_inside(
    text: str, rng: random.Random
) -> None:
    document, _, findings = lint_everything(text, rng)
    result = RunResult(findings, [document.path])
    for fmt in ("text", "github", "json", "sarif", "markdown"):
        render(fmt, result, RULES, texts={document.path: document.text})


@_SETTINGS
@given(text=any_list, rng=st.randoms(use_true_random=False))
def test_fixes_reparse_and_a_second_fix_changes_nothing(text: str, rng: random.Random) -> None:
    document, facts, findings = lint_everything(text, rng)

    def check(doc: Document) -> list[Finding]:
        found = ENGINE.check(doc, facts)
        check_findings(doc, found)  # every round's findings are sound too
        return found

    first = fix.fix_document(document, findings, check, unsafe=True)
    parser.parse("list.md", first.text)
    second = fix.fix_document(first.document, first.findings, check, unsafe=True)
    assert second.text == first.text
    assert second.applied == 0


@_SETTINGS
@given(
    text=any_list,
    rng=st.randoms(use_true_random=False),
    newline=st.sampled_from(["\n", "\r\n", "mixed"]),
    bom=st.booleans(),
)
def test_bytes_outside_a_fixs_edits_never_change(
    text: str, rng: random.Random, newline: str, bom: bool
) -> None:
    lines = text.replace("\r", "").split("\n")
    if newline == "mixed":
        body = "".join(line + rng.choice(["\n", "\r\n"]) for line in lines[:-1]) + lines[-1]
    else:
        body = newline.join(lines)
    raw = (b"\xef\xbb\xbf" if bom else b"") + body.encode("utf-8")
    source = decode("list.md", "list.md", raw)
    assert not isinstance(source, type(None))
    assert hasattr(source, "text"), source
    document = parser.parse("list.md", source.text)  # type: ignore[union-attr]
    facts = made_up_facts(document, rng)
    findings = ENGINE.check(document, facts)
    fixes = [f.fix for f in findings if f.fix is not None]
    taken, count = fix.select(fixes)  # the edits fix.apply takes
    if not count:
        return
    new_text = fix.splice(document.text, taken)
    endings = source.line_endings  # type: ignore[union-attr]
    if endings is not None:
        endings = tuple(fix.carry_endings(document.text, taken, endings))
    new_raw = source.encode(new_text, endings)  # type: ignore[union-attr]
    offsets = _raw_offsets(raw, bom, document.text)
    edits = sorted(taken, key=lambda e: (e.start, e.end))
    bounds = [0, *(x for e in edits for x in (e.start, e.end)), len(document.text)]
    kept = [
        raw[(offsets[a] if a else 0) : offsets[b]]
        for a, b in zip(bounds[::2], bounds[1::2], strict=True)
    ]
    # The stretches of the original between the edits are all there, unchanged and in order.
    assert new_raw.startswith(kept[0]), (kept[0], new_raw)
    assert new_raw.endswith(kept[-1]), (kept[-1], new_raw)
    position = len(kept[0])
    for stretch in kept[1:-1]:
        found = new_raw.find(stretch, position)
        assert found >= 0, (stretch, new_raw)
        position = found + len(stretch)
    assert position <= len(new_raw) - len(kept[-1]) or len(kept) == 1


def test_the_generators_reach_every_kind_of_finding_and_fix() -> None:
    """The strategies are not vacuous: a fixed sample has entries, and findings and fixes of
    nearly every rule."""
    rules: set[str] = set()
    fixed: set[str] = set()
    entries = [0]

    @settings(max_examples=400, derandomize=True, database=None)
    @given(text=any_list, rng=st.randoms(use_true_random=False))
    def sample(text: str, rng: random.Random) -> None:
        document, _, findings = lint_everything(text, rng)
        entries[0] += len(document.entries)
        rules.update(f.rule for f in findings)
        fixed.update(f.rule for f in findings if f.fix is not None)

    sample()
    assert entries[0] > 400
    assert len(rules) >= 20, sorted({m.name for m in RULES} - rules)
    assert len(fixed) >= 7, sorted(fixed)
