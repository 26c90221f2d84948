using System.Text;

namespace RepoOrchestrator.Index;

/// <summary>A file a /tree page lists: file <see cref="Id"/> of the index file, or <see cref="Changed"/>, a file of the view's overlay.</summary>
internal readonly record struct ListedFile(int Id, IndexedFile? Changed);

/// <summary>
/// The files of a view below a folder as /tree lists them (<see cref="IndexView.Listed"/>): in ordinal path order, at
/// most a given number of folders deep, after a cursor's position, without the files the tree does not list. The index
/// file's files come from its <see cref="IndexListing"/> (one range found by binary search, then array reads), minus
/// those the view removed, merged with the view's overlay (changed files) in order. Allocates nothing per file.
/// </summary>
internal struct ListedFiles
{
    private readonly IndexView _view;
    private readonly IndexListing _listing;
    private readonly OverlayRows _overlay;
    private readonly string _prefix;
    private readonly string? _after;
    private readonly int _maxSlashes;
    private readonly int _end;
    private int _id;
    private int _changed;

    public ListedFiles(IndexView view, string folder, int maxDepth, string? after)
    {
        _view = view;
        _listing = view.Base.Listing;
        _overlay = view.OverlayRows;
        _prefix = folder.Length == 0 ? "" : folder + "/";
        _after = after;
        var start = after is not null && string.CompareOrdinal(after, _prefix) > 0 ? after : _prefix;
        _maxSlashes = (int)Math.Min(int.MaxValue, (long)_prefix.AsSpan().Count('/') + maxDepth);

        // The files under the folder are one range of the ordinal order: from the prefix ("a/") up to, not including,
        // the prefix with its '/' raised by one ("a0").
        var startBytes = Encoding.UTF8.GetBytes(start);
        _id = LowerBound(_listing, startBytes);
        _end = folder.Length == 0 ? _listing.Count : LowerBound(_listing, Encoding.UTF8.GetBytes(folder + "0"));
        if (after is not null && ReferenceEquals(start, after) && _id < _end && _listing.Name(_id).SequenceEqual(startBytes))
        {
            _id++; // resumes after the cursor's file
        }

        _changed = _overlay.LowerBound(start);
        Current = default;
    }

    public ListedFile Current { get; private set; }

    public readonly ListedFiles GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_id < _end && (_view.IsRemoved(_id) || !_listing.Listed(_id) || _listing.Slashes(_id) > _maxSlashes))
        {
            _id++;
        }

        IndexedFile? changed = null;
        for (; _changed < _overlay.Count; _changed++)
        {
            var file = _overlay.File(_changed);
            if (!file.Path.StartsWith(_prefix, StringComparison.Ordinal))
            {
                _changed = _overlay.Count; // past the folder's range
                break;
            }

            if (file.Listed && _overlay.Slashes(_changed) <= _maxSlashes
                && (_after is null || string.CompareOrdinal(file.Path, _after) > 0))
            {
                changed = file;
                break;
            }
        }

        if (changed is not null && (_id >= _end || Utf8Ordinal.Compare(_overlay.Name(_changed), _listing.Name(_id)) < 0))
        {
            Current = new ListedFile(-1, changed);
            _changed++;
            return true;
        }

        if (_id < _end)
        {
            Current = new ListedFile(_id++, null);
            return true;
        }

        return false;
    }

    private static int LowerBound(IndexListing listing, ReadOnlySpan<byte> path)
    {
        int lo = 0, hi = listing.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (Utf8Ordinal.Compare(listing.Name(mid), path) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}

/// <summary>A view's overlay as arrays in ordinal order (paths, their UTF-8 bytes and '/' counts), made once per view for listings.</summary>
internal sealed class OverlayRows
{
    private readonly IndexedFile[] _files;
    private readonly byte[][] _names;
    private readonly int[] _slashes;

    public OverlayRows(IEnumerable<IndexedFile> ordered)
    {
        _files = [.. ordered];
        _names = [.. _files.Select(f => Encoding.UTF8.GetBytes(f.Path))];
        _slashes = [.. _files.Select(f => f.Path.AsSpan().Count('/'))];
    }

    public int Count => _files.Length;

    public IndexedFile File(int i) => _files[i];

    public ReadOnlySpan<byte> Name(int i) => _names[i];

    public int Slashes(int i) => _slashes[i];

    /// <summary>The first file whose path is not ordinally below <paramref name="path"/>.</summary>
    public int LowerBound(string path)
    {
        int lo = 0, hi = _files.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (string.CompareOrdinal(_files[mid].Path, path) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}

/// <summary>Ordinal (UTF-16 code unit) order of two UTF-8 paths, the order of the index and of the walk.</summary>
internal static class Utf8Ordinal
{
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var common = a.CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length - b.Length; // one is the other's prefix: the shorter comes first
        }

        // ASCII bytes order as their characters do; beyond ASCII, UTF-8 order is code point order, which differs from
        // UTF-16 order above the surrogates, so the strings decide.
        return a[common] < 0x80 && b[common] < 0x80
            ? a[common] - b[common]
            : string.CompareOrdinal(Encoding.UTF8.GetString(a), Encoding.UTF8.GetString(b));
    }
}
