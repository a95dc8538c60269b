"""The project's stand-ins (``tests/standins``), fed with a synthetic list, and what they saw.

One ``Standins`` holds four servers on 127.0.0.1, each answering after ``latency`` seconds and
keeping the real services' limits:

* arXiv's query API, knowing the list's papers, answering 429 to a request that comes sooner
  than ``arxiv_interval`` after the previous one (arXiv: one request every 3 seconds);
* Semantic Scholar's batch endpoint, knowing where each paper was published, answering 429 to
  a request sooner than a second after the previous one (its rate with a key, which it
  requires here);
* GitHub's REST and GraphQL APIs, knowing the list's repositories (renamed, archived and
  missing ones as planted), 60 requests an hour without a token;
* a web host serving the project pages (and, for lychee, the arXiv and GitHub pages), 10
  requests a second per client.

``counts()`` says what each server received since ``reset()``.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

from generate import Paper, SyntheticList  # noqa: E402

from standins.arxiv import ArxivStandin, StandinPaper, serve_arxiv  # noqa: E402
from standins.base import Response, StandinServer  # noqa: E402
from standins.github import GitHubServer, GitHubStandin, serve_github  # noqa: E402
from standins.semantic_scholar import (  # noqa: E402
    BASE_PATH,
    SemanticScholarStandin,
    paper_row,
    serve_semantic_scholar,
)
from standins.web import WebServer, redirect, serve_web  # noqa: E402

LATENCY = 0.05  # seconds per request, every server
ARXIV_INTERVAL = 3.0  # arXiv: one request every 3 seconds
WEB_RATE_LIMIT = 10  # requests per second per client
S2_INTERVAL = 1.0  # Semantic Scholar: one request a second with a key
S2_KEY = "bench-semantic-scholar-key"


def standin_paper(paper: Paper) -> StandinPaper:
    return StandinPaper(
        id=paper.id,
        title=paper.served_title,
        published=paper.published,
        authors=("A. Author", "B. Author"),
        title_v1=paper.arxiv_title_v1,
        version=paper.version,
        comment=paper.comment,
    )


@dataclass
class Counts:
    """Requests each server received (429s: refused for the rate, counted in the totals)."""

    arxiv_ids: int = 0  # id_list requests
    arxiv_searches: int = 0  # title search requests
    arxiv_repeated: int = 0  # requests asking again what an earlier one asked (after a 429)
    arxiv_429: int = 0
    github_graphql: int = 0
    github_rest: int = 0
    github_limited: int = 0  # 403 "rate limit exceeded"
    web: int = 0
    web_429: int = 0
    web_by_prefix: dict[str, int] | None = None
    s2_batches: int = 0  # Semantic Scholar batch requests
    s2_ids: int = 0  # unique ids they asked for
    s2_429: int = 0

    @property
    def total(self) -> int:
        return (
            self.arxiv_ids
            + self.arxiv_searches
            + self.github_graphql
            + self.github_rest
            + self.web
            + self.s2_batches
        )

    @property
    def refused(self) -> int:
        return self.arxiv_429 + self.github_limited + self.web_429 + self.s2_429

    def describe(self) -> str:
        """``arXiv 10 + 3 title searches (1 asked again) · GitHub 14 GraphQL + 5 REST · web 3``."""
        arxiv = f"arXiv {self.arxiv_ids}"
        if self.arxiv_searches:
            arxiv += f" + {self.arxiv_searches} title search{'es' * (self.arxiv_searches > 1)}"
        if self.arxiv_repeated:
            arxiv += f" ({self.arxiv_repeated} asked again)"
        github = f"GitHub {self.github_graphql} GraphQL"
        if self.github_rest:
            github += f" + {self.github_rest} REST"
        if not self.github_graphql and self.github_rest:
            github = f"GitHub {self.github_rest} REST"
        return f"{arxiv} · Semantic Scholar {self.s2_batches} · {github} · web {self.web}"

    def describe_refused(self) -> str:
        parts = [
            f"arXiv {self.arxiv_429}",
            f"Semantic Scholar {self.s2_429}",
            f"GitHub {self.github_limited}",
            f"web {self.web_429}",
        ]
        return "none" if not self.refused else ", ".join(parts)


class Standins:
    def __init__(
        self,
        arxiv: StandinServer,
        arxiv_state: ArxivStandin,
        github: GitHubServer,
        web: WebServer,
        s2: StandinServer,
        s2_state: SemanticScholarStandin,
    ) -> None:
        self.arxiv, self.arxiv_state, self.github, self.web = arxiv, arxiv_state, github, web
        self.s2, self.s2_state = s2, s2_state

    @property
    def github_state(self) -> GitHubStandin:
        return self.github.github

    def serve(self, synthetic: SyntheticList) -> None:
        """Know the papers, repositories and pages of ``synthetic`` (besides earlier ones)."""
        self.arxiv_state.add(*(standin_paper(p) for p in synthetic.papers))
        self.s2_state.add(
            {
                p.id: paper_row(
                    p.id,
                    p.served_title,
                    p.published.isoformat(),
                    ["A. Author", "B. Author"],
                    f"{p.published_at[0]} {p.published_at[1]}" if p.published_at else None,
                    300_000_000 + index,
                )
                for index, p in enumerate(synthetic.papers)
            }
        )
        state = self.github_state
        for repo in synthetic.repos:
            state.add_repo(repo.full_name, archived=repo.archived, readme=repo.readme)
            if repo.renamed_to is not None:
                state.rename(repo.full_name, repo.renamed_to)
        for path, status in synthetic.pages.items():
            if status == 200:
                self.add_page(path)

    def add_page(self, path: str) -> None:
        self.web.route(path, Response(200, "a project page"))

    def serve_pages_for_lychee(self, synthetic: SyntheticList) -> None:
        """The arXiv and GitHub pages of the list on the web host, for lychee's remapped URLs:
        ``/arxiv.org/abs/ID`` and ``/github.com/OWNER/NAME``, as the real sites answer them."""
        known = {p.id for p in synthetic.papers}
        for kind, ident in set(
            re.findall(r"https://arxiv\.org/(abs|pdf)/([\w./-]+?)(?=[)\s\"])", synthetic.text)
        ):
            base = re.sub(r"(v\d+)?(\.pdf)?$", "", ident)
            if base in known:
                self.web.route(f"/arxiv.org/{kind}/{ident}", Response(200, "an arXiv page"))
        for repo in synthetic.repos_all:
            if not repo.exists:
                continue
            here = f"/github.com/{repo.full_name}"
            if repo.renamed_to is not None:
                self.web.route(here, redirect(f"/github.com/{repo.renamed_to}", 301))
                self.web.route(f"/github.com/{repo.renamed_to}", Response(200, "a repository"))
            else:
                self.web.route(here, Response(200, "a repository"))

    def reset(self) -> None:
        """Forget what was received; wait out the web host's one-second window."""
        self.arxiv.reset()
        self.arxiv_state.throttled = 0
        self.github.reset()
        self.github_state.rate_limited_answers = 0
        self.web.reset()
        self.web.rate_limited = 0
        self.s2.reset()
        self.s2_state.throttled = 0
        time.sleep(1.05)

    def counts(self) -> Counts:
        arxiv = list(self.arxiv.requests)
        web = list(self.web.requests)
        prefixes: dict[str, int] = {}
        for request in web:
            head = request.path.strip("/").split("/", 1)[0]
            key = head if head in ("arxiv.org", "github.com", "pages") else "other"
            prefixes[key] = prefixes.get(key, 0) + 1
        asked = [(r.arg("id_list"), r.arg("search_query")) for r in arxiv]
        batches = self.s2_state.batch_requests()
        s2_ids = {i for r in batches for i in (r.json() or {}).get("ids", [])}
        return Counts(
            s2_batches=len(batches),
            s2_ids=len(s2_ids),
            s2_429=self.s2_state.throttled,
            arxiv_repeated=len(asked) - len(set(asked)),
            arxiv_ids=sum(1 for r in arxiv if r.arg("id_list")),
            arxiv_searches=sum(1 for r in arxiv if r.arg("search_query") and not r.arg("id_list")),
            arxiv_429=self.arxiv_state.throttled,
            github_graphql=self.github.graphql_count(),
            github_rest=self.github.rest_count(),
            github_limited=self.github_state.rate_limited_answers,
            web=len(web),
            web_429=self.web.rate_limited,
            web_by_prefix=prefixes,
        )

    def env(self, cache: Path, *, token: str | None, arxiv_delay: float) -> dict[str, str]:
        """The environment variables that point awesome-lint at these servers."""
        out = {
            "AWESOME_LINT_ARXIV_API_URL": f"{self.arxiv.url}/api/query",
            "AWESOME_LINT_ARXIV_DELAY": f"{arxiv_delay:g}",
            "GITHUB_API_URL": self.github.url,
            "AWESOME_LINT_CACHE_DIR": str(cache),
            "AWESOME_LINT_S2_API_URL": self.s2.url + BASE_PATH,
            "SEMANTIC_SCHOLAR_API_KEY": S2_KEY,
        }
        if token:
            out["GITHUB_TOKEN"] = token
        return out


@contextmanager
def serve(
    *,
    arxiv_interval: float = ARXIV_INTERVAL,
    latency: float = LATENCY,
    web_rate_limit: int = WEB_RATE_LIMIT,
    github: GitHubStandin | None = None,
) -> Iterator[Standins]:
    """Start the four servers, knowing nothing yet: ``Standins.serve`` feeds them a list."""
    with ExitStack() as stack:
        arxiv_state = ArxivStandin([], min_interval=arxiv_interval)
        arxiv = stack.enter_context(serve_arxiv(arxiv_state, latency=latency))
        state = github or GitHubStandin(repos=[], renames={})
        github_server = stack.enter_context(serve_github(state, latency=latency))
        web = stack.enter_context(serve_web({}, rate_limit=web_rate_limit, latency=latency))
        s2_state = SemanticScholarStandin({}, api_key=S2_KEY, min_interval=S2_INTERVAL)
        s2 = stack.enter_context(serve_semantic_scholar(s2_state, latency=latency))
        yield Standins(arxiv, arxiv_state, github_server, web, s2, s2_state)
