#!/usr/bin/env python3
"""Repo Orchestrator load benchmark. Run it through bench/run.sh (which installs wrk and ripgrep and
publishes the service); this script expects bench/work/publish/repo-orchestrator to exist.

Generates (or reuses) the corpus, starts two instances of the service on free loopback ports (the default,
index on, and ORCH_INDEX=off, the scan path as before the index), selects the corpus repository on both, waits
for the index, compares every bench query between the two (all pages), measures /health, /file, /tree and
/search with wrk, times rare-literal and regex /search against ripgrep over the same files, samples the RSS,
times the index's freshness after an edit, a rename and a delete, checks every response, and writes
bench/RESULTS.md.
Bounded: every wrk run has a fixed duration, every timing loop a fixed count, and an alarm ends the whole
run after --time-limit seconds. Traffic goes only to 127.0.0.1.
"""
import argparse
import json
import os
import secrets
import shlex
import signal
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from harness import comparison, corpus, freshness, report  # noqa: E402  pylint: disable=wrong-import-position
from harness.measure import closed_loop, median_ms, run_wrk, time_command, time_requests  # noqa: E402
from harness.service import Service, rss_kib  # noqa: E402

BENCH = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(BENCH, "work")
# Regular expressions with a literal part (the trigram filter narrows on it); ripgrep runs the first with -e.
REGEXES = (r"ZqxRare\w+_7f3a9c", "Zqx[A-Z]areNeedle")
# Literals with hundreds of hits (several pages) at 10k files: one only in .py files, one in every language.
MEDIUM_LITERALS = ("retries=12", "cacheKey")
MIN_WRK_REQUESTS = 10  # fewer completed requests in a wrk window: measured again by a closed loop


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--large", action="store_true", help="100,000-file corpus instead of 10,000")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--duration", type=int, default=10, help="seconds per measured wrk run")
    p.add_argument("--warmup", type=int, default=3, help="seconds of wrk warm-up before each endpoint")
    p.add_argument("--repeats", type=int, default=21, help="timed single /search requests and ripgrep runs")
    p.add_argument("--time-limit", type=int, default=None,
                   help="hard limit for the whole run including corpus generation, seconds (default 1800, "
                        "3600 with --large)")
    p.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                   help="extra environment for the service (e.g. DOTNET_gcServer=1), recorded in the results")
    p.add_argument("--compare-pages", type=int, default=400,
                   help="at most this many pages per query when comparing index on and off (the common literal "
                        "has thousands; a capped query is reported as not all compared)")
    p.add_argument("--compare-budget", type=int, default=None,
                   help="seconds for the whole comparison (default 300, 900 with --large)")
    p.add_argument("--results", default=os.path.join(BENCH, "RESULTS.md"))
    p.add_argument("--micro-report", default="", help="folder of BenchmarkDotNet *-report-github.md files")
    p.add_argument("--command", default="bench/run.sh", help="the command line recorded in the results")
    return p.parse_args()


def on_alarm(_signum, _frame):
    raise TimeoutError("benchmark time limit reached")


def probe_search_pages(svc, path, man):
    """The rare-literal probe for the ORCH_INDEX=off instance: a search the redaction budget stops answers in pages
    (partial, with a next_cursor), so the hits of every page are checked; the first page's length is what wrk sees."""
    result = probe(svc, path, None)
    if result["status"] != 200:
        return result
    pages = comparison.all_pages(svc, path, "results", 50, time.monotonic() + 120)
    found = sorted({r["file"] for r in pages["items"]})
    ok = found == sorted(man["rare_files"]) and not pages["capped"] and not pages["error"]
    result["ok"] = ok
    result["note"] = ((f"{len(pages['items'])} hits in the 3 expected files over {pages['pages']} page(s)" if ok
                       else f"WRONG: hits in {found} over {pages['pages']} page(s), expected {man['rare_files']}")
                      + f"; index={result['index']}")
    return result


def probe(svc, path, check):
    status, headers, body = svc.request("GET", path)
    if status != 200:
        return {"path": path, "status": status, "ok": False, "note": body[:200].decode("utf-8", "replace")}
    note = check(headers, body) if check else ""
    index = ""
    if path.startswith(("/search", "/tree")):
        index = comparison.index_of(json.loads(body))
        note += f"; index={index}"
    return {"path": path, "status": status, "ok": not note.startswith("WRONG"), "length": len(body), "note": note,
            "index": index, "instance": svc.name}


