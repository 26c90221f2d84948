"""Load runs with wrk, RSS sampling and single-request timing."""
import json
import shlex
import os
import statistics
import subprocess
import threading
import time

from .service import rss_kib

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LUA = os.path.join(HERE, "wrk_check.lua")


class RssSampler:
    """Samples VmRSS of a pid every 20 ms on a background thread; .peak_kib after stop()."""

    def __init__(self, pid):
        self.pid, self.peak_kib, self.last_kib = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            value = rss_kib(self.pid)
            if value is not None:
                self.peak_kib = max(self.peak_kib, value)
                self.last_kib = value
            self._stop.wait(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        value = rss_kib(self.pid)
        if value is not None:
            self.last_kib = value


def wrk_command(url, duration, expected_len, connections=16, threads=2):
    return ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--timeout", "30s",
            "-s", LUA, url, "--", str(expected_len)]


def run_wrk(service, path, duration, expected_len):
    """One wrk run against path; returns the figures of wrk_check.lua plus rps and the peak RSS seen."""
    cmd = wrk_command(service.base + path, duration, expected_len)
    env = {**os.environ, "BENCH_TOKEN": service.token}
    with RssSampler(service.pid) as rss:
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=duration + 60, check=False)
    line = next((l for l in out.stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no figures for {path}: {out.stdout}\n{out.stderr}")
    figures = json.loads(line[len("BENCH_JSON "):])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["peak_rss_kib"] = rss.peak_kib
    figures["end_rss_kib"] = rss.last_kib
    figures["non2xx_line"] = next((l.strip() for l in out.stdout.splitlines() if "Non-2xx" in l), "")
    figures["socket_errors_line"] = next((l.strip() for l in out.stdout.splitlines() if "Socket errors" in l), "")
    figures["command"] = shlex.join(cmd)
    return figures


def median_ms(samples):
    return statistics.median(samples) * 1000.0


def time_requests(service, path, repeats):
    """Wall time of each of `repeats` single requests on one keep-alive connection, after one warm-up."""
    conn = service.connection()
    try:
        service.request("GET", path, conn=conn)
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            status, _, _ = service.request("GET", path, conn=conn)
            samples.append(time.perf_counter() - start)
            if status != 200:
                raise RuntimeError(f"{path} answered {status} while timing")
        return samples
    finally:
        conn.close()


def time_command(cmd, cwd, repeats):
    """Wall time of each of `repeats` runs of cmd (stdout captured through a pipe), after one warm-up."""
    subprocess.run(cmd, cwd=cwd, capture_output=True, check=False, timeout=120)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True, check=False, timeout=120)
        samples.append(time.perf_counter() - start)
    return samples
