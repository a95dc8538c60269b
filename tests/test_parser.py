"""The parser: every list format gives entries, with exact spans."""

from __future__ import annotations

from awesome_lint import entries
from awesome_lint.document import Document
from conftest import FIXTURES, parse_text


def _parse(name: str) -> Document:
    path = FIXTURES / "formats" / name
    return parse_text(path.read_text("utf-8"), str(path))


def _at(document: Document, start: int, end: int) -> str:
    return document.text[start:end]


def test_multiline_items_with_badges_on_following_lines() -> None:
    doc = _parse("multiline.md")
    assert [e.title for e in doc.entries] == [
        "UniTok: A Unified Tokenizer for Visual Generation and Understanding",
        "Making LLaMA SEE and Draw with SEED Tokenizer",
    ]
    unitok = doc.entries[0]
    assert (unitok.span.line, unitok.span.end_line) == (4, 6)
    assert unitok.date is not None and unitok.date.text == "Feb. 2025"
    assert unitok.venue is not None and unitok.venue.text == "arXiv"
    assert unitok.section is not None and unitok.section.title == "Unified Tokenizer"
    assert str(entries.arxiv_id(unitok).id) == "2502.20321"  # type: ignore[union-attr]
    repo = entries.repository(unitok)
    assert repo is not None and repo.full_name == "FoundationVision/UniTok"
    images = entries.images(unitok)
    assert [entries.is_arxiv_badge(i) for i, _ in images] == [True, False]
    assert [entries.is_star_badge(i) for i, _ in images] == [False, True]
    seed = doc.entries[1]
    assert seed.date is not None and seed.date.text == "Oct 2023"
    assert seed.venue is not None and seed.venue.text == "ICLR"


def test_spans_are_exact_for_every_link_title_and_date() -> None:
    for name in ("multiline.md", "oneline.md", "table.md", "bracketed.md"):
        doc = _parse(name)
        assert doc.entries, name
        for link in doc.links:
            assert _at(doc, link.url_span.start, link.url_span.end) == link.url
            line, column = link.url_span.line, link.url_span.column
            assert doc.lines[line - 1][column - 1 :].startswith(link.url)
        for entry in doc.entries:
            assert (
                " ".join(_at(doc, entry.title_span.start, entry.title_span.end).split())
                == entry.title
            )
            if entry.date is not None:
                assert _at(doc, entry.date.span.start, entry.date.span.end) == entry.date.text


def test_one_line_items_with_html_links() -> None:
    doc = _parse("oneline.md")
    uae, srum = doc.entries
    assert uae.title == "Unified Multimodal Model as Auto-Encoder"
    html = [link for link in uae.links if link.kind == "html"]
    assert len(html) == 1
    assert html[0].url.startswith("https://github.com/PKU-YuanGroup/UAE?tab=")
    assert html[0].text == "📊 UniBench"
    assert uae.date is not None and uae.date.text == "Sep. 2025"
    assert srum.date is not None and srum.date.text == "June 2025"
    # The star badge's link is the entry's repository, not the HTML link before it.
    repo = entries.repository(uae)
    assert repo is not None and repo.link.image is not None


def test_table_rows_are_entries() -> None:
    doc = _parse("table.md")
    unitoken, janus = doc.entries
    assert unitoken.kind == "row"
    assert unitoken.title.startswith("UniToken: Harmonizing")
    assert unitoken.date is not None and unitoken.date.text == "2025/04/06"
    assert unitoken.venue is not None and unitoken.venue.text == "CVPRW"
    repo = entries.repository(unitoken)
    assert repo is not None and repo.full_name == "SxJyJay/UniToken"
    bare = [image for image, around in entries.images(unitoken) if around is None]
    assert len(bare) == 1 and entries.parse_star_badge(bare[0].url)[:2] == ("SxJyJay", "UniToken")  # type: ignore[index]
    assert janus.date is not None and janus.date.text == "2024.10"
    # Columns inside a table row are exact too.
    assert janus.date.span.column == doc.lines[janus.span.line - 1].index("2024.10") + 1


