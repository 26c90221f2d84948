#!/usr/bin/env python3
"""Deterministic benchmark corpus: a git repository of N source files in several languages.

Usage: gen_corpus.py --files N --seed S --out DIR

Writes DIR/repo (a git repository with one commit) and DIR/manifest.json. The same N and seed always give
byte-identical files. What the benchmark relies on:

* N searchable files (allowed extensions, outside denied and dot folders), average ~8 KiB, lines of
  realistic length (indentation + code, mostly 20-90 characters, a few long ones);
* the rare literal RARE_LITERAL in exactly 3 of them (first, middle and last third of the tree), once each;
* the common literal COMMON_LITERAL on many lines of most files;
* FILE_TARGET, a file of exactly 300 lines with ordinary code (no secrets);
* material that /search and the fair ripgrep command must both skip: node_modules/, build/, a dot folder,
  binary .png files, *.lock files (extension not allowed), and the .git folder itself. None of it holds
  the rare literal, so a wrong filter shows up as a wrong file count, never as a different hit set.
"""
import argparse
import json
import os
import random
import subprocess
import sys

RARE_LITERAL = "ZqxRareNeedle_7f3a9c"
COMMON_LITERAL = "return"
FILE_TARGET = "src/core/engine/request_pipeline.py"

WORDS = ("user account order item cache config handler request response buffer stream parser token "
         "session client server route index value result error status count limit offset page query "
         "filter sort key name path file line table record event message queue worker task job retry "
         "timeout deadline context logger metric trace span batch chunk block node tree graph edge "
         "vertex matrix vector schema model field column row cursor reader writer builder factory "
         "registry provider service manager controller adapter gateway proxy policy rule guard").split()

LANGS = {
    # extension: (comment, function template, statement templates, block close)
    ".py": ("#", "def {f}({a}, {b}):", ["{v} = {f}({a}, {b})", "if {v} is None:", "    {COMMON} {a}",
                                         "for {v} in {a}.{f}():", "{v}.{f}({b}, retries={n})",
                                         "self.{v} = {a}[{n}:{m}]", "{COMMON} {v} + {n}",
                                         "logger.debug(\"{w} %s {w}\", {v})"], ""),
    ".go": ("//", "func {F}({a} *{T}, {b} int) error {{", ["{v} := {f}({a}, {b})", "if err != nil {{",
                                                           "\t{COMMON} fmt.Errorf(\"{w}: %w\", err)", "}}",
                                                           "for _, {v} := range {a}.{F}s {{", "{COMMON} nil",
                                                           "{a}.{F}({b} + {n})"], "}"),
    ".ts": ("//", "export function {f}({a}: {T}, {b}: number): {T} {{", [
        "const {v} = await {a}.{f}({b});", "if (!{v}) {{ {COMMON} {a}; }}", "let {v}: {T}[] = [];",
        "{v}.push({{ {w}: {b}, {f}: {n} }});", "{COMMON} {v}.map(x => x.{f});",
        "console.log(`{w} ${{{v}}}`);"], "}"),
    ".rs": ("//", "pub fn {f}({a}: &{T}, {b}: usize) -> Result<{T}, Error> {{", [
        "let {v} = {a}.{f}({b})?;", "if {v}.is_empty() {{ {COMMON} Err(Error::{F}); }}",
        "for {v} in {a}.iter() {{", "    {v}.{f}({n});", "}}", "{COMMON} Ok({v}.clone());"], "}"),
    ".java": ("//", "public {T} {f}({T} {a}, int {b}) {{", [
        "final var {v} = this.{f}({a}, {b});", "if ({v} == null) {{ {COMMON} {a}; }}",
        "for (var {v} : {a}.get{F}s()) {{", "    {v}.{f}({n});", "}}", "{COMMON} {v};"], "}"),
    ".c": ("//", "static int {f}(struct {t} *{a}, size_t {b}) {{", [
        "int {v} = {f}_{w}({a}, {b});", "if ({v} < 0) {{ {COMMON} -{n}; }}",
        "for (size_t i = 0; i < {b}; i++) {{", "    {a}->{v}[i] = {n};", "}}", "{COMMON} {v};"], "}"),
    ".cs": ("//", "public {T} {F}({T} {a}, int {b})", [
        "var {v} = _{w}.{F}({a}, {b});", "if ({v} is null) {COMMON} {a};",
        "foreach (var {v} in {a}.{F}s)", "    {v}.{F}({n});", "{COMMON} {v} with {{ {F} = {n} }};"], ""),
    ".js": ("//", "function {f}({a}, {b}) {{", [
        "const {v} = {a}.{f}({b});", "if (!{v}) {{ {COMMON} null; }}", "{v}.{f}({b}, {n});",
        "{COMMON} {v}.filter((x) => x.{w} > {n});"], "}"),
    ".md": ("", "## {F} {w}", ["The {w} {v} keeps the {f} of each {a} for {n} seconds.",
                               "- `{f}({a}, {b})` {COMMON}s the {w} when the {v} is ready.",
                               "See also the {F} section for the {w} limits."], ""),
    ".yaml": ("#", "{f}:", ["  {v}: {n}", "  {w}_{f}: \"{a}-{b}\"", "  {COMMON}_{w}: true", "  - {v}"], ""),
}
EXT_WEIGHTS = [(".py", 18), (".go", 12), (".ts", 16), (".rs", 10), (".java", 10), (".c", 8), (".cs", 10),
               (".js", 8), (".md", 4), (".yaml", 4)]


