"""A machine without a network, for the benchmark's "no network" rows (bench/run.py).

On ``PYTHONPATH``, Python imports this at start-up: every host name then fails to resolve as
in a sandbox without DNS, after ``AWESOME_LINT_BENCH_DNS_DELAY`` seconds (default 0.05; a
resolver with no server to ask takes its time to say so). Names only: IP literals still work.
"""

from __future__ import annotations

import os
import socket
import time

_real = socket.getaddrinfo
_delay = float(os.environ.get("AWESOME_LINT_BENCH_DNS_DELAY", "0.05"))


def _no_dns(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
    try:  # an address needs no DNS
        return _real(host, port, *args, **{**kwargs, "flags": socket.AI_NUMERICHOST})
    except (socket.gaierror, UnicodeError):
        pass
    time.sleep(_delay)
    raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")


socket.getaddrinfo = _no_dns
