"""Start and stop the app under gunicorn on a free loopback port, for the scripts."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Gunicorn:
    def __init__(self, instance: Path, *, workers: int = 4, threads: int = 1, port: int | None = None,
                 log: Path | None = None, extra_env: dict[str, str] | None = None, root: Path = ROOT) -> None:  # fmt: skip
        self.instance = instance
        self.root = root  # the source tree to serve (benchmarks/run.py --baseline serves another checkout)
        self.workers = workers
        self.threads = threads
        self.port = port or free_port()
        self.log = log or instance / "gunicorn.log"
        self.extra_env = extra_env or {}
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> Gunicorn:
        env = dict(os.environ, SCHOONSCHIP_INSTANCE_PATH=str(self.instance), PYTHONPATH=str(self.root), **self.extra_env)
        env.pop("DATABASE_URL", None)
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        cmd = [gunicorn, "--workers", str(self.workers), "--threads", str(self.threads),
               "--bind", f"127.0.0.1:{self.port}", "--timeout", "120", "--graceful-timeout", "5",
               "--log-level", "warning", "schoonschip:create_app()"]  # fmt: skip
        logfile = open(self.log, "ab")  # noqa: SIM115 - handed to the child process
        # Own process group: the crash test kills master and workers together.
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=logfile, stderr=logfile, start_new_session=True)
        logfile.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as r:  # noqa: S310 - loopback
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer /health in time")

    def pids(self) -> list[int]:
        """Master and worker process ids (the workers are the master's children)."""
        if self.proc is None:
            return []
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True, check=False)
        return [self.proc.pid, *(int(p) for p in out.stdout.split())]

    def worker_rss_kb(self) -> dict[int, int]:
        """Peak resident memory (VmHWM) per worker, from /proc."""
        out: dict[int, int] = {}
        for pid in self.pids()[1:]:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        out[pid] = int(line.split()[1])
            except OSError:
                pass
        return out

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the workers (from /proc; 10 ms ticks)."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in self.pids()[1:]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
            except (OSError, IndexError, ValueError):
                pass
        return total

    def kill9(self) -> None:
        """kill -9 the master and every worker at once (no graceful shutdown)."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.proc = None

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill9()
        self.proc = None