def select(svc):
    status, _, body = svc.request("POST", "/ui/repos/select?path=repo")
    if status != 200:
        raise RuntimeError(f"selecting the corpus repository failed on {svc.name}: {status} {body[:300]!r}")


def bench_queries(man, regexes):
    """Every /search and /tree query the bench compares between the index-on and index-off instances."""
    q = urllib.parse.quote
    rare = man["rare_literal"]
    # The ripgrep command of the same query: the oracle when the scan path answers partially.
    return [
        ("search", "rare", f"/search?q={q(rare)}", corpus.ripgrep_search(rare)),
        ("search", "regex", f"/search?q={q(regexes[0])}&regex=true", corpus.ripgrep_regex(regexes[0])),
        ("search", "regex2", f"/search?q={q(regexes[1])}&regex=true", corpus.ripgrep_regex(regexes[1])),
        ("search", "nocase", f"/search?q={q(rare.lower())}&case_sensitive=false",
         ["rg", "-i", *corpus.ripgrep_search(rare.lower())[1:]]),
        ("search", "medium", f"/search?q={q(MEDIUM_LITERALS[0])}", corpus.ripgrep_search(MEDIUM_LITERALS[0])),
        ("search", "medium2", f"/search?q={q(MEDIUM_LITERALS[1])}", corpus.ripgrep_search(MEDIUM_LITERALS[1])),
        ("search", "ext", f"/search?q={q(MEDIUM_LITERALS[1])}&ext=.rs", None),
        ("search", "absent", f"/search?q={q('ZqxNeverWritten_0000')}", corpus.ripgrep_search("ZqxNeverWritten_0000")),
        ("search", "common", "/search?q=" + q(man["common_literal"]), None),
        ("tree", "tree6", "/tree?path=.&max_depth=6", None),
        ("tree", "tree2", "/tree?path=.&max_depth=2", None),
        ("tree", "src6", "/tree?path=src&max_depth=6", None),
        ("tree", "noignore", "/tree?path=.&max_depth=6&gitignore=false", None),
    ]


def rg_same_hits(res, repo, rg_rare, rg_regex):
    """Whether ripgrep and the index-on /search (all pages) find the same (file, line) pairs."""
    rows = {c["name"]: c for c in res["index"].get("comparisons", [])}
    notes, same = [], True
    for name, cmd in (("rare", rg_rare), ("regex", rg_regex)):
        if name not in rows:
            return None, "not measured"
        rg_hits = corpus.ripgrep_hits(cmd, repo)
        ok = [tuple(h) for h in rows[name]["hits"]] == rg_hits
        same = same and ok
        notes.append(f"{name}: {len(rg_hits)} hits" + ("" if ok else f" WRONG: /search {rows[name]['hits']}"))
    return same, "; ".join(notes)


