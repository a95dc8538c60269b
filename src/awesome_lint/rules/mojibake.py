"""UTF-8 text that was decoded as Latin-1 or Windows-1252 and saved again (mojibake).

`ðŸ“Š` is the four UTF-8 bytes of 📊 read one byte per character; `Ã©` is é. The fix decodes
the run back into the characters it was meant to be; only runs that decode to valid UTF-8 are
reported, so accented names stay untouched.

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


def repair(run: str) -> str | None:
    """The text ``run`` was before it was mis-decoded, or ``None`` if it is not mojibake."""
    raw = _as_bytes(run)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


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
