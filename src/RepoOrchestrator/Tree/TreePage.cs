using System.Buffers;
using System.Buffers.Text;
using System.Collections;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RepoOrchestrator.Index;

namespace RepoOrchestrator.Tree;

/// <summary>
/// A /tree page answered through the index: its files as positions in the index's shared listing (or files of the
/// view's overlay), so the HTTP answer is written from the listing's UTF-8 bytes (<see cref="TreeHttpResult"/>) and the
/// audit hash computed from them, with no string or record per file. A page is one int per file (a listing id, or
/// a negative number naming one of the few overlay files), so a full page allocates a few kilobytes, not a list of
/// references the collector must trace. <see cref="Files"/> and <see cref="Entries"/> make the strings and records only
/// when something reads them (the MCP tool, tests).
/// </summary>
internal sealed class TreePage
{
    private static readonly JsonEncodedText PathName = JsonEncodedText.Encode("path");
    private static readonly JsonEncodedText SizeName = JsonEncodedText.Encode("size");
    private static readonly JsonEncodedText LinesName = JsonEncodedText.Encode("lines");

    private readonly IndexListing _listing;
    private readonly int[] _items;
    private readonly IndexedFile[] _changed;

    /// <summary>
    /// A page of <paramref name="items"/>: a listing id (0 or more), or <c>~k</c> (negative) for file k of
    /// <paramref name="changed"/>, the view's overlay files on the page.
    /// </summary>
    public TreePage(IndexListing listing, int[] items, IndexedFile[] changed)
    {
        _listing = listing;
        _items = items;
        _changed = changed;
        Files = new OnFirstRead<string>(items.Length, Path);
        Entries = new OnFirstRead<TreeEntry>(items.Length, Entry);
    }

    public int Count => _items.Length;

    public IReadOnlyList<string> Files { get; }

    public IReadOnlyList<TreeEntry> Entries { get; }

    public string Path(int i) => _items[i] < 0 ? _changed[~_items[i]].Path : _listing.Path(_items[i]);

    /// <summary>SHA-256 (hex) of the page's paths joined by '\n' in UTF-8: what the audit line records for a listing.</summary>
    public string Sha256Hex()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[]? rented = null;
        var newline = "\n"u8;
        for (var i = 0; i < _items.Length; i++)
        {
            if (i > 0)
            {
                hash.AppendData(newline);
            }

            var id = _items[i];
            if (id >= 0)
            {
                hash.AppendData(_listing.Name(id));
                continue;
            }

            var path = _changed[~id].Path;
            var length = Encoding.UTF8.GetByteCount(path);
            if (rented is null || rented.Length < length)
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }

