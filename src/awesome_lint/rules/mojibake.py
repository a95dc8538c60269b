"""UTF-8 text that was decoded as Latin-1 or Windows-1252 and saved again (mojibake).

`ðŸ“Š` is the four UTF-8 bytes of 📊 read one byte per character; `Ã©` is é. The fix decodes
the run back into the characters it was meant to be; only runs that decode to valid UTF-8 are
reported, and only when the result is clearly better (the run holds characters mojibake leaves,
such as `Ã`, `Â` or a C1 control, and the repair holds fewer odd ones), so accented names and
`2×–4×` or `CAFÉ…` stay untouched.

Fails:
```markdown
+ [Unified Multimodal Model as Auto-Encoder](https://arxiv.org/abs/2509.09666) with ðŸ“Š UniBench
```

Passes:
```markdown
+ [Unified Multimodal Model as Auto-Encoder](https://arxiv.org/abs/2509.09666) with 📊 UniBench
```
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from awesome_lint.document import Document
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Severity
from awesome_lint.rules.base import Context

NAME = "mojibake"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset()
FIX = "safe"

# Characters that Windows-1252 puts at bytes 0x80-0x9F, and the byte each stands for.
_CP1252 = {
    bytes([b]).decode("cp1252"): b
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # undefined in Windows-1252
}
_CONTINUATION = "\u0080-\u00bf" + "".join(re.escape(c) for c in _CP1252)
# A UTF-8 lead byte (0xC2-0xF4) read as a character, then one to three continuation bytes.
_RUN = re.compile(rf"[\u00c2-\u00f4][{_CONTINUATION}]{{1,3}}")


def _as_bytes(text: str) -> bytes | None:
    out = bytearray()
    for char in text:
        code = ord(char)
        if code < 0x100:
            out.append(code)
        elif char in _CP1252:
            out.append(_CP1252[char])
        else:
            return None
    return bytes(out)


# Characters a mis-decoding leaves behind and text seldom holds, least of all right after an
# accented letter: C1 controls, the usual lead characters 'Ã' and 'Â', and rare symbols.
_MOJIBAKE_MARKS = frozenset(
    "ÃÂ€ƒ†‡ˆ‰Š‹ŒŽ˜š›œžŸ¢¤¥¦¨ª¬¯´¸¹º¼½¾¿¡" + "".join(chr(c) for c in range(0x80, 0xA0))
)
_EMOJI_JOINERS = frozenset("\u200d\ufe0f")


def _marks(run: str) -> int:
    return sum(char in _MOJIBAKE_MARKS for char in run)


def _oddities(text: str) -> int:
    """Characters that would be odd to find repaired into a list: controls, unassigned and
    private-use code points, lone combining marks, Latin Extended-B and IPA letters, and a
    single letter of a non-Latin script (real Greek, Cyrillic or Hebrew mojibake is a word)."""
    odd = 0
    letters = [c for c in text if unicodedata.category(c).startswith("L")]
    for char in text:
        if char in _EMOJI_JOINERS:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Co", "Cn", "Cs", "Mn", "Me") or 0x180 <= ord(char) < 0x370:
            odd += 1
    if len(letters) == 1 and not unicodedata.name(letters[0], "").startswith("LATIN"):
        odd += 1
    return odd


def repair(run: str) -> str | None:
    """The text ``run`` was before it was mis-decoded, or ``None`` if it is not mojibake.

    The whole run must decode as UTF-8, and the result must be clearly better than the run:
    fewer odd characters than there is evidence of mojibake. ``2×–4×`` (D7 96, Hebrew 'ז') and
    ``CAFÉ…`` (C9 85, 'Ʌ') decode, but nothing marks them as mojibake: they stay.
    """
    raw = _as_bytes(run)
    if raw is None:
        return None
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # A character of three or four UTF-8 bytes is evidence too: legitimate text seldom puts
    # two such symbols after an accented letter and happens to form valid UTF-8.
    evidence = _marks(run) + sum(ord(char) >= 0x800 for char in fixed)
    return fixed if _oddities(fixed) < evidence else None


def check(document: Document, context: Context) -> Iterator[Finding]:
    for match in _RUN.finditer(document.text):
        start, end = match.span()
        # Extend over adjacent runs: one emoji can be two mis-decoded sequences.
        while True:
            following = _RUN.match(document.text, end)
            if following is None:
                break
            end = following.end()
        line = document.position(start)[0]
        if line in document.code_lines:
            continue
        run = document.text[start:end]
        fixed = repair(run)
        if fixed is None:
            continue
        yield Finding(
            NAME,
            context.severity,
            document.path,
            document.span(start, end),
            f"'{run}' is UTF-8 read as Windows-1252 (mojibake): it should read '{fixed}'",
            fix=Fix(f"Write '{fixed}'", (Edit(start, end, fixed),), Applicability.SAFE),
        )


def repaired(text: str) -> str:
    """``text`` with every mojibake run written as it should read, as this rule's fixes do."""
    out: list[str] = []
    position = 0
    while (match := _RUN.search(text, position)) is not None:
        start, end = match.span()
        while (following := _RUN.match(text, end)) is not None:
            end = following.end()
        fixed = repair(text[start:end])
        out.append(text[position:start] + (text[start:end] if fixed is None else fixed))
        position = end
    return "".join(out) + text[position:]
