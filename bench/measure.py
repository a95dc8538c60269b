"""Running a command and measuring it: wall time and the peak memory of its process.

A process forked from this one (large: it holds the stand-ins and parsed lists) would report
this one's memory as its own peak, since Linux counts the copy it runs in until ``exec``. So
each command is started by a small helper process, which spawns it, waits for it with
``wait4`` and reports its wall time, peak resident memory and exit code; the helper's own
start-up is not in the time.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

_HELPER = """\
import json, os, sys, time
report, command = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawnp(command[0], command, os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(report, "w") as out:
    json.dump([wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status)], out)
"""


@dataclass
class Sample:
    wall: float  # seconds
    peak_kb: int  # the process's maximum resident set size
    code: int  # exit code
    stdout: str
    stderr: str
    timed_out: bool = False


def run(
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    timeout: float = 600.0,
) -> Sample:
    """Run ``command`` once; its output goes to temporary files, read afterwards."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        report = Path(tmp) / "report.json"
        helper = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _HELPER, str(report), *command],
            cwd=cwd,
            env=dict(env),
            stdout=out,
            stderr=err,
            start_new_session=True,  # one process group: a timeout stops the command too
        )
        try:
            helper.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(helper.pid, signal.SIGKILL)
            helper.wait()
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        try:
            wall, peak_kb, code = json.loads(report.read_text())
        except (OSError, ValueError):  # killed, or the command could not start
            return Sample(timeout, 0, -9, stdout, stderr, timed_out=helper.returncode < 0)
        return Sample(float(wall), int(peak_kb), int(code), stdout, stderr)


@dataclass
class Timing:
    samples: list[Sample]

    @property
    def median(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def best(self) -> float:
        return min(s.wall for s in self.samples)

    @property
    def peak_kb(self) -> int:
        return max(s.peak_kb for s in self.samples)

    @property
    def last(self) -> Sample:
        return self.samples[-1]

    @property
    def timed_out(self) -> bool:
        return any(s.timed_out for s in self.samples)


def repeat(
    commands: Sequence[Sequence[str]],
    *,
    runs: int,
    cwd: Path,
    env: Mapping[str, str],
    warmup: int = 1,
    timeout: float = 600.0,
) -> Timing:
    """Run ``commands`` one after the other, ``runs`` times (after ``warmup`` untimed rounds);
    a round's wall time is their sum, its peak memory their maximum."""
    for _ in range(warmup):
        for command in commands:
            if run(command, cwd=cwd, env=env, timeout=timeout).timed_out:
                return Timing([Sample(timeout, 0, -9, "", "", timed_out=True)])
    samples = []
    for _ in range(runs):
        parts = [run(command, cwd=cwd, env=env, timeout=timeout) for command in commands]
        samples.append(
            Sample(
                sum(p.wall for p in parts),
                max(p.peak_kb for p in parts),
                max(p.code for p in parts),
                "".join(p.stdout for p in parts),
                "".join(p.stderr for p in parts),
                timed_out=any(p.timed_out for p in parts),
            )
        )
        if samples[-1].timed_out:
            break
    return Timing(samples)