                rented = ArrayPool<byte>.Shared.Rent(length);
            }

            hash.AppendData(rented, 0, Encoding.UTF8.GetBytes(path, rented));
        }

        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>The paths as the values of a JSON array (the `files` of the answer).</summary>
    public void WriteFiles(Utf8JsonWriter json)
    {
        foreach (var id in _items)
        {
            if (id < 0)
            {
                json.WriteStringValue(_changed[~id].Path);
            }
            else
            {
                json.WriteStringValue(_listing.Name(id));
            }
        }
    }

    /// <summary>The entries as the objects of a JSON array, keys in <see cref="TreeEntry"/>'s order.</summary>
    public void WriteEntries(Utf8JsonWriter json)
    {
        foreach (var id in _items)
        {
            json.WriteStartObject();
            long size;
            int? lines;
            if (id < 0)
            {
                var changed = _changed[~id];
                json.WriteString(PathName, changed.Path);
                (size, lines) = (changed.Length, changed.TreeLines);
            }
            else
            {
                json.WriteString(PathName, _listing.Name(id));
                (size, lines) = (_listing.Size(id), _listing.Lines(id));
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

    /// <summary>
    /// The `files` values (comma-separated, no brackets) straight into <paramref name="output"/>, as
    /// <see cref="WriteFiles"/> writes them with an encoder <see cref="TreeHttpResult.WritesRaw"/> accepts: a path the
    /// listing marks plain is copied between quotes; any other, and every overlay file, goes through <paramref name="escape"/>
    /// (a JSON writer with the answer's own settings).
    /// </summary>
    public void WriteFilesRaw(ref RawJson output, JsonTokens escape)
    {
        for (var i = 0; i < _items.Length; i++)
        {
            if (i > 0)
            {
                output.Write((byte)',');
            }

            WritePathRaw(ref output, escape, _items[i]);
        }
    }

    /// <summary>The `entries` objects (comma-separated, no brackets) straight into <paramref name="output"/>, as <see cref="WriteEntries"/> writes them (see <see cref="WriteFilesRaw"/>).</summary>
    public void WriteEntriesRaw(ref RawJson output, JsonTokens escape)
    {
        for (var i = 0; i < _items.Length; i++)
        {
            output.Write(i > 0 ? ",{\"path\":"u8 : "{\"path\":"u8);
            var id = _items[i];
            WritePathRaw(ref output, escape, id);
            long size;
            int? lines;
            if (id < 0)
            {
                var changed = _changed[~id];
                (size, lines) = (changed.Length, changed.TreeLines);
            }
            else
            {
                (size, lines) = (_listing.Size(id), _listing.Lines(id));
            }

            output.Write(",\"size\":"u8);
            output.WriteNumber(size);
            if (lines is { } count)
            {
                output.Write(",\"lines\":"u8);
                output.WriteNumber(count);
                output.Write((byte)'}');
            }
            else
            {
                output.Write(",\"lines\":null}"u8);
            }
        }
    }

    private void WritePathRaw(ref RawJson output, JsonTokens escape, int id)
    {
        if (id < 0)
        {
            output.Write(escape.String(_changed[~id].Path));
        }
        else if (_listing.Plain(id))
        {
            output.WriteQuoted(_listing.Name(id));
        }
        else
        {
            output.Write(escape.String(_listing.Name(id)));
        }
    }

    private TreeEntry Entry(int i)
    {
        var id = _items[i];
        if (id < 0)
        {
            var changed = _changed[~id];
            return new TreeEntry(changed.Path, changed.Length, changed.TreeLines);
        }

        return new TreeEntry(_listing.Path(id), _listing.Size(id), _listing.Lines(id));
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

/// <summary>
/// JSON bytes written straight into a buffer writer (the response's pipe), a chunk at a time: what a /tree page's
/// thousands of paths and numbers cost without a JSON writer's per-value bookkeeping. The caller writes only valid,
/// already escaped JSON; <see cref="Dispose"/> commits what is left.
/// </summary>
internal ref struct RawJson(IBufferWriter<byte> output)
{
    private const int Chunk = 8192;

    private Span<byte> _span;
    private int _at;

    public void Write(byte value)
    {
        Room(1)[0] = value;
        _at++;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Room(bytes.Length));
        _at += bytes.Length;
    }

    /// <summary><paramref name="text"/> between quotes, as it is (the caller knows nothing in it needs escaping).</summary>
    public void WriteQuoted(ReadOnlySpan<byte> text)
    {
        var room = Room(text.Length + 2);
        room[0] = (byte)'"';
        text.CopyTo(room[1..]);
        room[text.Length + 1] = (byte)'"';
        _at += text.Length + 2;
    }

    /// <summary>A number as Utf8JsonWriter writes one (the invariant, shortest form).</summary>
    public void WriteNumber(long value)
    {
        Utf8Formatter.TryFormat(value, Room(20), out var written);
        _at += written;
    }

    public void Dispose()
    {
        if (_at > 0)
        {
            output.Advance(_at);
            _at = 0;
            _span = default;
        }
    }

    // At least `length` free bytes at the write position: the rest of the current chunk, or a new one once the written
    // part is committed.
    private Span<byte> Room(int length)
    {
        if (_span.Length - _at < length)
        {
            if (_at > 0)
            {
                output.Advance(_at);
            }

            _span = output.GetSpan(Math.Max(length, Chunk));
            _at = 0;
        }

        return _span[_at..];
    }
}

/// <summary>
/// JSON string tokens (quotes included) as a <see cref="Utf8JsonWriter"/> with the given settings writes them, for the
/// few strings of a raw-written answer that may need escaping. One per answer: it reuses its buffer and writer.
/// </summary>
internal sealed class JsonTokens(JsonWriterOptions options) : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private Utf8JsonWriter? _json;

    public ReadOnlySpan<byte> String(string value)
    {
        Start().WriteStringValue(value);
        return Finish();
    }

    public ReadOnlySpan<byte> String(ReadOnlySpan<byte> utf8)
    {
        Start().WriteStringValue(utf8);
        return Finish();
    }

    public void Dispose() => _json?.Dispose();

    private Utf8JsonWriter Start()
    {
        _buffer.ResetWrittenCount();
        if (_json is null)
        {
            _json = new Utf8JsonWriter(_buffer, options);
        }
        else
        {
            _json.Reset(_buffer);
        }

        return _json;
    }

    private ReadOnlySpan<byte> Finish()
    {
        _json!.Flush();
        return _buffer.WrittenSpan;
    }
}
