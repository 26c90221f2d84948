using System.Collections.Immutable;

namespace RepoOrchestrator.Index;

/// <summary>
/// One consistent state of a repository's index, never changed once made (a refresh makes a new one): the file on
/// disk (<see cref="IndexBase"/>), the files of it that changed or went away since (<see cref="Removed"/>), and what
/// changed files hold now (<see cref="Overlay"/>, in memory until the next rebuild). Queries read a view without
/// locks while the next one is made.
/// </summary>
internal sealed class IndexView
{
    private readonly ulong[] _removed;
    private readonly int[] _everySearch;
    private OverlayRows? _overlayRows;
    private HashSet<string>? _skippedUnread;

    public IndexView(IndexBase @base, ulong[] removed, ImmutableSortedDictionary<string, IndexedFile> overlay)
    {
        Base = @base;
        _removed = removed;
        Overlay = overlay;
        var everySearch = new List<int>();
        for (var id = 0; id < @base.File.FileCount; id++)
        {
            if ((@base.Flags[id] & IndexedFile.EverySearch) != 0 && !IsRemoved(id))
            {
                everySearch.Add(id);
            }
        }

        _everySearch = [.. everySearch];
    }

    public static ImmutableSortedDictionary<string, IndexedFile> EmptyOverlay { get; } =
        ImmutableSortedDictionary.Create<string, IndexedFile>(StringComparer.Ordinal);

    public IndexBase Base { get; }

    public ImmutableSortedDictionary<string, IndexedFile> Overlay { get; }

    /// <summary>Files indexed now.</summary>
    public int FileCount => Base.File.FileCount - RemovedCount + Overlay.Count;

    public int RemovedCount { get; init; }

    public ulong[] Removed => _removed;

    public bool IsRemoved(int id) => (_removed[id >> 6] & (1UL << (id & 63))) != 0;

    /// <summary>The file at <paramref name="path"/> as indexed now, or null.</summary>
    public IndexedFile? Lookup(string path)
    {
        if (Overlay.TryGetValue(path, out var changed))
        {
            return changed;
        }

        var id = Base.File.Find(path);
        return id >= 0 && !IsRemoved(id) ? Base.File.File(id) : null;
    }

    /// <summary>
    /// The files below <paramref name="folder"/> ("" for the repository) at most <paramref name="maxDepth"/> folders deep,
    /// in ordinal path order (the walk's order), starting after <paramref name="after"/> when given.
    /// </summary>
    public IEnumerable<IndexedFile> Under(string folder, int maxDepth, string? after = null)
    {
        var prefix = folder.Length == 0 ? "" : folder + "/";
        var start = after is not null && string.CompareOrdinal(after, prefix) > 0 ? after : prefix;
        var id = Base.File.LowerBound(start);
        using var changed = Overlay.Where(e => string.CompareOrdinal(e.Key, start) >= 0).GetEnumerator();
        var hasChanged = changed.MoveNext();
        while (true)
        {
            var basePath = id < Base.File.FileCount ? Base.File.PathOf(id) : null;
            if (basePath is not null && !basePath.StartsWith(prefix, StringComparison.Ordinal))
            {
                basePath = null;
            }

            var overlayPath = hasChanged && changed.Current.Key.StartsWith(prefix, StringComparison.Ordinal) ? changed.Current.Key : null;
            if (basePath is null && overlayPath is null)
            {
                yield break;
            }

            IndexedFile next;
            if (overlayPath is null || (basePath is not null && string.CompareOrdinal(basePath, overlayPath) < 0))
            {
                var current = id++;
                if (IsRemoved(current))
                {
                    continue;
                }

                next = Base.File.File(current);
            }
            else
            {
                next = changed.Current.Value;
                hasChanged = changed.MoveNext();
            }

            if ((after is not null && string.CompareOrdinal(next.Path, after) <= 0) || Depth(next.Path, prefix.Length) > maxDepth)
            {
                continue;
            }

            yield return next;
        }
    }

    /// <summary>
    /// The files /tree lists below <paramref name="folder"/> ("" for the repository) at most <paramref name="maxDepth"/>
    /// folders deep, in ordinal path order, after <paramref name="after"/> when given: what <see cref="Under"/> yields
    /// without the files the tree does not list, read from the shared <see cref="IndexBase.Listing"/> and this view's
    /// changes, without a string or a record per file.
    /// </summary>
    public ListedFiles Listed(string folder, int maxDepth, string? after) => new(this, folder, maxDepth, after);

