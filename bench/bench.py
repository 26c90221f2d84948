#!/usr/bin/env python3
"""Repo Orchestrator load benchmark. Run it through bench/run.sh (which installs wrk and ripgrep and
publishes the service); this script expects bench/work/publish/repo-orchestrator to exist.

Generates (or reuses) the corpus, starts the service on a free loopback port, selects the corpus repository,
measures /health, /file, /tree and /search with wrk, times rare-literal /search against ripgrep over the
same files, samples the service's RSS, checks every response, and writes bench/RESULTS.md.
Bounded: every wrk run has a fixed duration, every timing loop a fixed count, and an alarm ends the whole
run after --time-limit seconds. Traffic goes only to 127.0.0.1.
"""
import argparse
import os
import secrets
import shlex
import signal
import sys
import time
import urllib.parse

from harness import corpus, report
from harness.measure import median_ms, run_wrk, time_command, time_requests
from harness.service import Service, rss_kib

BENCH = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(BENCH, "work")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--large", action="store_true", help="100,000-file corpus instead of 10,000")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--duration", type=int, default=10, help="seconds per measured wrk run")
    p.add_argument("--warmup", type=int, default=3, help="seconds of wrk warm-up before each endpoint")
    p.add_argument("--repeats", type=int, default=21, help="timed single /search requests and ripgrep runs")
    p.add_argument("--time-limit", type=int, default=1800, help="hard limit for the whole run, seconds")
    p.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                   help="extra environment for the service (e.g. DOTNET_gcServer=1), recorded in the results")
    p.add_argument("--results", default=os.path.join(BENCH, "RESULTS.md"))
    p.add_argument("--micro-report", default="", help="folder of BenchmarkDotNet *-report-github.md files")
    p.add_argument("--command", default="bench/run.sh", help="the command line recorded in the results")
    return p.parse_args()


def on_alarm(_signum, _frame):
    raise TimeoutError("benchmark time limit reached")


def probe(svc, path, check):
    status, headers, body = svc.request("GET", path)
    if status != 200:
        return {"path": path, "status": status, "ok": False, "note": body[:200].decode("utf-8", "replace")}
    note = check(headers, body) if check else ""
    return {"path": path, "status": status, "ok": not note.startswith("WRONG"), "length": len(body), "note": note}


def main():
    args = parse_args()
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(args.time_limit)
    started = time.time()
    files = 100_000 if args.large else 10_000
    root = corpus.ensure(WORK, files, args.seed)
    man = corpus.manifest(root)
    repo = os.path.join(root, "repo")
    extra_env = dict(e.split("=", 1) for e in args.env)
    machine = report.machine_info()
    token = secrets.token_urlsafe(48)
    svc = Service(os.path.join(WORK, "publish", "repo-orchestrator"), os.path.join(WORK, "home"), root, token,
                  extra_env)
    rare = urllib.parse.quote(man["rare_literal"])
    paths = {
        "health": "/health",
        "file": "/file?path=" + urllib.parse.quote(man["file_target"]),
        "tree": "/tree?path=.&max_depth=6",
        "search_rare": f"/search?q={rare}",
        "search_common": "/search?q=" + urllib.parse.quote(man["common_literal"]),
    }
    results = {"machine": machine, "manifest": man, "paths": paths, "env": extra_env, "args": vars(args),
               "runs": {}, "probes": {}}
    svc.start()
    try:
        status, _, body = svc.request("POST", "/ui/repos/select?path=repo")
        if status != 200:
            raise RuntimeError(f"selecting the corpus repository failed: {status} {body[:300]!r}")
        time.sleep(3)
        results["rss_idle_kib"] = rss_kib(svc.pid)
        results["probes"] = {
            "health": probe(svc, paths["health"], None),
            "file": probe(svc, paths["file"], lambda h, b: report.check_file(h, b, man)),
            "tree": probe(svc, paths["tree"], report.check_tree),
            "search_rare": probe(svc, paths["search_rare"], lambda h, b: report.check_rare(b, man)),
            "search_common": probe(svc, paths["search_common"], report.check_common),
        }
        rg_cmd = corpus.ripgrep_search(man["rare_literal"])
        results["rg"] = {"command": shlex.join(rg_cmd), "files_scanned": corpus.ripgrep_files(repo)}
        results["rg"].update(report.check_rg(rg_cmd, repo, man))

        def load(name, label, runs=1):
            pr = results["probes"][name]
            if not pr["ok"]:
                return
            print(f"wrk {label} ...", flush=True)
            if args.warmup:
                run_wrk(svc, paths[name], args.warmup, pr["length"])
            for i in range(runs):
                results["runs"][f"{label}{i + 1 if runs > 1 else ''}"] = run_wrk(
                    svc, paths[name], args.duration, pr["length"])

        load("health", "health")
        load("file", "file", runs=3)
        load("tree", "tree")
        load("search_rare", "search_rare")
        load("search_common", "search_common")

        if results["probes"]["search_rare"]["ok"]:
            print("timing /search vs ripgrep ...", flush=True)
            svc_samples, rg_samples = [], []
            for _ in range(args.repeats):  # alternate, so both see the same machine load
                svc_samples += time_requests(svc, paths["search_rare"], 1)
                rg_samples += time_command(rg_cmd, repo, 1)
            results["timing"] = {"search_rare_ms": median_ms(svc_samples), "rg_rare_ms": median_ms(rg_samples),
                                 "search_rare_samples": svc_samples, "rg_rare_samples": rg_samples}
        if results["probes"]["search_common"]["ok"]:
            results.setdefault("timing", {})["search_common_ms"] = median_ms(
                time_requests(svc, paths["search_common"], args.repeats))
        time.sleep(2)
        results["rss_after_kib"] = rss_kib(svc.pid)
    finally:
        svc.stop()
        signal.alarm(0)
    results["machine"]["load_after"] = report.loadavg()
    results["elapsed_s"] = time.time() - started
    text = report.render(results, args)
    report.write(args.results, text, args.micro_report)
    print(text)
    return 0 if results.get("all_pass") else 1


if __name__ == "__main__":
    sys.exit(main())