def ident(rng, upper=False):
    w = rng.choice(WORDS)
    if rng.random() < 0.5:
        w += rng.choice(WORDS).capitalize()
    return w.capitalize() if upper else w


def render(template, rng):
    return template.format(
        f=ident(rng), F=ident(rng, True), a=ident(rng), b=ident(rng), v=ident(rng), w=rng.choice(WORDS),
        t=rng.choice(WORDS), T=ident(rng, True), n=rng.randint(0, 9999), m=rng.randint(0, 9999),
        COMMON=COMMON_LITERAL)


def source_lines(ext, rng, count):
    comment, func, stmts, close = LANGS[ext]
    lines = []
    while len(lines) < count:
        if comment and rng.random() < 0.3:
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 14)))
            lines.append(f"{comment} {words}")
        lines.append(render(func, rng))
        for _ in range(rng.randint(4, 14)):
            indent = " " * (4 * rng.randint(1, 3)) if ext != ".md" else ""
            line = indent + render(rng.choice(stmts), rng)
            if rng.random() < 0.05:  # the occasional long line
                line += "  " + (comment or "") + " " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 22)))
            lines.append(line)
        if close:
            lines.append(close)
        lines.append("")
    return lines[:count]


def pick_ext(rng):
    total = sum(w for _, w in EXT_WEIGHTS)
    r = rng.uniform(0, total)
    for ext, w in EXT_WEIGHTS:
        r -= w
        if r <= 0:
            return ext
    return EXT_WEIGHTS[-1][0]


def layout(n, rng):
    """N relative paths spread over a tree up to 5 folders deep, ~25 files per folder."""
    paths = []
    top = ["src", "lib", "services", "packages", "tools", "docs", "internal", "api"]
    folder_count = max(1, n // 25)
    folders = []
    for i in range(folder_count):
        depth = rng.randint(1, 4)
        parts = [rng.choice(top)] + [f"{rng.choice(WORDS)}_{i % 97}" if d == depth - 1 else rng.choice(WORDS)
                                     for d in range(depth)]
        folders.append("/".join(parts))
    seen = set()
    while len(paths) < n:
        folder = folders[len(paths) % folder_count]
        ext = pick_ext(rng)
        name = f"{ident(rng)}_{len(paths)}{ext}"
        rel = f"{folder}/{name}"
        if rel not in seen and rel != FILE_TARGET:
            seen.add(rel)
            paths.append(rel)
    return paths


def write(root, rel, text):
    full = os.path.join(root, rel)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, required=True)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    repo = os.path.join(args.out, "repo")
    os.makedirs(repo, exist_ok=False)

    paths = layout(args.files - 1, rng)
    rare_at = {len(paths) // 7, len(paths) // 2, len(paths) - 3}
    total_bytes = 0
    for i, rel in enumerate(paths):
        ext = os.path.splitext(rel)[1]
        lines = source_lines(ext, rng, max(20, int(rng.lognormvariate(5.07, 0.55))))
        if i in rare_at:
            lines.insert(len(lines) // 2, f"{LANGS[ext][0] or '>'} marker {RARE_LITERAL} kept for the benchmark")
        text = "\n".join(lines) + "\n"
        total_bytes += len(text.encode("utf-8"))
        write(repo, rel, text)

    target = "\n".join(source_lines(".py", random.Random(args.seed + 1), 300)) + "\n"
    write(repo, FILE_TARGET, target)
    total_bytes += len(target.encode("utf-8"))

    # Material both /search and the fair ripgrep command skip.
    skipped = 0
    for i in range(max(10, args.files // 20)):
        folder = ["node_modules/pkg_%d" % (i % 40), "build/out_%d" % (i % 10), ".cache/tmp_%d" % (i % 5)][i % 3]
        write(repo, f"{folder}/mod_{i}.js", "\n".join(source_lines(".js", rng, 120)) + "\n")
        skipped += 1
    for i in range(max(5, args.files // 100)):
        folder = os.path.dirname(paths[rng.randrange(len(paths))])
        with open(os.path.join(repo, folder, f"image_{i}.png"), "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(2048)))
        write(repo, f"{folder}/deps_{i}.lock", "\n".join(source_lines(".yaml", rng, 80)) + "\n")
        skipped += 2

    git = ["git", "-C", repo, "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    subprocess.run(git[:3] + ["init", "-q", "-b", "main"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "benchmark corpus"], check=True,
                   env={**os.environ, "GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z",
                        "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z"})

    manifest = {
        "files": args.files, "seed": args.seed, "searchable_files": len(paths) + 1,
        "searchable_bytes": total_bytes, "skipped_files": skipped, "rare_literal": RARE_LITERAL,
        "rare_files": sorted(paths[i] for i in rare_at), "common_literal": COMMON_LITERAL,
        "file_target": FILE_TARGET, "file_target_lines": 300,
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps(manifest))


if __name__ == "__main__":
    sys.exit(main())
