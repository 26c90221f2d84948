using System.Buffers;
using System.Collections;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RepoOrchestrator.Index;

namespace RepoOrchestrator.Tree;

/// <summary>
/// A /tree page answered through the index: its files as positions in the index's shared listing (or files of the
/// view's overlay), so the HTTP answer is written from the listing's UTF-8 bytes (<see cref="TreeHttpResult"/>) and the
/// audit hash computed from them, with no string or record per file. <see cref="Files"/> and <see cref="Entries"/> make
/// the strings and records only when something reads them (the MCP tool, tests).
/// </summary>
internal sealed class TreePage
{
    private static readonly JsonEncodedText PathName = JsonEncodedText.Encode("path");
    private static readonly JsonEncodedText SizeName = JsonEncodedText.Encode("size");
    private static readonly JsonEncodedText LinesName = JsonEncodedText.Encode("lines");

    private readonly IndexListing _listing;
    private readonly List<ListedFile> _files;

    public TreePage(IndexListing listing, List<ListedFile> files)
    {
        _listing = listing;
        _files = files;
        Files = new OnFirstRead<string>(files.Count, Path);
        Entries = new OnFirstRead<TreeEntry>(files.Count, Entry);
    }

    public int Count => _files.Count;

    public IReadOnlyList<string> Files { get; }

    public IReadOnlyList<TreeEntry> Entries { get; }

    public string Path(int i) => _files[i].Changed?.Path ?? _listing.Path(_files[i].Id);

    /// <summary>SHA-256 (hex) of the page's paths joined by '\n' in UTF-8: what the audit line records for a listing.</summary>
    public string Sha256Hex()
    {
        var length = 0;
        foreach (var file in _files)
        {
            length += (file.Changed is { } changed ? Encoding.UTF8.GetByteCount(changed.Path) : _listing.Name(file.Id).Length) + 1;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        try
        {
            var at = 0;
            foreach (var file in _files)
            {
                if (at > 0)
                {
                    buffer[at++] = (byte)'\n';
                }

                at += file.Changed is { } changed
                    ? Encoding.UTF8.GetBytes(changed.Path, buffer.AsSpan(at))
                    : Copy(_listing.Name(file.Id), buffer.AsSpan(at));
            }

            return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, at)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The paths as the values of a JSON array (the `files` of the answer).</summary>
    public void WriteFiles(Utf8JsonWriter json)
    {
        foreach (var file in _files)
        {
            if (file.Changed is { } changed)
            {
                json.WriteStringValue(changed.Path);
            }
            else
            {
                json.WriteStringValue(_listing.Name(file.Id));
            }
        }
    }

    /// <summary>The entries as the objects of a JSON array, keys in <see cref="TreeEntry"/>'s order.</summary>
    public void WriteEntries(Utf8JsonWriter json)
    {
        foreach (var file in _files)
        {
            json.WriteStartObject();
            long size;
            int? lines;
            if (file.Changed is { } changed)
            {
                json.WriteString(PathName, changed.Path);
                (size, lines) = (changed.Length, changed.TreeLines);
            }
            else
            {
                json.WriteString(PathName, _listing.Name(file.Id));
                (size, lines) = (_listing.Size(file.Id), _listing.Lines(file.Id));
            }

            json.WriteNumber(SizeName, size);
            if (lines is { } count)
            {
                json.WriteNumber(LinesName, count);
            }
            else
            {
                json.WriteNull(LinesName);
            }

            json.WriteEndObject();
        }
    }

    private TreeEntry Entry(int i)
    {
        var file = _files[i];
        return file.Changed is { } changed
            ? new TreeEntry(changed.Path, changed.Length, changed.TreeLines)
            : new TreeEntry(_listing.Path(file.Id), _listing.Size(file.Id), _listing.Lines(file.Id));
    }

    private static int Copy(ReadOnlySpan<byte> from, Span<byte> to)
    {
        from.CopyTo(to);
        return from.Length;
    }

    /// <summary>A read-only list whose items are made, all at once, the first time one is read.</summary>
    private sealed class OnFirstRead<T>(int count, Func<int, T> make) : IReadOnlyList<T>
    {
        private T[]? _items;

        public int Count => count;

        public T this[int index] => Items[index];

        private T[] Items => LazyInitializer.EnsureInitialized(ref _items, () => [.. Enumerable.Range(0, count).Select(make)]);

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
