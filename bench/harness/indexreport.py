"""The issue-19 index targets and their RESULTS.md section (index on vs ORCH_INDEX=off vs ripgrep, one run)."""
MIB = 1024.0
FILE_RSS_TODAY_MIB = 74.0  # peak RSS under /file load before the index (issue 19's "today's 74 MiB")
FRESH_TARGET_S = 2.0


def _mib(kib):
    return f"{kib / MIB:.1f}" if kib else "n/a"


def _ready_note(values):
    """'' when every answer came through the index, else why the figure does not count."""
    values = set(values or [])
    return "" if values == {"ready"} else f" (answers said index={'/'.join(sorted(values)) or '?'}: not all through the ready index)"


def _verdict(ok, ready):
    """PASS/FAIL only when the index got ready; without it (off, failed, not ready in time) an index figure is
    not a measurement of the index: NOT MEASURED, with the reason in the figure."""
    return ok if ready else None


def _ratio_row(name, num, den, limit, values, target, ready):
    if num is None or den is None:
        return (name, "not measured", target, None)
    ratio = num / den
    note = _ready_note(values)
    return (name, f"{num:.2f} ms / {den:.2f} ms = {ratio:.3f}x{note}", target,
            _verdict(ratio <= limit and not note, ready))


def targets(res):
    """[(name, figure text, target text, pass bool or None when not measurable)] for issue 19's index."""
    ix, runs, rows = res.get("index", {}), res["runs"], []
    t = ix.get("timing", {})
    ready_ok = ix.get("ready", {}).get("outcome") == "ready"
    rows.append(_ratio_row("rare-literal /search on a warm index vs ripgrep (rg -F), single requests",
                           t.get("rare_on_ms"), t.get("rg_rare_ms"), 0.1, t.get("rare_on_index"), "<= 0.1x",
                           ready_ok))
    rows.append(_ratio_row(f"regex `{ix.get('regex', '?')}` on a warm index vs ripgrep (rg -e), single requests",
                           t.get("regex_on_ms"), t.get("rg_regex_ms"), 0.2, t.get("regex_on_index"), "<= 0.2x",
                           ready_ok))
    rg_same = ix.get("rg_same")
    rows.append(("/search and ripgrep find the same (file, line) hits (rare literal, regex)",
                 ix.get("rg_same_note", "not measured"), "identical", rg_same))
    on, off = runs.get("search_rare"), runs.get("off_search_rare")
    if on and off and off["rps"] > 0:
        ratio = on["rps"] / off["rps"]
        rows.append(("/search rare literal, 16 clients: index on vs ORCH_INDEX=off (today), req/s",
                     f"{on['rps']:,.1f} / {off['rps']:,.1f} = {ratio:.1f}x{_ready_note(ix.get('probe_index', {}).get('search_rare'))}",
                     ">= 20x", _verdict(ratio >= 20 and not _ready_note(ix.get("probe_index", {}).get("search_rare")),
                                        ready_ok)))
    else:
        rows.append(("/search rare literal, 16 clients: index on vs ORCH_INDEX=off", "not measured", ">= 20x", None))
    tree, off_tree = runs.get("tree"), runs.get("off_tree")
    if tree:
        today = f"; ORCH_INDEX=off: {off_tree['p99_us'] / 1000:.2f} ms" if off_tree else ""
        rows.append((f"/tree?max_depth=6 p99, 16 clients, index on ({res['manifest']['files']:,} files; the target is "
                     "set at 100k)", f"{tree['p99_us'] / 1000:.2f} ms{today}", "<= 10 ms",
                     _verdict(tree["p99_us"] <= 10_000, ready_ok)))
    else:
        rows.append(("/tree?max_depth=6 p99, 16 clients, index on", "not measured", "<= 10 ms", None))
    ready = ix.get("ready", {})
    build_ms, rg_ms = ready.get("build_ms"), t.get("rg_rare_ms")
    if ready.get("outcome") == "ready" and build_ms is not None and rg_ms:
        ratio = build_ms / rg_ms
        rows.append(("index build (the service's build_ms) vs ripgrep's full scan (the rare-literal rg run)",
                     f"{build_ms:,.0f} ms / {rg_ms:.1f} ms = {ratio:.1f}x", "<= 2x", ratio <= 2))
    else:
        rows.append(("index build vs ripgrep's full scan", f"not measured ({_outcome(ready)})", "<= 2x", None))
    disk = ready.get("disk_bytes")
    corpus_bytes = res["manifest"]["searchable_bytes"]
    if ready.get("outcome") == "ready" and disk is not None:
        rows.append(("index on disk (the service's disk_bytes) vs the searchable files' bytes",
                     f"{disk / 1e6:,.1f} MB / {corpus_bytes / 1e6:,.1f} MB = {disk / corpus_bytes:.2f}x", "<= 1.0x",
                     disk <= corpus_bytes))
    else:
        rows.append(("index on disk vs the corpus", f"not measured ({_outcome(ready)})", "<= 1.0x", None))
    file_peaks = [runs[k]["peak_rss_kib"] for k in ("file1", "file2", "file3") if k in runs]
    off_file = runs.get("off_file")
    if file_peaks:
        peak = max(file_peaks)
        today = f"; ORCH_INDEX=off in this run: {_mib(off_file['peak_rss_kib'])} MiB" if off_file else ""
        rows.append(("peak RSS under /file load, index on (worst of 3 runs)", f"{_mib(peak)} MiB{today}",
                     f"<= {FILE_RSS_TODAY_MIB:.0f} MiB (today)", peak <= FILE_RSS_TODAY_MIB * MIB))
        search = [runs[k]["peak_rss_kib"] for k in ("search_rare", "search_regex", "search_common") if k in runs]
        if search:
            limit = 1.5 * FILE_RSS_TODAY_MIB
            off_search = runs.get("off_search_rare")
            today = f"; ORCH_INDEX=off, rare /search: {_mib(off_search['peak_rss_kib'])} MiB" if off_search else ""
            rows.append(("peak RSS under search load, index on (rare, regex and common /search runs)",
                         f"{_mib(max(search))} MiB{today}", f"<= 1.5 x {FILE_RSS_TODAY_MIB:.0f} = {limit:.0f} MiB",
                         max(search) <= limit * MIB))
    comps = ix.get("comparisons", [])
    if comps:
        same = sum(1 for c in comps if c["identical"])
        capped = [c["name"] for c in comps if c["capped"]]
        cap_note = f" ({', '.join(capped)}: on the first pages only, see below)" if capped else ""
        rows.append(("results identical to a full scan (index on vs ORCH_INDEX=off, every bench query, all pages)",
                     f"{same} of {len(comps)} queries identical{cap_note}", "all",
                     _verdict(same == len(comps), ready_ok)))
    else:
        rows.append(("results identical to a full scan", "not measured", "all", None))
    steps = ix.get("freshness", {}).get("steps", {})
    fresh_ready = ix.get("freshness", {}).get("index_ready", False)
    for step, what in (("edit", "an appended line"), ("rename", "a renamed file"), ("delete", "a deleted file")):
        s = steps.get(step)
        if s is None:
            rows.append((f"freshness after {what}", "not measured", f"<= {FRESH_TARGET_S:.0f} s", None))
            continue
        first, through = s["seconds"], s.get("ready_seconds")
        fig = "not correct after 30 s" if first is None else f"correct after {first:.2f} s"
        if not fresh_ready:
            fig += f"; not through the index (index={'/'.join(s['index'])})"
        elif through is None:
            fig += f"; through the ready index: never within 30 s (index={'/'.join(s['index'])})"
        else:
            fig += f"; through the ready index after {through:.2f} s"
        fig += f" ({s['polls']} polls)"
        rows.append((f"freshness after {what}: /search{' and /tree' if step != 'edit' else ''} correct",
                     fig, f"<= {FRESH_TARGET_S:.0f} s (through the index)",
                     _verdict(through is not None and through <= FRESH_TARGET_S, fresh_ready)))
    return rows


