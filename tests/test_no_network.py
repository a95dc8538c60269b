"""Without a network, or against a server that never answers, a run stays short.

Without DNS: once the canary names fail, no other name is looked up (each failing lookup can
take the resolver's timeout, and a list links hundreds of hosts), and the network libraries are
not even imported. Against a server that accepts and never answers: each source gives up after
its own connect and read timeouts, once, instead of once per request and attempt.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from awesome_lint.facts import FactStatus
from awesome_lint.sources import arxiv as arxiv_source
from awesome_lint.sources import github as github_source
from awesome_lint.sources import http as http_source
from awesome_lint.sources.arxiv import ArxivSource
from awesome_lint.sources.github import GitHubSource
from awesome_lint.sources.http import LinkSource
from conftest import parse_text

ENTRIES = "".join(
    f"- [Paper {i}: A Study](https://arxiv.org/abs/2401.{i:05d}) (Jan. 2024, arXiv)"
    f" [Code](https://github.com/lab{i}/paper{i}) [Project](https://site{i}.example.org/)\n"
    for i in range(1, 41)
)

# A resolver without a network that takes its time to say so, as a sandbox's can: it records
# every name it is asked, then the run goes on as the command line's.
NO_DNS_RUN = """
import socket, sys, time

asked = []
spans = []

def getaddrinfo(host, *args, **kwargs):
    asked.append(host.decode() if isinstance(host, bytes) else str(host))
    started = time.monotonic()
    time.sleep(0.5)
    spans.append((started, time.monotonic()))
    raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

socket.getaddrinfo = getaddrinfo
from awesome_lint.cli import main

code = main(["--no-cache", "--format", "json", "list.md"])
print("ASKED", sorted(set(asked)), file=sys.stderr)
print("HTTPX", "httpx" in sys.modules, file=sys.stderr)
# Whether the lookups overlapped: all started before the first one ended.
print("SIDE_BY_SIDE", max(s for s, _ in spans) < min(e for _, e in spans), file=sys.stderr)
sys.exit(code)
"""


def test_without_dns_no_name_but_the_canaries_and_api_hosts_is_looked_up(
    tmp_path: Path,
) -> None:
    (tmp_path / "list.md").write_text("# Papers\n\n" + ENTRIES)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_"))}
    env.pop("AWESOME_LINT_ARXIV_API_URL", None)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(NO_DNS_RUN)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    assert "Traceback" not in done.stderr, done.stderr
    asked_line = next(line for line in done.stderr.splitlines() if line.startswith("ASKED"))
    asked = set(eval(asked_line.removeprefix("ASKED ")))  # a printed list of names
    # The 40 project hosts are never asked; the canaries and the three API hosts at most.
    api_hosts = {"export.arxiv.org", "api.github.com", "api.semanticscholar.org"}
    assert asked <= {*http_source.DNS_CANARIES, *api_hosts}, asked
    assert not any(name.startswith("site") for name in asked)
    assert "HTTPX False" in done.stderr  # the link client was not even imported
    links = next(s for s in json.loads(done.stdout)["summary"]["sources"] if s["source"] == "links")
    assert links["unverified"] == 40 and links["requests"] == 0
    assert list(links["reasons"]) == ["network unavailable"]
    assert "`--offline` skips the online checks" in done.stderr
    # The API hosts and the canaries are asked side by side: one failing lookup's time.
    assert "SIDE_BY_SIDE True" in done.stderr
    assert elapsed < 10, elapsed  # 40 hosts at 0.5 s each would be 20 s on their own


class SilentListener:
    """A server on 127.0.0.1 that accepts every connection and never answers a byte."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:  # closed
                return
            self.accepted.append(connection)  # kept open, never answered

    def close(self) -> None:
        self.socket.close()
        for connection in self.accepted:
            connection.close()


@pytest.fixture
def silent() -> Iterator[SilentListener]:
    listener = SilentListener()
    try:
        yield listener
    finally:
        listener.close()


def test_the_timeouts_are_well_under_the_run_deadline() -> None:
    from awesome_lint.deadline import DEFAULT_TIMEOUT

    for connect, read in (
        (http_source.CONNECT_TIMEOUT, http_source.READ_TIMEOUT),
        (arxiv_source.CONNECT_TIMEOUT, arxiv_source.READ_TIMEOUT),
        (github_source.TIMEOUT, github_source.TIMEOUT),
    ):
        assert connect + read <= DEFAULT_TIMEOUT / 10


def test_links_on_a_silent_server_cost_one_timeout(silent: SilentListener) -> None:
    source = LinkSource(timeout=0.5, connect_timeout=0.5, allow_private=True, per_host=2)
    urls = [f"{silent.url}/page{i}" for i in range(6)]
    started = time.monotonic()
    facts = source.check(urls)
    elapsed = time.monotonic() - started
    assert {(f.status, f.reason) for f in facts.values()} == {(FactStatus.UNVERIFIED, "timeout")}
    assert elapsed < 0.5 + 0.5 + 0.5, elapsed  # connect + read, and some slack
    assert len(silent.accepted) <= 2  # the first two at once; the host was then let be


