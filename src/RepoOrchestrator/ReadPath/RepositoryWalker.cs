using System.IO.Enumeration;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.ReadPath;

/// <summary>
/// Walks a repository for tree and search. It never follows a symbolic link (neither folders nor files: a link
/// is skipped, so the walk cannot leave the repository), skips dot-names, denied folders, denied and unlisted
/// extensions, malformed and device names and the service's own files — the same rules the path guard applies
/// to /file. Entries come out in ordinal order of their full relative path (a folder sorts as "name/"), so a
/// walk stopped early has listed exactly the first entries of the sorted result.
/// </summary>
public sealed class RepositoryWalker(OrchestratorOptions options, ServiceFiles serviceFiles)
{
    private static readonly EnumerationOptions Enumeration = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    /// <summary>
    /// Files below <paramref name="start"/> (a folder the guard accepted, whose relative path prefixes the
    /// results), at most <paramref name="maxDepth"/> folders deep (0 = only the folder's own files).
    /// </summary>
    public IEnumerable<WalkedFile> Files(GuardedPath start, int maxDepth)
    {
        ArgumentNullException.ThrowIfNull(start);
        var stack = new Stack<Frame>();
        stack.Push(new Frame(Read(start.FullPath), start.FullPath, start.RelativePath == "." ? "" : start.RelativePath, 0));
        while (stack.Count > 0)
        {
            var frame = stack.Peek();
            if (frame.Index == frame.Entries.Count)
            {
                stack.Pop();
                continue;
            }

            var entry = frame.Entries[frame.Index++];
            var relative = frame.Relative.Length == 0 ? entry.Name : frame.Relative + "/" + entry.Name;
            var full = Path.Join(frame.Full, entry.Name);
            if (!entry.IsDirectory)
            {
                yield return new WalkedFile(relative, full);
            }
            else if (frame.Depth < maxDepth)
            {
                stack.Push(new Frame(Read(full), full, relative, frame.Depth + 1));
            }
        }
    }

    /// <summary>The acceptable entries of one folder, sorted; an unreadable or vanished folder is empty.</summary>
    private List<Entry> Read(string folder)
    {
        var entries = new List<Entry>();
        try
        {
            var enumerable = new FileSystemEnumerable<Entry>(
                folder,
                (ref FileSystemEntry e) => new Entry(e.FileName.ToString(), e.IsDirectory),
                Enumeration)
            {
                // SECURITY: links are never followed or listed, so the walk cannot leave the repository.
                ShouldIncludePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
            };
            foreach (var entry in enumerable)
            {
                if (Accepts(entry, folder))
                {
                    entries.Add(entry);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        entries.Sort(static (a, b) => string.CompareOrdinal(a.SortKey, b.SortKey));
        return entries;
    }

    private bool Accepts(Entry entry, string folder)
    {
        // SECURITY: the guard's name rules (dot-names, denied folders and extensions, device and malformed names).
        if (!PathRules.IsAllowedComponent(options, entry.Name, isFile: !entry.IsDirectory))
        {
            return false;
        }

        return entry.IsDirectory
            || (PathRules.IsListedExtension(options, entry.Name) && !serviceFiles.IsServiceOwned(Path.Join(folder, entry.Name)));
    }

    private sealed record Entry(string Name, bool IsDirectory)
    {
        public string SortKey { get; } = IsDirectory ? Name + "/" : Name;
    }

    private sealed class Frame(List<Entry> entries, string full, string relative, int depth)
    {
        public List<Entry> Entries { get; } = entries;

        public string Full { get; } = full;

        public string Relative { get; } = relative;

        public int Depth { get; } = depth;

        public int Index { get; set; }
    }
}