def main():
    args = parse_args()
    if args.time_limit is None:
        args.time_limit = 3600 if args.large else 1800
    if args.compare_budget is None:
        args.compare_budget = 900 if args.large else 300
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
    binary = os.path.join(WORK, "publish", "repo-orchestrator")
    # The service as shipped (index on) and "today" (ORCH_INDEX=off, the scan path), side by side on one corpus.
    svc = Service(binary, os.path.join(WORK, "home"), root, token, {**extra_env, "ORCH_INDEX": "on"}, "index-on")
    off = Service(binary, os.path.join(WORK, "home-off"), root, token, {**extra_env, "ORCH_INDEX": "off"},
                  "index-off")
    q = urllib.parse.quote
    paths = {
        "health": "/health",
        "file": "/file?path=" + q(man["file_target"]),
        "tree": "/tree?path=.&max_depth=6",
        "search_rare": f"/search?q={q(man['rare_literal'])}",
        "search_regex": f"/search?q={q(REGEXES[0])}&regex=true",
        "search_common": "/search?q=" + q(man["common_literal"]),
    }
    results = {"machine": machine, "manifest": man, "paths": paths, "env": extra_env, "args": vars(args),
               "runs": {}, "probes": {}, "index": {"regex": REGEXES[0]}}
    ix = results["index"]
    try:
        # The page cache warm before the build, as ripgrep's timed runs find it (each is preceded by a warm-up run):
        # build_ms and rg are then compared on the same cached files. A corpus generated or read in an earlier run
        # may have left the cache since (the 100k corpus is 1.3 GB), and a build that reads it from disk measures
        # the disk, not the build.
        time_command(corpus.ripgrep_search(man["rare_literal"]), repo, 0)
        svc.start()
        select(svc)
        print("waiting for the index (GET /ui/status) ...", flush=True)
        ix["ready"] = comparison.wait_ready(svc)
        print(f"index: {ix['ready']}", flush=True)
        time.sleep(1)
        results["rss_idle_kib"] = rss_kib(svc.pid)
        off.start()
        select(off)
        ix["off_state"] = off.index_status() or "none reported (off)"
        time.sleep(1)
        results["rss_idle_off_kib"] = rss_kib(off.pid)
        results["probes"] = {
            "health": probe(svc, paths["health"], None),
            "file": probe(svc, paths["file"], lambda h, b: report.check_file(h, b, man)),
            "tree": probe(svc, paths["tree"], report.check_tree),
            "search_rare": probe(svc, paths["search_rare"], lambda h, b: report.check_rare(b, man)),
            "search_regex": probe(svc, paths["search_regex"], lambda h, b: report.check_rare(b, man)),
            "search_common": probe(svc, paths["search_common"], report.check_common),
            "off_file": probe(off, paths["file"], lambda h, b: report.check_file(h, b, man)),
            "off_tree": probe(off, paths["tree"], report.check_tree),
            "off_search_rare": probe_search_pages(off, paths["search_rare"], man),
        }
        ix["probe_index"] = {k: [p["index"]] for k, p in results["probes"].items() if p.get("index")}
        rg_cmd = corpus.ripgrep_search(man["rare_literal"])
        rg_regex = corpus.ripgrep_regex(REGEXES[0])
        results["rg"] = {"command": shlex.join(rg_cmd), "regex_command": shlex.join(rg_regex),
                         "files_scanned": corpus.ripgrep_files(repo)}
        results["rg"].update(report.check_rg(rg_cmd, repo, man))

        def load(target, name, label, runs=1):
            pr = results["probes"][label if label.startswith("off_") else name]
            if not pr["ok"]:
                return
            print(f"wrk {label} ({target.name}) ...", flush=True)
            if args.warmup:
                run_wrk(target, paths[name], args.warmup, pr["length"])
            for i in range(runs):
                results["runs"][f"{label}{i + 1 if runs > 1 else ''}"] = run_wrk(
                    target, paths[name], args.duration, pr["length"])

        load(svc, "health", "health")
        load(svc, "file", "file", runs=3)
        load(off, "file", "off_file")
        load(svc, "tree", "tree")
        load(off, "tree", "off_tree")
        load(svc, "search_rare", "search_rare")
        load(off, "search_rare", "off_search_rare")
        slow = results["runs"].get("off_search_rare")
        if slow is not None and slow["requests"] < MIN_WRK_REQUESTS:
            # Too slow for the wrk window (100k files): 16 clients x 2 requests, timed to the last answer.
            print("index-off /search too slow for wrk: closed loop, 16 clients x 2 requests ...", flush=True)
            results["runs"]["off_search_rare"] = closed_loop(off, paths["search_rare"],
                                                            results["probes"]["off_search_rare"]["length"])
        load(svc, "search_regex", "search_regex")
        load(svc, "search_common", "search_common")

        if results["probes"]["search_rare"]["ok"]:
            print("timing /search (index on, index off) vs ripgrep ...", flush=True)
            t = time_alternated(svc, off, paths, rg_cmd, rg_regex, repo, args.repeats)
            ix["timing"] = t
            results["timing"] = {"search_rare_ms": t["rare_on_ms"], "rg_rare_ms": t["rg_rare_ms"]}
        if results["probes"]["search_common"]["ok"]:
            results.setdefault("timing", {})["search_common_ms"] = median_ms(
                time_requests(svc, paths["search_common"], args.repeats))
        time.sleep(2)
        results["rss_after_kib"] = rss_kib(svc.pid)

        # The comparison pages every query through both instances (about a thousand requests, the common literal's
        # 400 pages included). It runs after the load runs so that /file is measured in the state v1's bench measured
        # it (start-up, selection, the probes), which the 74 MiB target comes from; what it leaves resident is shown
        # separately (RSS before and 2 s after it).
        print("comparing every bench query with a full scan (all pages) ...", flush=True)
        begin = time.monotonic()
        ix["comparisons"] = comparison.compare(svc, off, bench_queries(man, REGEXES), args.compare_pages,
                                               args.compare_budget, lambda cmd: corpus.ripgrep_hits(cmd, repo))
        ix["rg_same"], ix["rg_same_note"] = rg_same_hits(results, repo, rg_cmd, rg_regex)
        ix["compare_s"] = time.monotonic() - begin
        for c in ix["comparisons"]:
            c.pop("hits", None)
        time.sleep(2)
        results["rss_after_compare_kib"] = rss_kib(svc.pid)

        off.stop()

        # With the index off or not ready this still runs (the scan is always fresh): the rows then say the
        # answers did not come through the index and do not count.
        print("freshness: edit, rename, delete ...", flush=True)
        ix["freshness"] = freshness.run(svc, root, man, ix["ready"].get("outcome") == "ready")
        if ix["ready"].get("outcome") == "ready":
            print("restart on the same ORCH_HOME: index loaded and verified ...", flush=True)
            svc.stop()
            begin = time.monotonic()
            svc.start(fresh_home=False)
            if svc.request("GET", "/tree?path=.&max_depth=0")[0] == 409:  # the selection did not survive: select
                select(svc)
            ix["restart"] = comparison.wait_ready(svc)
            ix["restart"]["since_start_s"] = time.monotonic() - begin
    except TimeoutError as e:
        results["error"] = str(e)
        print(f"stopped: {e}", file=sys.stderr, flush=True)
    finally:
        svc.stop()
        off.stop()
        signal.alarm(0)
        corpus.restore(root)
    results["machine"]["load_after"] = report.loadavg()
    results["elapsed_s"] = time.time() - started
    with open(os.path.join(WORK, "last-results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, default=str)  # every figure, for a second look (RESULTS.md shows a digest)
    text = report.render(results, args)
    report.write(args.results, text, args.micro_report)
    print(text)
    return 0 if results.get("all_pass") else 1


def time_alternated(svc, off, paths, rg_rare, rg_regex, repo, repeats):
    """Single-request medians: index-on and index-off /search and ripgrep, rare literal then regex, each round
    running all of them once so every tool sees the same machine load. Records the `index` field of every
    index-on answer (the ratio only counts when it is "ready")."""
    samples = {k: [] for k in ("rare_on", "rare_off", "rg_rare", "regex_on", "regex_off", "rg_regex")}
    seen = {"rare_on": set(), "regex_on": set()}
    conns = {"on": svc.connection(), "off": off.connection()}
    try:
        for inst, key in ((svc, "on"), (off, "off")):  # warm-up
            for path in (paths["search_rare"], paths["search_regex"]):
                inst.request("GET", path, conn=conns[key])
        for cmd in (rg_rare, rg_regex):
            time_command(cmd, repo, 0)
        for _ in range(repeats):
            for kind in ("rare", "regex"):
                path = paths["search_" + kind]
                for inst, key in ((svc, "on"), (off, "off")):
                    begin = time.perf_counter()
                    status, _, body = inst.request("GET", path, conn=conns[key])
                    samples[f"{kind}_{key}"].append(time.perf_counter() - begin)
                    if status != 200:
                        raise RuntimeError(f"{path} answered {status} on {inst.name} while timing")
                    if key == "on":
                        doc = json.loads(body)
                        # A partial answer (redaction budget ran out) is no full answer: it shows in the ratio.
                        seen[f"{kind}_on"].add(comparison.index_of(doc) + ("+partial" if doc.get("partial") else ""))
                samples["rg_" + kind] += time_command(rg_rare if kind == "rare" else rg_regex, repo, 1)
    finally:
        for c in conns.values():
            c.close()
    out = {f"{k}_ms": median_ms(v) for k, v in samples.items()}
    out.update({f"{k}_index": sorted(v) for k, v in seen.items()})
    return out


if __name__ == "__main__":
    sys.exit(main())
