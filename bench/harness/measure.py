"""Load runs with wrk, RSS sampling and single-request timing."""
import http.client
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


def closed_loop(service, path, expected_len, clients=16, per_client=2, timeout=600):
    """16 clients, each sending per_client requests in a row on its own keep-alive connection; the rate is all
    requests over the wall time until the last one finished. For a path too slow for a fixed wrk window (the
    index-off /search at 100k files: wrk counts no request that is still running when its window closes, so it
    reports 0 req/s). Same figures as run_wrk."""
    samples, bad = [], {"status": 0, "body": 0, "errors": 0}
    lock = threading.Lock()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", service.port, timeout=timeout)
        try:
            for _ in range(per_client):
                begin = time.perf_counter()
                try:
                    status, _, body = service.request("GET", path, conn=conn)
                except OSError:
                    with lock:
                        bad["errors"] += 1
                    return
                with lock:
                    samples.append(time.perf_counter() - begin)
                    bad["status"] += status != 200
                    bad["body"] += len(body) != expected_len
        finally:
            conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    with RssSampler(service.pid) as rss:
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout)
        wall = time.perf_counter() - start
    us = sorted(s * 1e6 for s in samples) or [0.0]
    pick = lambda q: us[min(len(us) - 1, int(q * len(us)))]  # noqa: E731
    return {"requests": len(samples), "duration_us": int(wall * 1e6), "bytes": 0, "p50_us": pick(0.5),
            "p90_us": pick(0.9), "p99_us": pick(0.99), "max_us": us[-1], "mean_us": sum(us) / len(us),
            "err_connect": 0, "err_read": bad["errors"], "err_write": 0, "err_status": 0, "err_timeout": 0,
            "bad_status": bad["status"], "bad_body": bad["body"], "checked": len(samples),
            "rps": len(samples) / wall, "peak_rss_kib": rss.peak_kib, "end_rss_kib": rss.last_kib,
            "non2xx_line": "", "socket_errors_line": "",
            "command": f"closed loop: {clients} clients x {per_client} requests of {path} (bench/harness/measure.py)"}
