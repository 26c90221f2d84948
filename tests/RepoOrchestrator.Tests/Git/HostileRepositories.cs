using System.Diagnostics;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Git;

/// <summary>
/// Hostile repositories built for real under a test's root: each one either carries a trap (a program that writes
/// <see cref="Marker"/> if git ever runs it) or points git at <see cref="Victim"/>, a repository outside the root
/// whose content (<see cref="VictimContent"/>) must never come back. Every fixture changes something between
/// HEAD~1 and HEAD, so a diff of that range reaches the trap, and each names the plain-git command that proves the
/// trap is live (fires or leaks without the sandbox).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class HostileRepositories
{
    public const string VictimContent = "VICTIM-CONTENT-8f1c2b";
    public const string SubmoduleSecret = "SUBMODULE-ENV-4d7e";

    /// <summary>Content of files the path rules refuse (dot-files, denied folders and extensions) in the repository itself.</summary>
    public const string RefusedContent = "REFUSED-FILE-CONTENT-93b1";

    public HostileRepositories(string root, string outside)
    {
        Root = root;
        Outside = outside;
        Marker = Path.Combine(outside, "MARKER");
        Trap = Path.Combine(outside, "trap.sh");
        File.WriteAllText(Trap, $"#!/bin/sh\ntouch '{Marker}'\nexit 0\n");
        File.SetUnixFileMode(Trap, (UnixFileMode)0b111_101_101);
        var victim = new TempGitRepo(outside, "victim");
        victim.Write("secret.txt", "nothing yet\n").Commit("one");
        victim.Write("secret.txt", VictimContent + "\n").Commit("two");
        Victim = victim;
    }

    public string Root { get; }

    public string Outside { get; }

    public string Marker { get; }

    public string Trap { get; }

    public TempGitRepo Victim { get; }

    /// <summary>The names of <see cref="Build"/>'s fixtures.</summary>
    public static readonly string[] Names =
    [
        "submodule-diff-external", "nested-submodule-diff-external", "submodule-textconv", "submodule-denied-files",
        "filter-driver", "repo-drivers-pager-fsmonitor-hooks", "include-path-outside", "include-if-outside",
        "partial-clone-ssh-command", "partial-clone-ext-transport", "gitfile-outside", "dotgit-symlink-outside",
        "commondir-outside", "alternates-outside", "symlinked-objects-and-refs", "bad-config-value",

        // Found by the attack review (branch attack-git): each passes GitDirCheck today and leaks under the sandbox.
        "alternates-comment-hides-outside", "nested-alternates-outside", "commondir-comment-hides-outside",
        "commondir-alternates-outside", "commondir-dotdot-through-inner-link", "alternates-base-link-to-worktree-link",
        "non-utf8-names-of-refused-files", "replace-ref-shows-refused-blob",
    ];

    /// <summary>The fixtures whose git data lies outside the repository (the git dir check must refuse them).</summary>
    public static readonly string[] GitDirOutside =
    [
        "alternates-comment-hides-outside", "nested-alternates-outside", "commondir-comment-hides-outside",
        "commondir-alternates-outside", "commondir-dotdot-through-inner-link", "alternates-base-link-to-worktree-link",
    ];

    /// <summary>Builds fixture <paramref name="name"/> as repository "app" and returns it with the liveness command.</summary>
    public (TempGitRepo Repo, string[] LiveCommand) Build(string name)
    {
        switch (name)
        {
            case "submodule-diff-external":
            {
                var repo = WithSubmodule(sub => sub.Git("config", "diff.external", Trap));
                repo.Git("config", "diff.submodule", "diff");
                return (repo, ["diff", "--no-ext-diff", "--no-textconv", "HEAD~1", "HEAD"]);
            }

            case "nested-submodule-diff-external":
                return (NestedSubmodule(), ["diff", "--no-ext-diff", "--no-textconv", "HEAD~1", "HEAD"]);

            case "submodule-textconv":
            {
                var repo = WithSubmodule(sub =>
                {
                    sub.Git("config", "diff.tc.textconv", Trap);
                    sub.Write(".gitattributes", "*.txt diff=tc\n");
                });
                repo.Git("config", "diff.submodule", "diff");
                return (repo, ["diff", "--no-ext-diff", "--no-textconv", "HEAD~1", "HEAD"]);
            }

            case "submodule-denied-files":
            {
                var repo = WithSubmodule(_ => { });
                repo.Git("config", "diff.submodule", "diff");
                return (repo, ["diff", "--no-ext-diff", "--no-textconv", "HEAD~1", "HEAD"]);
            }

            case "filter-driver":
            {
                var repo = new TempGitRepo(Root, "app");
                repo.Write(".gitattributes", "*.txt filter=evil diff=evil\n").Write("a.txt", "one\n").Commit("one");
                repo.Write("a.txt", "one\ntwo\n").Commit("two");
                repo.Git("config", "filter.evil.clean", Trap);
                repo.Git("config", "filter.evil.smudge", Trap);
                repo.Git("config", "filter.evil.process", Trap);
                repo.Git("config", "diff.evil.textconv", Trap);
                repo.Git("config", "diff.evil.command", Trap);
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "repo-drivers-pager-fsmonitor-hooks":
            {
                var repo = TwoCommits();
                foreach (var key in (string[])["core.fsmonitor", "core.pager", "pager.diff", "diff.external", "core.editor", "gpg.program", "core.alternateRefsCommand"])
                {
                    repo.Git("config", key, Trap);
                }

                repo.Git("config", "log.showSignature", "true");
                foreach (var hook in (string[])["post-checkout", "pre-commit", "post-index-change", "reference-transaction", "pre-auto-gc", "fsmonitor-watchman"])
                {
                    var path = Path.Combine(repo.Path, ".git", "hooks", hook);
                    File.Copy(Trap, path, overwrite: true);
                    File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
                }

                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "include-path-outside":
            {
                var repo = TwoCommits();
                var config = Path.Combine(Outside, "evil.gitconfig");
                File.WriteAllText(config, $"[diff]\n\texternal = {Trap}\n\tsubmodule = diff\n[core]\n\tpager = {Trap}\n\tfsmonitor = {Trap}\n");
                repo.Git("config", "include.path", config);
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "include-if-outside":
            {
                var repo = TwoCommits();
                var config = Path.Combine(Outside, "evil-if.gitconfig");
                File.WriteAllText(config, $"[diff]\n\texternal = {Trap}\n");
                repo.Git("config", "includeIf.gitdir:/.path", config);
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "partial-clone-ssh-command":
            {
                var repo = PartialClone();
                repo.Git("config", "remote.origin.url", "ssh://git.invalid/victim.git");
                repo.Git("config", "core.sshCommand", Trap);
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "partial-clone-ext-transport":
            {
                var repo = PartialClone();
                repo.Git("config", "remote.origin.url", $"ext::{Trap}");
                repo.Git("config", "protocol.allow", "always");
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "gitfile-outside":
            {
                var repo = Shell(repo => File.WriteAllText(Path.Combine(repo, ".git"), $"gitdir: {Path.Combine(Victim.Path, ".git")}\n"));
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "dotgit-symlink-outside":
            {
                var repo = Shell(repo => File.CreateSymbolicLink(Path.Combine(repo, ".git"), Path.Combine(Victim.Path, ".git")));
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "commondir-outside":
            {
                var repo = new TempGitRepo(Root, "app");
                var gitDir = Path.Combine(repo.Path, ".git");
                File.WriteAllText(Path.Combine(gitDir, "commondir"), Path.Combine(Victim.Path, ".git") + "\n");
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "alternates-outside":
            {
                var repo = new TempGitRepo(Root, "app");
                var gitDir = Path.Combine(repo.Path, ".git");
                File.WriteAllText(Path.Combine(gitDir, "objects", "info", "alternates"), Path.Combine(Victim.Path, ".git", "objects") + "\n");
                File.WriteAllText(Path.Combine(gitDir, "refs", "heads", "main"), Victim.Git("rev-parse", "HEAD"));
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "symlinked-objects-and-refs":
            {
                var repo = new TempGitRepo(Root, "app");
                var gitDir = Path.Combine(repo.Path, ".git");
                Directory.Delete(Path.Combine(gitDir, "objects"), recursive: true);
                Directory.Delete(Path.Combine(gitDir, "refs"), recursive: true);
                File.CreateSymbolicLink(Path.Combine(gitDir, "objects"), Path.Combine(Victim.Path, ".git", "objects"));
                File.CreateSymbolicLink(Path.Combine(gitDir, "refs"), Path.Combine(Victim.Path, ".git", "refs"));
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "bad-config-value":
            {
                var repo = TwoCommits();
                repo.Git("config", "core.bigFileThreshold", "CONFIG-VALUE-SECRET-77");
                return (repo, ["rev-parse", "HEAD"]);
            }

            case "alternates-comment-hides-outside":
            {
                // git does not trim an alternates line: "  #/.." is a path (a folder named "  #", then up), not a
                // comment; the check trims first and skips it as one. The line leads to the victim's objects.
                var repo = new TempGitRepo(Root, "app");
                var objects = Path.Combine(repo.Path, ".git", "objects");
                Directory.CreateDirectory(Path.Combine(objects, "  #"));
                File.WriteAllText(Path.Combine(objects, "info", "alternates"), "  #/../" + Path.GetRelativePath(objects, VictimObjects) + "\n");
                PointMainAtVictim(repo);
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "nested-alternates-outside":
            {
                // The alternates file names a folder inside .git, whose own info/alternates (read by git, up to five
                // levels deep) names the victim's objects; only the first level is checked.
                var repo = new TempGitRepo(Root, "app");
                var gitDir = Path.Combine(repo.Path, ".git");
                Directory.CreateDirectory(Path.Combine(gitDir, "nested", "objects", "info"));
                File.WriteAllText(Path.Combine(gitDir, "objects", "info", "alternates"), "../nested/objects\n");
                File.WriteAllText(Path.Combine(gitDir, "nested", "objects", "info", "alternates"), VictimObjects + "\n");
                PointMainAtVictim(repo);
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "commondir-comment-hides-outside":
            {
                // git reads commondir whole (no comments): "#/../<victim>" is the folder "#" inside .git, then up and
                // out to the victim's git dir. The check skips the line as a comment.
                var repo = new TempGitRepo(Root, "app");
                var gitDir = Path.Combine(repo.Path, ".git");
                Directory.CreateDirectory(Path.Combine(gitDir, "#"));
                File.WriteAllText(Path.Combine(gitDir, "commondir"), "#/../" + Path.GetRelativePath(gitDir, VictimGitDir) + "\n");
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "commondir-alternates-outside":
            {
                // commondir names a folder inside .git (passes); git then reads that folder's objects/info/alternates.
                var repo = new TempGitRepo(Root, "app");
                var gitDir = Path.Combine(repo.Path, ".git");
                var common = Path.Combine(gitDir, "common");
                Directory.CreateDirectory(Path.Combine(common, "objects", "info"));
                Directory.CreateDirectory(Path.Combine(common, "refs", "heads"));
                File.WriteAllText(Path.Combine(common, "objects", "info", "alternates"), VictimObjects + "\n");
                File.WriteAllText(Path.Combine(common, "refs", "heads", "main"), Victim.Git("rev-parse", "HEAD"));
                File.WriteAllText(Path.Combine(gitDir, "commondir"), "common\n");
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "commondir-dotdot-through-inner-link":
            {
                // The check collapses ".." by name (GetFullPath) before resolving links; git resolves each component
                // on disk. With d1/L a link to .git itself (inside: allowed), "d1/L/../../<up>/<tail>" is .git/<tail>
                // by name but <up levels above .git>/<tail> on disk: the victim's git dir.
                var repo = new TempGitRepo(Root, "app");
                var gitDir = Path.Combine(repo.Path, ".git");
                var common = CommonAncestor(gitDir, VictimGitDir);
                var up = Path.GetRelativePath(common, gitDir).Split('/').Length; // levels from .git up to the common ancestor
                var tail = Path.GetRelativePath(common, VictimGitDir);
                var chain = string.Join('/', Enumerable.Range(1, up - 1).Select(i => "d" + i));
                var linkFolder = up > 1 ? Path.Combine(gitDir, chain) : gitDir;
                Directory.CreateDirectory(linkFolder);
                File.CreateSymbolicLink(Path.Combine(linkFolder, "L"), up > 1 ? string.Join('/', Enumerable.Repeat("..", up - 1)) : ".");
                Directory.CreateDirectory(Path.Combine(gitDir, tail)); // what the check finds by name: a folder inside .git
                var prefix = up > 1 ? chain + "/L/" : "L/";
                File.WriteAllText(Path.Combine(gitDir, "commondir"), prefix + string.Concat(Enumerable.Repeat("../", up)) + tail + "\n");
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "alternates-base-link-to-worktree-link":
            {
                // .git/objects is a link to "." (.git itself: inside, allowed). The check resolves the alternates line
                // "../evil" against <repo>/.git/objects by name (= .git/evil, a real folder inside); git resolves it
                // against the real objects folder, .git, so it reads <repo>/evil: a work-tree link to the victim's objects.
                var repo = new TempGitRepo(Root, "app");
                var gitDir = Path.Combine(repo.Path, ".git");
                var objects = Path.Combine(gitDir, "objects");
                foreach (var entry in new DirectoryInfo(objects).EnumerateFileSystemInfos())
                {
                    var target = Path.Combine(gitDir, entry.Name);
                    if (entry is DirectoryInfo folder && !Directory.Exists(target))
                    {
                        folder.MoveTo(target);
                    }
                }

                Directory.Delete(objects, recursive: true);
                File.CreateSymbolicLink(objects, ".");
                Directory.CreateDirectory(Path.Combine(gitDir, "info"));
                Directory.CreateDirectory(Path.Combine(gitDir, "evil"));
                File.WriteAllText(Path.Combine(gitDir, "info", "alternates"), "../evil\n");
                File.CreateSymbolicLink(Path.Combine(repo.Path, "evil"), VictimObjects);
                PointMainAtVictim(repo);
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "non-utf8-names-of-refused-files":
            {
                // Names are not UTF-8: the service decodes `--name-only -z` output with U+FFFD, so the exclude
                // pathspec it builds (":(exclude,literal)x\uFFFD/.env") never matches the real name and the refused
                // files' content is in the patch. Files: x\xff/.env, k\xff.pem, \xff/node_modules/m.js.
                var repo = TwoCommits();
                Sh(repo.Path, "d=$(printf 'x\\377'); mkdir \"$d\" && printf '%s\\n' \"$1-dotenv\" > \"$d/.env\" && "
                    + "printf '%s\\n' \"$1-pem\" > \"$(printf 'k\\377.pem')\" && "
                    + "n=$(printf '\\377'); mkdir -p \"$n/node_modules\" && printf '%s\\n' \"$1-module\" > \"$n/node_modules/m.js\"", RefusedContent);
                repo.Commit("refused files with non-UTF-8 names");
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            case "replace-ref-shows-refused-blob":
            {
                // refs/replace/<blob of a.txt> names the blob of .env (unchanged, so never excluded): the patch of
                // a.txt shows .env's content. GIT_NO_REPLACE_OBJECTS is not set, core.useReplaceRefs not overridden.
                var repo = new TempGitRepo(Root, "app");
                repo.Write(".env", RefusedContent + "\n").Write("a.txt", "one\n").Commit("one");
                repo.Write("a.txt", "one\ntwo\n").Commit("two");
                repo.Git("replace", repo.Git("rev-parse", "HEAD:a.txt").Trim(), repo.Git("rev-parse", "HEAD:.env").Trim());
                return (repo, ["diff", "HEAD~1", "HEAD"]);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown fixture");
        }
    }

    /// <summary>Runs plain git (no sandbox) in <paramref name="repo"/>, as an unprotected reader would.</summary>
    public static (int Exit, string Output) PlainGit(string repo, params string[] args) =>
        PlainGit(repo, new Dictionary<string, string?>(StringComparer.Ordinal) { ["HOME"] = repo, ["GIT_CONFIG_PARAMETERS"] = "'safe.directory'='*'" }, args);

    /// <summary>Plain git with <paramref name="environment"/> laid over the test's own (a null value removes a variable).</summary>
    public static (int Exit, string Output) PlainGit(string repo, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output.Result + error);
    }

    private string VictimGitDir => Path.Combine(Victim.Path, ".git");

    private string VictimObjects => Path.Combine(Victim.Path, ".git", "objects");

    /// <summary>Makes "app"'s main name the victim's HEAD commit (whose objects only an outside store holds).</summary>
    private void PointMainAtVictim(TempGitRepo repo) =>
        File.WriteAllText(Path.Combine(repo.Path, ".git", "refs", "heads", "main"), Victim.Git("rev-parse", "HEAD"));

    private static string CommonAncestor(string a, string b)
    {
        var x = a.Split('/');
        var y = b.Split('/');
        var n = 0;
        while (n < x.Length && n < y.Length && x[n] == y[n])
        {
            n++;
        }

        return n <= 1 ? "/" : string.Join('/', x[..n]);
    }

    /// <summary>Runs a /bin/sh script in <paramref name="folder"/> with <paramref name="argument"/> as $1 (for names .NET cannot spell).</summary>
    private static void Sh(string folder, string script, string argument)
    {
        var psi = new ProcessStartInfo("/bin/sh") { WorkingDirectory = folder, RedirectStandardError = true };
        foreach (var a in (string[])["-c", script, "sh", argument])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, error);
    }

    private TempGitRepo TwoCommits()
    {
        var repo = new TempGitRepo(Root, "app");
        repo.Write("a.txt", "one\n").Commit("one");
        repo.Write("a.txt", "one\ntwo\n").Commit("two");
        return repo;
    }

    /// <summary>A repository folder with work-tree files but whose `.git` is set by <paramref name="makeGit"/>.</summary>
    private TempGitRepo Shell(Action<string> makeGit)
    {
        var repo = TwoCommits();
        Directory.Delete(Path.Combine(repo.Path, ".git"), recursive: true);
        makeGit(repo.Path);
        return repo;
    }

    /// <summary>"app" with submodule "sub" (holding a denied `.env`) bumped between HEAD~1 and HEAD.</summary>
    private TempGitRepo WithSubmodule(Action<TempGitRepo> arm)
    {
        var source = new TempGitRepo(Outside, "sub-source");
        source.Write("s.txt", "s1\n").Write(".env", $"TOKEN={SubmoduleSecret}-1\n").Commit("s1");
        var repo = new TempGitRepo(Root, "app");
        repo.Write("a.txt", "one\n").Commit("one");
        repo.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", source.Path, "sub");
        repo.Commit("add sub");
        var sub = new TempGitRepo(repo.Path, "sub");
        arm(sub);
        sub.Write("s.txt", "s1\ns2\n").Write(".env", $"TOKEN={SubmoduleSecret}-2\n").Commit("s2");
        repo.Commit("bump sub");
        return repo;
    }

    private TempGitRepo NestedSubmodule()
    {
        var inner = new TempGitRepo(Outside, "inner-source");
        inner.Write("i.txt", "i1\n").Commit("i1");
        var middle = new TempGitRepo(Outside, "middle-source");
        middle.Write("m.txt", "m1\n").Commit("m1");
        middle.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", inner.Path, "inner");
        middle.Commit("add inner");
        var repo = new TempGitRepo(Root, "app");
        repo.Write("a.txt", "one\n").Commit("one");
        repo.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", middle.Path, "sub");
        repo.Git("-c", "protocol.file.allow=always", "submodule", "update", "-q", "--init", "--recursive");
        repo.Commit("add sub");
        var sub = new TempGitRepo(repo.Path, "sub");
        var innerCheckout = new TempGitRepo(sub.Path, "inner");
        innerCheckout.Git("config", "diff.external", Trap);
        innerCheckout.Write("i.txt", "i1\ni2\n").Commit("i2");
        sub.Git("config", "diff.submodule", "diff");
        sub.Commit("bump inner");
        repo.Git("config", "diff.submodule", "diff");
        repo.Commit("bump sub");
        return repo;
    }

    /// <summary>A blobless clone of the victim: HEAD~1's blob is missing, so reading it would fetch from the remote.</summary>
    private TempGitRepo PartialClone()
    {
        Victim.Git("config", "uploadpack.allowFilter", "true");
        var target = Path.Combine(Root, "app");
        var (exit, output) = PlainGit(Outside, "-c", "protocol.file.allow=always", "clone", "-q", "--filter=blob:none", "--no-local", "file://" + Victim.Path, target);
        Assert.True(exit == 0, output);
        var repo = new TempGitRepo(Root, "app");
        return repo;
    }
}
