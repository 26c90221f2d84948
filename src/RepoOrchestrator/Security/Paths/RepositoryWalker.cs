using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// Walks a repository for tree and search. It never follows a symbolic link (neither folders nor files: a link
/// is skipped, so the walk cannot leave the repository), skips dot-names, denied folders, denied and unlisted
/// extensions, malformed and device names and the service's own files — the same rules the path guard applies
/// to /file. Entries come out in ordinal order of their full relative path (a folder sorts as "name/"), so a
/// walk stopped early has listed exactly the first entries of the sorted result.
/// On Linux the walk holds an open descriptor for every folder on its way: the repository is opened and checked
/// once, each child folder is opened relative to its parent's descriptor with O_NOFOLLOW|O_DIRECTORY and listed
/// from its own descriptor (getdents64), and files are opened relative to it. No folder is looked up by path
/// again, so a folder swapped for a link mid-walk yields nothing (the open of the link fails). Elsewhere the
/// portable walk by path is used (<see cref="PortableFolderReader"/>).
/// </summary>
public sealed class RepositoryWalker(PathPolicy policy, ServiceFiles serviceFiles, ServedFileRule servedFiles)
{
    /// <summary>
    /// Files below <paramref name="start"/> (a folder the guard accepted inside <paramref name="repo"/>, whose
    /// relative path prefixes the results), at most <paramref name="maxDepth"/> folders deep (0 = only the
    /// folder's own files). Links are never listed. With <paramref name="checkFiles"/> every file is also lstat-ed
    /// relative to its folder and passed through <see cref="ServedFileRule"/> (what cannot be read is not listed);
    /// a caller that opens every file through <see cref="SafeFileAccess"/> (which applies the same rule to the
    /// opened file) passes false and saves the call. Each file carries its open folder (Linux), valid until the
    /// walk moves past that folder; a consumer that keeps it longer takes a reference with
    /// <see cref="FolderHandle.AddRef"/>.
    /// With <paramref name="gitIgnore"/>, the `.gitignore` files of the repository's folders from its top down are read
    /// as the walk reaches them and what they ignore is left out (an ignored folder is not entered; see
    /// <see cref="GitIgnoreFilter"/>); they apply after, never instead of, the rules above.
    /// </summary>
    public IEnumerable<WalkedFile> Files(string repo, GuardedPath start, int maxDepth, bool checkFiles = true, GitIgnoreFilter? gitIgnore = null)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(start);
        var stack = new Stack<Frame>();
        try
        {
            var startRelative = start.RelativePath == "." ? "" : start.RelativePath;
            if (gitIgnore is not null && !EnterAncestors(repo, startRelative, gitIgnore))
            {
                yield break; // the folder asked for is itself ignored
            }

            var first = OpenStart(repo, start.FullPath);
            if (first is null && OperatingSystem.IsLinux())
            {
                yield break; // SECURITY: fail closed: the start folder could not be pinned
            }

            stack.Push(NewFrame(first, start.FullPath, startRelative, 0, checkFiles, gitIgnore));
            while (stack.Count > 0)
            {
                var frame = stack.Peek();
                if (frame.Index == frame.Entries.Count)
                {
                    var done = stack.Pop();
                    done.Handle?.Dispose();
                    if (done.HasGitIgnore)
                    {
                        gitIgnore!.Pop();
                    }

                    continue;
                }

                var entry = frame.Entries[frame.Index++];
                var relative = frame.Relative.Length == 0 ? entry.Name : frame.Relative + "/" + entry.Name;
                if (gitIgnore is not null && gitIgnore.IsIgnored(relative, entry.IsDirectory))
                {
                    continue;
                }

                if (!entry.IsDirectory)
                {
                    yield return new WalkedFile(relative, frame.Full, entry.Name, frame.Handle);
                }
                else if (frame.Depth < maxDepth)
                {
                    var full = Path.Join(frame.Full, entry.Name);
                    var child = OpenChild(frame.Handle, entry.Name);
                    if (child is null && OperatingSystem.IsLinux())
                    {
                        continue; // swapped for a link, vanished or unreadable: nothing from it is listed
                    }

                    stack.Push(NewFrame(child, full, relative, frame.Depth + 1, checkFiles, gitIgnore));
                }
            }
        }
        finally
        {
            while (stack.Count > 0)
            {
                stack.Pop().Handle?.Dispose();
            }
        }
    }

    private Frame NewFrame(FolderHandle? handle, string full, string relative, int depth, bool checkFiles, GitIgnoreFilter? gitIgnore)
    {
        var rules = gitIgnore is null ? null : GitIgnoreRules.Read(handle, full, servedFiles);
        if (rules is not null)
        {
            gitIgnore!.Push(relative, rules);
        }

        return new Frame(Read(handle, full, checkFiles), handle, full, relative, depth) { HasGitIgnore = rules is not null };
    }

    /// <summary>
    /// The `.gitignore` files of the folders above the start (the repository's own down to the start's parent), in
    /// force for the walk; false when the start folder itself, or a folder on the way, is ignored. Read by path: which
    /// rules apply decides only what is hidden, never what may be served.
    /// </summary>
    private bool EnterAncestors(string repo, string startRelative, GitIgnoreFilter gitIgnore)
    {
        if (startRelative.Length == 0)
        {
            return true;
        }

        var folder = "";
        foreach (var part in startRelative.Split('/'))
        {
            if (GitIgnoreRules.Read(null, Path.Join(repo, folder), servedFiles) is { } rules)
            {
                gitIgnore.Push(folder, rules);
            }

            folder = folder.Length == 0 ? part : folder + "/" + part;
            if (gitIgnore.IsIgnored(folder, isDirectory: true))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Opens the repository (its path re-checked through /proc) and then each folder down to the start relative
    /// to its parent, never through a link. Null when that fails (or off Linux, where the walk goes by path).
    /// </summary>
    private static FolderHandle? OpenStart(string repo, string startFull)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        FolderHandle? current = null;
        try
        {
            current = SafeFileAccess.OpenFolder(repo);
            var relative = Path.GetRelativePath(repo, startFull);
            if (relative == ".")
            {
                return current;
            }

            foreach (var part in relative.Split(Path.DirectorySeparatorChar))
            {
                var next = current!.OpenChild(part); // SECURITY: each step relative to the pinned parent, O_NOFOLLOW
                current.Dispose();
                current = next;
            }

            return current;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            current?.Dispose();
            return null;
        }
    }

    private static FolderHandle? OpenChild(FolderHandle? parent, string name)
    {
        if (parent is null)
        {
            return null;
        }

        try
        {
            return parent.OpenChild(name);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The acceptable entries of one folder, sorted; an unreadable or vanished folder is empty.</summary>
    private List<WalkEntry> Read(FolderHandle? folder, string folderPath, bool checkFiles)
    {
        List<WalkEntry> entries;
        try
        {
            entries = folder is null
                ? PortableFolderReader.Read(folderPath, checkFiles)
                : ReadPinned(folder, checkFiles);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        entries.RemoveAll(e => !Accepts(e, folderPath));
        entries.Sort(static (a, b) => string.CompareOrdinal(a.SortKey, b.SortKey));
        return entries;
    }

    /// <summary>Lists a folder through its descriptor; links, FIFOs, sockets and devices are dropped here.</summary>
    private List<WalkEntry> ReadPinned(FolderHandle folder, bool checkFiles)
    {
        var entries = new List<WalkEntry>();
        foreach (var (name, kind) in folder.ReadEntries())
        {
            // SECURITY: links are never followed or listed, so the walk cannot leave the repository.
            if (kind == FileKind.Directory)
            {
                entries.Add(new WalkEntry(name, IsDirectory: true));
            }
            else if (kind == FileKind.Regular && (!checkFiles || Servable(folder, name)))
            {
                entries.Add(new WalkEntry(name, IsDirectory: false));
            }
        }

        return entries;
    }

    /// <summary>The file as it is now (lstat relative to the folder's descriptor) passes the serving rule.</summary>
    private bool Servable(FolderHandle folder, string name)
    {
        if (!PathRules.IsListedExtension(policy, name))
        {
            return false; // not listed anyway: spare the lstat
        }

        try
        {
            var status = folder.LStat(name);
            return status.Kind == FileKind.Regular && servedFiles.Allows(status); // SECURITY: hard links, service files
        }
        catch (IOException)
        {
            return false;
        }
    }

    private bool Accepts(WalkEntry entry, string folder)
    {
        // SECURITY: the guard's name rules (dot-names, denied folders and extensions, device and malformed names).
        if (!PathRules.IsAllowedComponent(policy, entry.Name, isFile: !entry.IsDirectory))
        {
            return false;
        }

        return entry.IsDirectory
            || (PathRules.IsListedExtension(policy, entry.Name) && !serviceFiles.IsServiceOwned(Path.Join(folder, entry.Name)));
    }

    private sealed class Frame(List<WalkEntry> entries, FolderHandle? handle, string full, string relative, int depth)
    {
        public List<WalkEntry> Entries { get; } = entries;

        public FolderHandle? Handle { get; } = handle;

        public string Full { get; } = full;

        public string Relative { get; } = relative;

        public int Depth { get; } = depth;

        public int Index { get; set; }

        /// <summary>This folder's `.gitignore` was pushed on the walk's filter (popped when the walk leaves it).</summary>
        public bool HasGitIgnore { get; init; }
    }
}