def test_bold_venue_and_plain_title_items() -> None:
    doc = _parse("bracketed.md")
    harmon, emu, show_o = doc.entries
    assert harmon.title == (
        "Harmonizing Visual Representations for Unified Multimodal Understanding and Generation"
    )
    assert harmon.title_link is None
    assert harmon.venue is not None and harmon.venue.text == "CVPR 2025"
    assert str(entries.arxiv_id(harmon).id) == "2503.21979"  # type: ignore[union-attr]
    assert emu.title == "Emu: Generative Pretraining in Multimodality"
    assert emu.venue is not None and emu.venue.text == "ICLR"
    assert show_o.title.startswith("Show-o: One Single Transformer")
    assert entries.repository(harmon).full_name == "wusize/Harmon"  # type: ignore[union-attr]


def test_nested_item_knows_its_parent_entry() -> None:
    doc = parse_text(
        "  + [UniToken: H](https://arxiv.org/abs/2504.04423) (Apr. 2025, arXiv)\n\n"
        "    + [TokenFlow: U](https://arxiv.org/abs/2412.03069) (Dec. 2024, arXiv)\n"
        "  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2412.03069)\n"
    )
    unitoken, tokenflow = doc.entries
    assert tokenflow.parent is unitoken
    assert tokenflow.indent == 4 and unitoken.indent == 2
    assert tokenflow.span.end_line == 4


def test_items_without_a_paper_are_not_entries() -> None:
    doc = parse_text(
        "## Contents\n- [Papers](#papers)\n- [Tools](#tools)\n\n"
        "- A note without links\n- **Bold** only [[Code](https://github.com/o/r)]\n"
    )
    assert doc.entries == []


def test_reference_links_autolinks_and_blockquotes() -> None:
    doc = parse_text(
        "> - [Janus: D](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\n\n"
        "- [Emu3: Next-Token Prediction][emu3] (Sep. 2024, arXiv) <https://github.com/baaivision/Emu3>\n\n"
        "[emu3]: https://arxiv.org/abs/2409.18869\n"
    )
    janus, emu3 = doc.entries
    assert janus.title_link is not None and janus.title_link.url_span.line == 1
    assert doc.lines[0][janus.title_link.url_span.column - 1 :].startswith(
        "https://arxiv.org/abs/2410"
    )
    assert emu3.title_link is not None and emu3.title_link.kind == "reference"
    # A reference link's URL is where it is written: in its definition.
    assert emu3.title_link.url_span.line == 5
    autolink = [link for link in emu3.links if link.kind == "autolink"]
    assert autolink and autolink[0].url == "https://github.com/baaivision/Emu3"
    assert _at(doc, autolink[0].url_span.start, autolink[0].url_span.end) == autolink[0].url


def test_html_block_images_are_links_with_exact_columns() -> None:
    doc = parse_text('<p align="center">\n  <img src="assets/a.png" width="480px" />\n</p>\n')
    (image,) = doc.links
    assert image.kind == "html-image" and image.url == "assets/a.png"
    assert (image.url_span.line, image.url_span.column) == (2, 13)


def test_code_blocks_are_not_parsed_for_entries() -> None:
    doc = parse_text(
        "```markdown\n- [A: b](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\n```\n"
    )
    assert doc.entries == [] and doc.code_lines == frozenset({1, 2, 3})


def test_a_lists_own_news_in_the_first_person_is_no_entry() -> None:
    doc = parse_text(
        "## News\n"
        "- We released [C2LLM](https://arxiv.org/abs/2512.21332), a family of embedding models.\n"
        "* [2024.07.10] We release the first version of the survey [PDF](https://arxiv.org/pdf/2407.06886)!\n"
        "- [2024/09/06] Our survey has been accepted by TMLR [paper](https://arxiv.org/abs/2409.00001).\n"
        "## Papers\n"
        "- [We Can Ground: A Paper](https://arxiv.org/abs/2401.00001) (Jan. 2024, arXiv)\n"
    )
    # A title in a link is a title, whatever its first word.
    assert [e.title for e in doc.entries] == ["We Can Ground: A Paper"]


def test_a_nickname_with_a_note_before_the_quoted_title() -> None:
    doc = parse_text(
        '10. **CodeT5+** (Span Corruption + CLM): "CodeT5+: Open Code Large Language Models"'
        " [2023-05] [[paper](https://arxiv.org/abs/2305.07922)]\n"
    )
    (entry,) = doc.entries
    assert entry.title == "CodeT5+: Open Code Large Language Models"
    assert entry.date is not None and entry.date.text == "2023-05"


