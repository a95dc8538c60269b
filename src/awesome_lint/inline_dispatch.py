"""markdown-it's inline parser, asking at each position only the rules that can start there.

markdown-it tries its inline rules in order at every position where plain text stops: eleven
calls at a ``-``, a ``:`` or a ``]``, of which at most one can succeed, because every rule but
``text`` first checks the character it starts with and returns at once on any other. On a list
of badges that was some 800,000 calls that could only say no, a tenth of parsing.

``DispatchingInline`` keeps markdown-it's rules, their order and its loop, and only leaves out
the calls that cannot succeed: ``text`` first, as markdown-it does, then only the rules whose
opening character is the one at hand (and, in the silent look-ahead of link labels, not the
two delimiter rules that never match silently). Text without any character a rule could start
at (an image's alt text, parsed on its own) becomes its one text token directly.
``tests/test_speedups.py`` holds it to the same tokens as markdown-it's own parser.

Rules we do not know (a plugin, a later markdown-it) turn the dispatch off: the stock loop runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.utils import EnvType

InlineRule = Callable[[StateInline, bool], bool]

# The characters each of markdown-it's inline rules can start at (its first check).
OPENERS: dict[str, str] = {
    "newline": "\n",
    "escape": "\\",
    "backticks": "`",
    "strikethrough": "~",
    "emphasis": "*_",
    "link": "[",
    "image": "!",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
}
# Delimiter rules that return False whenever they are called silently.
NEVER_SILENT = frozenset({"strikethrough", "emphasis"})

Chains = dict[str, tuple[InlineRule, ...]]


class DispatchingInline(ParserInline):
    """A ``ParserInline`` whose rules are looked up by the character at the position."""

    def __init__(self) -> None:
        super().__init__()
        self._dispatch: tuple[InlineRule, Chains, Chains] | None = None

    def compile_dispatch(self) -> bool:
        """Build the tables from the rules now enabled; False (stock loop) if one is unknown.

        Call it again after changing the ruler (markdown-it's ``enable``, ``at``...).
        """
        self._dispatch = None
        enabled = [rule for rule in self.ruler.__rules__ if rule.enabled]
        if not enabled or enabled[0].name != "text":
            return False
        if any(rule.name not in OPENERS for rule in enabled[1:]):
            return False
        loud: dict[str, list[InlineRule]] = {}
        silent: dict[str, list[InlineRule]] = {}
        for rule in enabled[1:]:
            for char in OPENERS[rule.name]:
                loud.setdefault(char, []).append(rule.fn)
                if rule.name not in NEVER_SILENT:
                    silent.setdefault(char, []).append(rule.fn)
        self._dispatch = (
            enabled[0].fn,
            {char: tuple(rules) for char, rules in loud.items()},
            {char: tuple(rules) for char, rules in silent.items()},
        )
        return True

    def parse(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> list[Token]:
        # Plain text (an image's alt "arXiv", a cell "2024"): all that markdown-it's rules and
        # post-processing make of it is one text token, without a StateInline.
        if self._dispatch is not None and src and self.terminator_re.search(src) is None:
            token = Token("text", "", 0)
            token.content = src
            tokens.append(token)
            return tokens
        return super().parse(src, md, env, tokens)

    def skipToken(self, state: StateInline) -> None:
        if self._dispatch is None:
            super().skipToken(state)
            return
        text, _, silent_chains = self._dispatch
        pos = state.pos
        cache = state.cache
        if pos in cache:
            state.pos = cache[pos]
            return
        ok = False
        if state.level < state.md.options["maxNesting"]:
            # markdown-it raises the level around each rule it tries: the same, once.
            state.level += 1
            try:
                ok = text(state, True)
                if not ok:
                    for rule in silent_chains.get(state.src[pos], ()):
                        if rule(state, True):
                            ok = True
                            break
            finally:
                state.level -= 1
            if ok and state.pos <= pos:
                raise RuntimeError("inline rule didn't increment state.pos")
        else:
            state.pos = state.posMax  # too much nesting: markdown-it skips to the end
        if not ok:
            state.pos += 1
        cache[pos] = state.pos

    def tokenize(self, state: StateInline) -> None:
        if self._dispatch is None:
            super().tokenize(state)
            return
        text, chains, _ = self._dispatch
        end = state.posMax
        src = state.src
        max_nesting = state.md.options["maxNesting"]
        while state.pos < end:
            pos = state.pos
            ok = False
            if state.level < max_nesting:
                ok = text(state, False)
                if not ok:
                    for rule in chains.get(src[pos], ()):
                        if rule(state, False):
                            ok = True
                            break
                if ok and state.pos <= pos:
                    raise RuntimeError("inline rule didn't increment state.pos")
            if ok:
                if state.pos >= end:
                    break
                continue
            state.append_pending(src[pos])
            state.pos += 1
        if state.pending:
            state.pushPending()
