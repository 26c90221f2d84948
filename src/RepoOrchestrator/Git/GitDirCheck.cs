using Microsoft.Win32.SafeHandles;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Git;

/// <summary>
/// Decides, before any git call, that a repository's git data lies inside the repository, and pins it. git follows
/// whatever its git dir says: a gitfile (`gitdir: /elsewhere`), a `.git` link, `commondir`, alternates (nested up
/// to five levels, relative to a real path git computes itself), or a symbolic link anywhere inside `.git` would
/// make it read another repository's objects and refs. Parsing those pointers the way git does is a race against
/// git's own parser, so the rule is structural instead: `.git` is a real folder, no `commondir` file, no alternates
/// with any content, and no symbolic link anywhere below `.git` — whatever it points at. The check reads names and
/// file kinds only, never a pointer's content.
/// On Linux the folder is opened once (never through a link) and everything after — the scan and every git process,
/// which starts with that folder as its working directory and `--git-dir=.` — goes through the open descriptor, so
/// `.git` swapped for a link after the check changes nothing. What it cannot stop: a local process that writes a
/// link inside `.git` after the scan (docs/SECURITY.md).
/// </summary>
public static class GitDirCheck
{
    /// <summary>Entries of `.git` read at most; a larger git dir is refused rather than half checked.</summary>
    public const int MaxEntries = 1_000_000;

    /// <summary>The pinned git dir, or the reason it is refused, in words for the caller and the operator's log.</summary>
    public readonly record struct Verdict(PinnedGitDir? GitDir, string? Problem);

    public static Verdict Check(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var gitDir = Path.Join(repository, ".git");
        PinnedGitDir? pinned = null;
        try
        {
            var kind = KindOf(gitDir);
            if (kind != FileKind.Directory)
            {
                return Refuse(kind switch
                {
                    FileKind.Missing => ".git is missing: not a git repository",
                    FileKind.SymbolicLink => ".git is a symbolic link",
                    FileKind.Regular => ".git is a file (a gitfile: the git dir lives elsewhere, as for a worktree or a separated git dir)",
                    _ => ".git is not a folder",
                });
            }

            pinned = PinnedGitDir.Open(gitDir);
            if (pinned is null)
            {
                return Refuse(".git changed while it was being opened");
            }

            if (StructureProblem(pinned.Path) is { } problem)
            {
                pinned.Dispose();
                return Refuse(problem);
            }

            return new Verdict(pinned, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            pinned?.Dispose();
            return Refuse("the git folder cannot be read completely"); // SECURITY: fail closed
        }
    }

    private static Verdict Refuse(string problem) => new(null, problem);

    private static FileKind KindOf(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            return LinuxFileStatus.LStat(path).Kind;
        }

        var info = new FileInfo(path);
        return info.LinkTarget is not null ? FileKind.SymbolicLink
            : Directory.Exists(path) ? FileKind.Directory
            : info.Exists ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>The first reason the git dir at <paramref name="gitDir"/> (the pinned path) may send git elsewhere.</summary>
    private static string? StructureProblem(string gitDir)
    {
        if (KindOf(Path.Join(gitDir, "commondir")) != FileKind.Missing)
        {
            return "it has a commondir file (a worktree's git dir: its data lives in another repository)";
        }

        foreach (var name in (string[])["alternates", "http-alternates"])
        {
            var file = Path.Join(gitDir, "objects", "info", name);
            var kind = KindOf(file);
            if (kind != FileKind.Missing && (kind != FileKind.Regular || new FileInfo(file).Length != 0))
            {
                return $"objects/info/{name} names other object stores (a shared or referenced clone)";
            }
        }

        return LinkProblem(gitDir);
    }

    /// <summary>The first symbolic link (wherever it points), FIFO, socket or device under <paramref name="gitDir"/>.</summary>
    private static string? LinkProblem(string gitDir)
    {
        var pending = new Stack<string>();
        pending.Push(gitDir);
        var seen = 0;
        while (pending.TryPop(out var folder))
        {
            foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", Enumeration))
            {
                if (++seen > MaxEntries)
                {
                    return $"the git folder holds more than {MaxEntries} entries and cannot be checked (run git gc)";
                }

                // The enumeration's own entry type: a link is refused, never followed or resolved.
                if (info.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    return "it holds a symbolic link (git would follow it, possibly out of the repository)";
                }

                if (info is DirectoryInfo)
                {
                    pending.Push(info.FullName);
                }
                else if (info is FileInfo { Length: 0 } && KindOf(info.FullName) == FileKind.Special)
                {
                    // SECURITY: a FIFO, socket or device (the enumeration calls them regular files of length 0: only those
                    // are looked at again) would hold git reading it (info/attributes, a config include) until the timeout
                    return "it holds a FIFO, socket or device (git would wait on it)";
                }
            }
        }

        return null;
    }

    private static readonly EnumerationOptions Enumeration = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };
}