    /// <summary>The overlay as arrays for listings, made on first use (a view is never changed once made).</summary>
    public OverlayRows OverlayRows => LazyInitializer.EnsureInitialized(ref _overlayRows, () => new OverlayRows(Overlay.Values));

    /// <summary>
    /// The paths a search must read, in ordinal order: files whose trigrams include every trigram of at least one
    /// alternative of <paramref name="alternatives"/> (a search's trigram plan), and every file any search must consider
    /// (<see cref="IndexedFile.EverySearch"/>: content not trusted, or not redactable). Lazy: a search that stops at its
    /// page's last hit maps no further file to its path; the caller holds the view's lease until it has read them.
    /// </summary>
    public IEnumerable<string> Candidates(IReadOnlyList<uint[]> alternatives)
    {
        IEnumerable<int> ids;
        if (alternatives.Count == 1 && _everySearch.Length == 0)
        {
            ids = Base.File.FilesWithAll(alternatives[0]); // already ascending
        }
        else
        {
            var union = new SortedSet<int>(_everySearch);
            foreach (var alternative in alternatives)
            {
                union.UnionWith(Base.File.FilesWithAll(alternative));
            }

            ids = union;
        }

        var fromBase = ids.Where(id => !IsRemoved(id)).Select(Base.File.PathOf);
        var fromOverlay = Overlay.Values
            .Where(f => f.Searchable && ((f.Flags & IndexedFile.EverySearch) != 0 || alternatives.Any(a => ContainsAll(f.Trigrams, a))))
            .Select(f => f.Path)
            .ToList(); // the overlay is ordered by path already
        return Merge(fromBase, fromOverlay);
    }

    /// <summary>
    /// The files a search lists as skipped without reading them (<see cref="IndexedFile.SkippedUnread"/>), made on first
    /// use. SECURITY: the same set for every query, so the <c>skipped</c> list depends on the query's scope only.
    /// </summary>
    public IReadOnlySet<string> SkippedUnread => LazyInitializer.EnsureInitialized(ref _skippedUnread, () =>
    [
        .. _everySearch.Where(id => IndexedFile.SkippedUnread(Base.Flags[id])).Select(Base.File.PathOf),
        .. Overlay.Values.Where(f => f.Searchable && IndexedFile.SkippedUnread(f.Flags)).Select(f => f.Path),
    ]);

    // Two ascending path sequences as one; a path in both (none: an overlay file's base entry is removed) once.
    private static IEnumerable<string> Merge(IEnumerable<string> first, List<string> second)
    {
        var j = 0;
        foreach (var path in first)
        {
            while (j < second.Count && string.CompareOrdinal(second[j], path) < 0)
            {
                yield return second[j++];
            }

            if (j < second.Count && second[j] == path)
            {
                j++;
            }

            yield return path;
        }

        while (j < second.Count)
        {
            yield return second[j++];
        }
    }

    private static bool ContainsAll(uint[] sorted, uint[] wanted) => wanted.All(t => Array.BinarySearch(sorted, t) >= 0);

    private static int Depth(string path, int from)
    {
        var depth = 0;
        for (var i = from; i < path.Length; i++)
        {
            if (path[i] == '/')
            {
                depth++;
            }
        }

        return depth;
    }
}

/// <summary>
/// The index file of a view, shared by every view made from it and closed once the last query using it is done:
/// each query holds a reference (<see cref="TryAddRef"/>/<see cref="Release"/>), and the owner gives up its own when a
/// rebuild replaces it.
/// </summary>
internal sealed class IndexBase
{
    private readonly Lazy<IndexListing> _listing;
    private int _references = 1;

    public IndexBase(IndexFile file)
    {
        File = file;
        Flags = Enumerable.Range(0, file.FileCount).Select(file.FlagsOf).ToArray();
        _listing = new Lazy<IndexListing>(() => IndexListing.Build(File, Flags), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public IndexFile File { get; }

    /// <summary>Every file's flags, read once (the racy list and searchability need them without touching the map).</summary>
    public IndexedFileFlags[] Flags { get; }

    /// <summary>
    /// The files as /tree lists them, read from the file on the first listing (which holds a reference on it) and kept,
    /// immutable, for every later view and request of this file; a rebuild makes a new base and so a new listing.
    /// </summary>
    public IndexListing Listing => _listing.Value;

    public bool TryAddRef()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            File.Dispose();
        }
    }
}