def _outcome(ready):
    if not ready:
        return "index not started"
    if ready.get("outcome") == "timeout":
        return f"index still {ready.get('state')} after {ready['waited_s']:.0f} s"
    if ready.get("outcome") == "off":
        return "the service reports no index" if not ready.get("reported") else "index off"
    return f"index {ready.get('outcome')}"


def section(res):
    """Markdown lines for the index: its status, the single-request timings, the comparisons, the freshness."""
    ix = res.get("index")
    if not ix:
        return []
    ready, t = ix.get("ready", {}), ix.get("timing", {})
    out = ["## Index (issue 19): index on vs ORCH_INDEX=off vs ripgrep", "",
           "Two instances of the published service ran side by side on the same corpus, each with its own "
           "ORCH_HOME: the default (ORCH_INDEX=on) and ORCH_INDEX=off (the scan path, answering as before the "
           "index). Only one of them was under load at a time.", ""]
    if ready:
        out.append(f"- index-on instance after `POST /ui/repos/select`: {_outcome(ready)}; waited "
                   f"{ready['waited_s']:.1f} s; /ui/status index: state={ready.get('state')}, files="
                   f"{ready.get('files')}, disk_bytes={ready.get('disk_bytes')}, build_ms={ready.get('build_ms')}"
                   + (f", reason={ready['reason']}" if ready.get("reason") else ""))
    if "off_state" in ix:
        out.append(f"- ORCH_INDEX=off instance's /ui/status index: {ix['off_state']}")
    if "restart" in ix:
        r = ix["restart"]
        out.append(f"- restart of the index-on instance on the same ORCH_HOME (index loaded and verified, not "
                   f"rebuilt): {_outcome(r)} {r['since_start_s']:.2f} s after the process started ({r['waited_s']:.2f} s after "
                   f"/health answered); /ui/status index then: state={r.get('state')}, files={r.get('files')}, "
                   f"build_ms={r.get('build_ms')}")
    if t:
        out += ["", f"Single requests (median of {res['args']['repeats']}, one keep-alive connection each; "
                "ripgrep as a whole process with its output read through a pipe; the three alternated):", ""]
        for key, label in (("rare_on_ms", "/search rare literal, index on"),
                           ("rare_off_ms", "/search rare literal, ORCH_INDEX=off"),
                           ("rg_rare_ms", "rg -F rare literal"),
                           ("regex_on_ms", "/search regex, index on"),
                           ("regex_off_ms", "/search regex, ORCH_INDEX=off"),
                           ("rg_regex_ms", "rg -e regex")):
            if t.get(key) is not None:
                out.append(f"- {label}: {t[key]:.2f} ms")
    comps = ix.get("comparisons", [])
    if comps:
        out += ["", "Results compared with a full scan (every page followed through `next_cursor`; /search compares "
                f"(file, line, content) of each hit, /tree (path, size, lines) of each entry; "
                f"{ix.get('compare_s', 0):.0f} s):", "",
                "| query | items on / off | pages on / off | index field (on) | identical |", "|---|---|---|---|---|"]
        for c in comps:
            verdict = "yes" if c["identical"] else "NO"
            note = f": {c['note']}" if c["note"] else ""
            out.append(f"| {c['kind']} `{c['path']}` | {c['items_on']:,} / {c['items_off']:,} | {c['pages_on']} / "
                       f"{c['pages_off']} | {', '.join(c['index_on'])} | {verdict}{note} |")
    fresh = ix.get("freshness")
    if fresh:
        state = "with the index ready" if fresh.get("index_ready") else "(its index was NOT ready: scan answers)"
        out += ["", f"Freshness on the index-on instance {state} (polled every 50 ms; the corpus is "
                "put back afterwards). `correct` is the first answer equal to a full scan's, however answered; "
                "`through the index` the first such answer that said `\"index\": \"ready\"`:", "",
                "| change | correct after | through the index after | polls | index field of the last answers |",
                "|---|---|---|---|---|"]
        for step, label in (("create", "two new files (for the rename and the delete)"),
                            ("edit", "line appended to an existing file"), ("rename", "file renamed"),
                            ("delete", "file deleted")):
            s = fresh["steps"].get(step)
            if s:
                secs = "not within 30 s" if s["seconds"] is None else f"{s['seconds']:.2f} s"
                ready = "not within 30 s" if s["ready_seconds"] is None else f"{s['ready_seconds']:.2f} s"
                out.append(f"| {label} | {secs} | {ready} | {s['polls']} | {', '.join(s['index'])} |")
        if "stable" in fresh:
            out.append(f"\nAll three answers still correct 0.5 s later: {'yes' if fresh['stable'] else 'NO'}.")
        if fresh.get("error"):
            out.append(f"\nFreshness test stopped: {fresh['error']}")
    out.append("")
    return out
