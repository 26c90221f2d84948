"""Freshness of the index: how long after an edit, a rename and a delete the index-on instance answers correctly.

Works on the cached corpus and puts it back: before each change it writes the journal that corpus.restore()
reads (so even a killed run is undone by the next one), and restore() runs at the end in any case."""
import json
import os
import secrets
import time
import urllib.parse

from . import corpus
from .comparison import index_of

POLL_S = 0.05
TIMEOUT_S = 30.0
FOLDER = "src/core/engine"  # holds only FILE_TARGET: the tree checks list one small folder


def _journal(root, journal):
    with open(corpus.journal_path(root), "w", encoding="utf-8") as f:
        json.dump(journal, f)


def _write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def _search(svc, literal):
    status, doc = svc.get_json("/search?q=" + urllib.parse.quote(literal))
    if status != 200 or doc is None:
        return None, "?"
    return sorted((r["file"], r["line"]) for r in doc.get("results", [])), index_of(doc)


def _tree(svc):
    status, doc = svc.get_json(f"/tree?path={urllib.parse.quote(FOLDER)}&max_depth=0")
    if status != 200 or doc is None:
        return None, "?"
    return set(doc.get("files", [])), index_of(doc)


def _until(want_ready, check):
    """Polls check() every 50 ms from now, at most TIMEOUT_S seconds, until it returns True with every answer
    saying "index": "ready". Returns `seconds` (first correct answer, however it was answered), `ready_seconds`
    (first correct answer through the ready index; None on time-out), the number of polls and the index values of
    the last answers. With want_ready False (the index is off or never got ready) it stops at the first correct
    answer."""
    start = time.monotonic()
    polls, first = 0, None
    while True:
        polls += 1
        ok, indexes = check()
        elapsed = time.monotonic() - start
        if ok and first is None:
            first = elapsed
        if ok and (all(i == "ready" for i in indexes) or not want_ready):
            return {"seconds": first, "ready_seconds": elapsed if want_ready else None, "polls": polls, "index": indexes}
        if elapsed > TIMEOUT_S:
            return {"seconds": first, "ready_seconds": None, "polls": polls, "index": indexes}
        time.sleep(POLL_S)


def run(svc, root, man, want_ready):
    """The three changes of issue 19 (plus the creation of the two files the rename and the delete act on),
    each timed until /search (and /tree for the rename and the delete) answers as a full scan would."""
    repo = os.path.join(root, "repo")
    tag = secrets.token_hex(4)
    edit_lit, move_lit, gone_lit = (f"ZqxFresh{k}_{tag}" for k in ("Edit", "Move", "Gone"))
    move_old, move_new = f"{FOLDER}/bench_fresh_move_{tag}.py", f"{FOLDER}/bench_fresh_moved_{tag}.py"
    gone = f"{FOLDER}/bench_fresh_gone_{tag}.py"
    target = man["file_target"]
    target_full = os.path.join(repo, target)
    size = os.path.getsize(target_full)
    journal = {"created": [move_old, move_new, gone], "appended": {target: size}}
    _journal(root, journal)
    out = {"literals": [edit_lit, move_lit, gone_lit], "steps": {}, "index_ready": want_ready}
    try:
        # 0. Two new files, one to rename and one to delete (the corpus has no file of its own to spare).
        _write(os.path.join(repo, move_old), f"# fresh file\n# marker {move_lit} kept for the benchmark\n")
        _write(os.path.join(repo, gone), f"# fresh file\n# marker {gone_lit} kept for the benchmark\n")
        out["steps"]["create"] = _until(want_ready, lambda: _both(
            _search(svc, move_lit), [(move_old, 2)], _search(svc, gone_lit), [(gone, 2)]))

        # (a) Append a line holding a new literal to an existing file.
        with open(target_full, "a", encoding="utf-8", newline="\n") as f:
            f.write(f"# appended {edit_lit}\n")
        expected = [(target, man["file_target_lines"] + 1)]
        out["steps"]["edit"] = _until(want_ready, lambda: _one(_search(svc, edit_lit), expected))

        # (b) Rename the file holding the second literal: the hit and the listing move with it.
        os.rename(os.path.join(repo, move_old), os.path.join(repo, move_new))
        out["steps"]["rename"] = _until(want_ready, lambda: _both(
            _search(svc, move_lit), [(move_new, 2)], _tree_has(svc, move_new, move_old), None))

        # (c) Delete the file holding the third literal: no hit, not listed.
        os.remove(os.path.join(repo, gone))
        out["steps"]["delete"] = _until(want_ready, lambda: _both(
            _search(svc, gone_lit), [], _tree_has(svc, None, gone), None))

        # Still right a moment later (no flapping back to a stale answer).
        time.sleep(0.5)
        out["stable"] = (_one(_search(svc, edit_lit), expected)[0]
                         and _both(_search(svc, move_lit), [(move_new, 2)], _tree_has(svc, move_new, move_old),
                                   None)[0]
                         and _both(_search(svc, gone_lit), [], _tree_has(svc, None, gone), None)[0])
    finally:
        corpus.restore(root)
    return out


def _one(answer, expected):
    hits, index = answer
    return hits == expected, [index]


def _tree_has(svc, present, absent):
    files, index = _tree(svc)
    ok = files is not None and (present is None or present in files) and absent not in files
    return ok, index


def _both(first, first_expected, second, second_expected):
    """first and second are (answer, index) pairs; an expected of None means the answer is already a verdict."""
    ok1 = first[0] == first_expected if first_expected is not None else first[0]
    ok2 = second[0] == second_expected if second_expected is not None else second[0]
    return bool(ok1 and ok2), [first[1], second[1]]
