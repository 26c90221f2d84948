using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Git;

/// <summary>
/// Decides, before any git call, that a repository's git data lies inside the repository. git follows whatever
/// its git dir says: a gitfile (`gitdir: /elsewhere`), a `.git` link, `commondir`, `objects/info/alternates`, or a
/// symbolic link anywhere inside `.git` (objects, packs, refs, modules) would make it read another repository's
/// objects and refs. So `.git` must be a real folder, the pointer files must resolve inside it, and no link under it
/// may lead out of it. Worktrees and repositories whose git dir lives elsewhere are refused as a consequence. The
/// check reads names and link targets only (no file content); it is bounded and fails closed. What it cannot stop:
/// a local process that writes such a link into `.git` after the check and before git reads it — whoever can write
/// into the repository's `.git` already owns what the repository says.
/// </summary>
public static class GitDirCheck
{
    /// <summary>Entries of `.git` read at most; a larger git dir is refused rather than half checked.</summary>
    public const int MaxEntries = 1_000_000;

    /// <summary>The checked git dir (real path), or the reason it is refused, in words for the operator's log.</summary>
    public readonly record struct Verdict(string? GitDir, string? Problem);

    public static Verdict Check(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var gitDir = Path.Join(repository, ".git");
        if (new FileInfo(gitDir).LinkTarget is not null)
        {
            return Refuse(".git is a symbolic link");
        }

        if (!Directory.Exists(gitDir))
        {
            return File.Exists(gitDir)
                ? Refuse(".git is a file (a gitfile: the git dir lives elsewhere, as for a worktree or a separated git dir)")
                : Refuse(".git is missing: not a git repository");
        }

        var real = Resolve(gitDir);
        if (real is null || !PathContainment.IsStrictlyWithin(repository, real))
        {
            return Refuse(".git does not resolve inside the repository");
        }

        if (PointerProblem(real, "commondir", real) is { } common)
        {
            return Refuse(common);
        }

        var objects = Path.Join(real, "objects");
        foreach (var name in (string[])["alternates", "http-alternates"])
        {
            if (PointerProblem(real, Path.Join("objects", "info", name), objects) is { } alternates)
            {
                return Refuse(alternates);
            }
        }

        return LinkProblem(real) is { } link ? Refuse(link) : new Verdict(real, null);
    }

    private static Verdict Refuse(string problem) => new(null, problem);

    /// <summary>Every path a pointer file names (one per line, relative to <paramref name="relativeTo"/>) must lie inside the git dir.</summary>
    private static string? PointerProblem(string gitDir, string relativeFile, string relativeTo)
    {
        var file = Path.Join(gitDir, relativeFile);
        string[] lines;
        try
        {
            if (ReadSmallRegularFile(file) is not { } text)
            {
                return null;
            }

            lines = text.Split('\n');
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return $"{relativeFile} cannot be read as a small regular file"; // SECURITY: fail closed (link, FIFO, device, huge)
        }

        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // git unquotes a C-style quoted line; a quoted path is refused rather than unquoted differently.
            var target = line.StartsWith('"') ? null : Resolve(Path.GetFullPath(line, relativeTo));
            if (target is null || !PathContainment.IsWithinOrEqual(gitDir, target))
            {
                return $"{relativeFile} points outside the repository's git folder";
            }
        }

        return null;
    }

    /// <summary>
    /// The text of a pointer file: null when it does not exist; <see cref="InvalidDataException"/> when it is not a
    /// regular file of at most 64 KiB. Opened without following a link and without blocking (a FIFO named
    /// `commondir` must not hang the request), then checked on the open handle.
    /// </summary>
    private static string? ReadSmallRegularFile(string path)
    {
        const int MaxBytes = 64 * 1024;
        if (!OperatingSystem.IsLinux())
        {
            var info = new FileInfo(path);
            return !info.Exists ? null
                : info.LinkTarget is not null || info.Length > MaxBytes ? throw new InvalidDataException() : File.ReadAllText(path);
        }

        using var handle = LinuxFileStatus.OpenFile(null, path);
        var status = LinuxFileStatus.FStat(handle);
        if (status.Kind != FileKind.Regular || status.Size > MaxBytes)
        {
            throw new InvalidDataException();
        }

        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 1);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The first symbolic link under <paramref name="gitDir"/> whose final target is not inside it.</summary>
    private static string? LinkProblem(string gitDir)
    {
        var pending = new Stack<string>();
        pending.Push(gitDir);
        var seen = 0;
        try
        {
            while (pending.TryPop(out var folder))
            {
                foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", Enumeration))
                {
                    if (++seen > MaxEntries)
                    {
                        return $"the git folder holds more than {MaxEntries} entries and cannot be checked (run git gc)";
                    }

                    // The enumeration's own entry type says "link" without a readlink per entry.
                    if (info.Attributes.HasFlag(FileAttributes.ReparsePoint))
                    {
                        var target = Resolve(info.FullName);
                        if (target is null || !PathContainment.IsWithinOrEqual(gitDir, target))
                        {
                            return $"a symbolic link in the git folder ({Path.GetRelativePath(gitDir, info.FullName)}) points outside it";
                        }
                    }
                    else if (info is DirectoryInfo)
                    {
                        pending.Push(info.FullName); // never descend through a link: its target was checked above
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "the git folder cannot be read completely"; // SECURITY: fail closed
        }

        return null;
    }

    /// <summary>The real path, or null when it does not exist or cannot be resolved (a link loop): both refused.</summary>
    private static string? Resolve(string path)
    {
        try
        {
            return PathContainment.ResolveRealPath(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static readonly EnumerationOptions Enumeration = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };
}