def test_an_arxiv_tag_set_in_code_gives_the_date() -> None:
    """`**`arXiv 25.7`**`: a list's tag in code, read as the date (YY.M after arXiv)."""
    doc = parse_text(
        "- **FASTopoWM**: Fast-Slow Lane Topology. **`arXiv 25.7`** "
        "[[Paper](https://arxiv.org/abs/2507.23325)]\n"
        "- **Orbis**: Long-Horizon Prediction. **`CVPR 25`** [[Paper](https://arxiv.org/abs/2507.13162)]\n"
        "- **Other**: A Paper. `pip install x 25.7` [[Paper](https://arxiv.org/abs/2507.13163)]\n"
    )
    first, second, third = doc.entries
    assert first.date is not None and first.date.text == "arXiv 25.7"
    assert second.date is None and second.venue is not None and second.venue.text == "CVPR 25"
    assert third.date is None  # code that is no tag stays masked


def test_authors_first_then_the_quoted_title_on_the_next_line() -> None:
    doc = parse_text(
        "- Zhang Jiaxing, Tang Hao.<br />\n"
        '"SAM2 for Image and Video Segmentation: A Comprehensive Survey." ArXiv (2025).\n'
        "[[paper](https://arxiv.org/abs/2503.12781)]\n"
        "[2025.03]\n"
        "\n"
        "- **SAM4MIS:** Yichi Zhang, Rushi Jiao.<br />\n"
        '  "Towards Segment Anything Model (SAM) for Medical Image Segmentation." CBM (2024).\n'
        "  [[paper](https://arxiv.org/abs/2305.03678)]\n"
    )
    assert [e.title for e in doc.entries] == [
        "SAM2 for Image and Video Segmentation: A Comprehensive Survey",
        "Towards Segment Anything Model (SAM) for Medical Image Segmentation",
    ]


def test_a_one_word_bold_name_before_the_titles_words() -> None:
    doc = parse_text(
        "- **[CVPR, 2024]** **LVM** Sequential Modeling Enables Scalable Learning for Large"
        " Vision Models [Paper](https://arxiv.org/pdf/2312.00785)\n"
        "- **Janus** decouples visual encoding [Paper](https://arxiv.org/abs/2410.13848)\n"
    )
    assert [e.title for e in doc.entries] == [
        "LVM: Sequential Modeling Enables Scalable Learning for Large Vision Models",
        "Janus",  # a description in lower case is no title
    ]


def test_a_year_in_a_sentence_is_no_date() -> None:
    doc = parse_text(
        "| Paper | Links |\n| --- | --- |\n"
        "| 4) AM-Thinking-v1 Introduces a dense model. <br>● Benchmark performance: it scores"
        " 85.3 on AIME 2024, 74.4 on AIME 2025, and 70.3 on LiveCodeBench, outperforming others"
        " | [Paper](https://arxiv.org/abs/2505.08311) |\n"
        "\n- [Some Paper: A Title](https://arxiv.org/abs/2505.08312), arXiv, 2025\n"
    )
    first, second = doc.entries
    assert first.date is None
    assert second.date is not None and second.date.text == "2025"


def test_a_rows_own_number_before_its_title_and_a_cited_year() -> None:
    doc = parse_text(
        "| Paper | Links |\n| --- | --- |\n"
        "| 3) **Chinchilla Scaling: A replication attempt** - attempts to replicate the third"
        " estimation procedure of the law proposed in Hoffmann et al. (2022) (i.e., Chinchilla"
        " scaling) | [Paper](https://arxiv.org/abs/2404.10102) |\n"
        "\n- **Survey of X**, A. Author et al., 2023 [[paper](https://arxiv.org/abs/2301.00001)]\n"
    )
    row, item = doc.entries
    assert row.title == "Chinchilla Scaling: A replication attempt"
    assert row.date is None  # the year of a work the description cites
    assert item.date is not None and item.date.text == "2023"  # the entry's own author line


def test_more_of_a_lists_own_news_is_no_entry() -> None:
    doc = parse_text(
        "## News\n"
        "- [2025-09-11] Excited to release [SSRL](https://arxiv.org/abs/2508.10874), a new method.\n"
        "- [2025-04-22] Introducing [TTRL](https://arxiv.org/abs/2504.16084): test-time RL.\n"
    )
    assert doc.entries == []
