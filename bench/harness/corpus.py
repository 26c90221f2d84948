"""The cached benchmark corpus and the ripgrep command that scans exactly the files /search scans."""
import hashlib
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.path.join(HERE, "gen_corpus.py")

# The service's defaults (SPEC section 2): ORCH_ALLOWED_EXTENSIONS and ORCH_DENIED_DIRS. The benchmark runs
# the service with these defaults, so ripgrep gets the same lists.
ALLOWED_EXTENSIONS = (".ts .tsx .py .go .rs .c .cpp .json .yaml .cs .csproj .yml .js .jsx .java .kt .rb .php "
                      ".h .hpp .sh .toml .sql .md .txt").split()
DENIED_DIRS = ".git node_modules .venv __pycache__ dist build bin obj".split()
MAX_FILE_BYTES = "5M"  # ORCH_MAX_FILE_BYTES: /search never reads a larger file


def ensure(work, files, seed):
    """Path of the corpus folder (ORCH_REPO_ROOT; the repository is its sub-folder `repo`), generated once."""
    with open(GENERATOR, "rb") as f:
        version = hashlib.sha256(f.read()).hexdigest()[:10]
    key = f"n{files}-s{seed}-g{version}"
    root = os.path.join(work, "corpus", key)
    if os.path.exists(os.path.join(root, "manifest.json")):
        restore(root)  # a freshness run that was killed before it put the corpus back
        return root
    staging = root + ".partial"
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    print(f"generating corpus {key} ...", flush=True)
    subprocess.run([sys.executable, GENERATOR, "--files", str(files), "--seed", str(seed), "--out", staging],
                   check=True, stdout=subprocess.DEVNULL)
    os.rename(staging, root)
    return root


def manifest(root):
    with open(os.path.join(root, "manifest.json"), encoding="utf-8") as f:
        return json.load(f)


def ripgrep_filters():
    """Only files with an allowed extension (any case), never inside a denied folder; hidden entries are
    skipped by ripgrep's default like /search skips dot folders and dot files; .gitignore is not honoured
    (--no-ignore) because /search does not read it either."""
    args = ["--no-ignore", "--glob-case-insensitive", "--max-filesize", MAX_FILE_BYTES]
    for ext in ALLOWED_EXTENSIONS:
        args += ["-g", f"*{ext}"]
    for d in DENIED_DIRS:
        args += ["-g", f"!**/{d}/**"]
    return args


def ripgrep_search(literal):
    return ["rg", "-F", "--line-number", "--no-heading", *ripgrep_filters(), "--", literal, "."]


def ripgrep_regex(pattern):
    """The same scan as ripgrep_search with a regular expression (`-e`) instead of a fixed string (`-F`)."""
    return ["rg", "--line-number", "--no-heading", *ripgrep_filters(), "-e", pattern, "--", "."]


def ripgrep_hits(cmd, repo):
    """Sorted (file, line) pairs ripgrep prints for cmd (its output is `./path:line:content`)."""
    out = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, check=False, timeout=600).stdout
    hits = []
    for line in out.splitlines():
        path, number, _ = line.split(":", 2)
        hits.append((path.removeprefix("./"), int(number)))
    return sorted(hits)


def journal_path(root):
    return os.path.join(root, "freshness-journal.json")


def restore(root):
    """Undoes what the freshness test did to the cached corpus, from the journal it writes before each change:
    files it created (and their renamed names) are removed, the file it appended to is cut back to its size."""
    path = journal_path(root)
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        journal = json.load(f)
    repo = os.path.join(root, "repo")
    for rel in journal.get("created", []):
        full = os.path.join(repo, rel)
        if os.path.lexists(full):
            os.remove(full)
    for rel, size in journal.get("appended", {}).items():
        with open(os.path.join(repo, rel), "r+b") as f:
            f.truncate(size)
    os.remove(path)


def ripgrep_files(repo):
    out = subprocess.run(["rg", "--files", *ripgrep_filters(), "."], cwd=repo, capture_output=True, text=True,
                         check=True)
    return len(out.stdout.splitlines())
