"""The index's readiness and its results compared with a full scan (the ORCH_INDEX=off instance), page by page."""
import time
import urllib.parse

READY_TIMEOUT_S = 600


def index_of(doc):
    """The `index` field of a /search or /tree answer; a service without the index (before it landed) says none,
    which counts as "off"."""
    return doc.get("index", "off") if isinstance(doc, dict) else "?"


def wait_ready(svc, timeout=READY_TIMEOUT_S):
    """Polls /ui/status every 100 ms from now until the index is ready (or reports off or failed), at most
    `timeout` seconds ("none" and "building" are waited through). Returns the last `index` object with `waited_s` and `outcome`: ready, off, failed or
    timeout (a clear failure the report shows; the rest of the run still measures what it can)."""
    start = time.monotonic()
    while True:
        idx = svc.index_status()
        waited = time.monotonic() - start
        if idx is None:
            return {"state": "off", "reported": False, "waited_s": waited, "outcome": "off"}
        state = idx.get("state")
        if state in ("ready", "off", "failed"):
            return {**idx, "reported": True, "waited_s": waited, "outcome": state}
        if waited > timeout:
            return {**idx, "reported": True, "waited_s": waited, "outcome": "timeout"}
        time.sleep(0.1)


def with_cursor(path, cursor):
    return f"{path}&cursor={urllib.parse.quote(cursor, safe='')}" if cursor else path


def all_pages(svc, path, key, max_pages, deadline):
    """Every page of a /search (key "results") or /tree (key "entries") answer, following next_cursor.
    Returns items, pages, the set of `index` values seen, whether it stopped early (page cap or deadline)
    and any non-200 status."""
    items, indexes, pages, cursor, partial, skipped = [], set(), 0, None, False, 0
    conn = svc.connection()

    def result(capped, error=""):
        return {"items": items, "pages": pages, "index": sorted(indexes), "capped": capped, "error": error,
                "partial": partial, "skipped": skipped}

    try:
        while True:
            status, doc = svc.get_json(with_cursor(path, cursor), conn=conn)
            if status != 200 or doc is None:
                return result(False, f"status {status} on page {pages + 1}")
            pages += 1
            indexes.add(index_of(doc))
            items.extend(doc.get(key, []))
            # A /search page the redaction budget stopped gives a cursor that searches on (followed here like any
            # other page); one that stopped without a cursor, or left files out, is not a full scan.
            partial = partial or (bool(doc.get("partial")) and not doc.get("next_cursor"))
            skipped += len(doc.get("skipped") or [])
            cursor = doc.get("next_cursor")
            if not cursor:
                return result(False)
            if pages >= max_pages or time.monotonic() > deadline:
                return result(True)
    finally:
        conn.close()


def project(kind, items):
    """What must be identical: (file, line, content) of each hit, (path, size, lines) of each tree entry."""
    if kind == "search":
        return [(r.get("file"), r.get("line"), r.get("content")) for r in items]
    return [(e.get("path"), e.get("size"), e.get("lines")) for e in items]


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"item {i + 1}: index-on {x!r} vs index-off {y!r}"
    return f"index-on has {len(a)} items, index-off {len(b)}"


def compare(on, off, queries, max_pages, budget_s, rg_hits=None):
    """Runs each (kind, name, path, rg command or None) query on both instances (all pages, at most max_pages
    each, the whole comparison at most budget_s seconds) and compares what must be identical. One row per query.
    When the index-off answer is incomplete (partial: the scan's redaction budget ran out) but the index-on one
    is complete, the scan is no oracle: ripgrep's (file, line) hits are (rg_hits(cmd) gives them), and the
    index-off hits must be a subset of the index-on ones."""
    deadline = time.monotonic() + budget_s
    rows = []
    for kind, name, path, rg_cmd in queries:
        key = "results" if kind == "search" else "entries"
        a = all_pages(on, path, key, max_pages, deadline)
        b = all_pages(off, path, key, max_pages, deadline)
        pa, pb = project(kind, a["items"]), project(kind, b["items"])
        capped = a["capped"] or b["capped"]
        error = a["error"] or b["error"]
        incomplete = [f"index-{n} answer partial or with skipped files ({x['skipped']} skipped)"
                      for n, x in (("on", a), ("off", b)) if x["partial"] or x["skipped"]]
        if error:
            same, note = False, error
        elif incomplete and rg_cmd and rg_hits and not (a["partial"] or a["skipped"]) and not capped:
            rg = rg_hits(rg_cmd)
            on_hits = sorted((f, l) for f, l, _ in pa)
            subset = set(pb) <= set(pa)
            same = on_hits == rg and subset
            note = (f"{incomplete[0]}, so compared with ripgrep instead: index-on (file, line) "
                    + ("==" if on_hits == rg else "!=") + f" rg's ({len(rg)} hits); index-off hits "
                    + ("a subset of" if subset else "NOT a subset of") + " index-on's")
        elif incomplete:
            # Either side left hits out (the request's redaction budget): equal or not, it proves nothing.
            same = False
            note = "; ".join(incomplete) + ": not a full scan" + ("" if pa == pb else "; " + first_difference(pa, pb))
        elif capped:
            # Both stopped at the same page count: compare what both listed, and say the rest was not compared.
            n = min(len(pa), len(pb))
            same = pa[:n] == pb[:n]
            note = (f"first {min(a['pages'], b['pages'])} pages compared (page cap {max_pages} or time budget)"
                    + ("" if same else "; " + first_difference(pa[:n], pb[:n])))
        else:
            same = pa == pb
            note = "" if same else first_difference(pa, pb)
        rows.append({"kind": kind, "name": name, "path": path, "items_on": len(pa), "items_off": len(pb),
                     "pages_on": a["pages"], "pages_off": b["pages"], "index_on": a["index"],
                     "index_off": b["index"], "identical": same, "capped": capped, "note": note,
                     "hits": sorted({(f, l) for f, l, _ in pa}) if kind == "search" else None})
    return rows