def test_arxiv_on_a_silent_server_costs_one_timeout(silent: SilentListener) -> None:
    source = ArxivSource(
        f"{silent.url}/api/query",
        timeout=0.5,
        connect_timeout=0.5,
        delay_seconds=0,
        batch_size=2,
    )
    started = time.monotonic()
    facts = source.fetch(["2401.00001", "2401.00002", "2401.00003", "2401.00004"])
    elapsed = time.monotonic() - started
    assert {(f.status, f.reason) for f in facts.values()} == {(FactStatus.UNVERIFIED, "timeout")}
    assert elapsed < 1.5, elapsed
    assert len(silent.accepted) == 1


@pytest.mark.parametrize("token", [None, "a-token"])
def test_github_on_a_silent_server_costs_one_timeout(
    silent: SilentListener, token: str | None
) -> None:
    source = GitHubSource(token, silent.url, timeout=1, seconds_between_requests=0, batch_size=1)
    started = time.monotonic()
    facts = source.fetch(["lab1/paper1", "lab2/paper2", "lab3/paper3"])
    elapsed = time.monotonic() - started
    assert {(f.status, f.reason) for f in facts.values()} == {
        (FactStatus.UNVERIFIED, "GitHub timed out")
    }
    assert elapsed < 2.5, elapsed
    assert len(silent.accepted) == 1


def test_a_run_against_silent_servers_costs_the_sources_timeouts_not_minutes(
    tmp_path: Path, silent: SilentListener
) -> None:
    """The report's case: every source at a server that accepts and never answers (a 5-entry
    run took 2 min 21 s). With the default timeouts it now costs the longest source's."""
    entries = "".join(
        f"- [Paper {i}: A Study](https://arxiv.org/abs/2401.{i:05d}) (Jan. 2024, arXiv)"
        f" [Code](https://github.com/lab{i}/paper{i}) [Project]({silent.url}/p{i})\n"
        for i in range(1, 6)
    )
    (tmp_path / "list.md").write_text("# Papers\n\n" + entries)
    (tmp_path / ".awesome-lint.toml").write_text('allow-private-hosts = ["127.0.0.1"]\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_"))}
    env.update(
        AWESOME_LINT_ARXIV_API_URL=f"{silent.url}/api/query",
        AWESOME_LINT_ARXIV_DELAY="0",
        GITHUB_API_URL=silent.url,
        GITHUB_TOKEN="a-token",
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--no-cache", "--format", "json", "list.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    assert "Traceback" not in done.stderr, done.stderr
    longest = max(
        http_source.CONNECT_TIMEOUT + http_source.READ_TIMEOUT,
        arxiv_source.CONNECT_TIMEOUT + arxiv_source.READ_TIMEOUT,
        github_source.TIMEOUT,
    )
    assert elapsed < longest + 5, elapsed
    sources = {s["source"]: s for s in json.loads(done.stdout)["summary"]["sources"]}
    assert sources["arxiv"]["requests"] == 1 and sources["github"]["requests"] == 1
    assert sources["links"]["unverified"] == 5
    assert done.returncode in (0, 1)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("example.com", True),
        ("site1.example.org", True),
        ("127.0.0.1", False),
        ("2130706433", False),  # 127.0.0.1 as one number: the resolver reads it, no DNS
        ("0x7f000001", False),
        ("127.1", False),
        ("[::ffff:127.0.0.1]", False),
        ("localhost", False),  # never leaves the machine (RFC 6761)
        ("api.localhost", False),
        ("localhost.example.com", True),
    ],
)
def test_which_names_need_the_dns(host: str, expected: bool) -> None:
    assert http_source.needs_dns(host) is expected


def test_lookups_started_ahead_are_not_started_again() -> None:
    """Without a network the resolver takes its time to fail: the command line starts the
    lookups before it parses (``start``), and the online stage waits for those same lookups
    instead of asking again."""
    from awesome_lint import gather
    from awesome_lint.facts import Facts
    from awesome_lint.rules import registry

    settings = gather.OnlineSettings(
        cache_dir=None,
        github_api_url="http://127.0.0.1:9/api",
        arxiv_api_url="http://127.0.0.1:9/query",
        s2_api_url="http://127.0.0.1:9/graph/v1",
        timeout=5,
    )
    online = gather.OnlineGatherer(settings)
    rules = registry.by_name()
    online.start([rules["repo-not-found"], rules["arxiv-not-found"]])
    started = dict(online._probes)
    assert set(started) == {"127.0.0.1"}  # one host serves both: one lookup
    document = parse_text(
        "- [Janus: A](https://arxiv.org/abs/2410.13848) [Code](https://github.com/o/r)\n"
    )
    facts = Facts()
    online([document], [rules["repo-not-found"], rules["arxiv-not-found"]], facts)
    assert online._probes == started  # the same threads, none started again
    assert {report.source for report in facts.reports} >= {"github", "arxiv"}
