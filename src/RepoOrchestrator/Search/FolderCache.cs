using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Search;

/// <summary>
/// The open folders of a depth-first walk: the current folder and its ancestors (the walk may come back to an
/// ancestor, never to a folder it has left). A folder that cannot be opened safely (it vanished, or was swapped
/// for a link) is remembered as unusable, and its files are skipped.
/// </summary>
internal sealed class FolderCache : IDisposable
{
    private readonly Dictionary<string, FolderHandle?> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unusable = new(StringComparer.Ordinal);
    private string? _current;
    private (FolderHandle? Handle, bool Usable) _currentEntry;

    public (FolderHandle? Handle, bool Usable) For(string folder)
    {
        if (string.Equals(folder, _current, StringComparison.Ordinal))
        {
            return _currentEntry;
        }

        // Close the folders the walk has left for good (those that are not ancestors of this one).
        foreach (var path in _open.Keys.Where(p => !PathContainment.IsWithinOrEqual(p, folder)).ToList())
        {
            _open[path]?.Dispose();
            _open.Remove(path);
        }

        _current = folder;
        _currentEntry = Lookup(folder);
        return _currentEntry;
    }

    public void Dispose()
    {
        foreach (var handle in _open.Values)
        {
            handle?.Dispose();
        }

        _open.Clear();
    }

    private (FolderHandle?, bool) Lookup(string folder)
    {
        if (_unusable.Contains(folder))
        {
            return (null, false);
        }

        if (_open.TryGetValue(folder, out var handle))
        {
            return (handle, true);
        }

        try
        {
            handle = SafeFileAccess.OpenFolder(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _unusable.Add(folder); // SECURITY: fail closed: a folder that cannot be pinned is not read
            return (null, false);
        }

        _open[folder] = handle;
        return (handle, true);
    }
}
