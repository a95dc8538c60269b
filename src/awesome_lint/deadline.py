"""The overall deadline of the online stage (``--timeout``, config ``timeout``).

The gatherer starts one ``Deadline`` and hands it to every source. A source asks it before each
request (``expired``), bounds each wait and each request's timeout by what is left
(``bound``), and, once it has passed, issues no more requests: what it could not answer is
UNVERIFIED with the reason ``REASON``. The gatherer also stops waiting for a source a moment
after the deadline, whatever the source is doing, so that the run still reports in time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

__all__ = ["DEFAULT_TIMEOUT", "REASON", "Deadline"]

DEFAULT_TIMEOUT = 300.0  # seconds for the whole online stage
REASON = "deadline reached"


class Deadline:
    """A moment on the monotonic clock; ``Deadline(None)`` never passes."""

    __slots__ = ("_clock", "at")

    def __init__(
        self, seconds: float | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._clock = clock
        self.at = None if seconds is None else clock() + seconds

    def remaining(self) -> float:
        """Seconds left (never below 0); infinite without a deadline."""
        if self.at is None:
            return math.inf
        return max(0.0, self.at - self._clock())

    @property
    def expired(self) -> bool:
        return self.at is not None and self._clock() >= self.at

    def bound(self, seconds: float) -> float:
        """``seconds``, or what is left of the deadline if that is shorter."""
        return min(seconds, self.remaining())
