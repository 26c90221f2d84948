using System.Text;
using System.Text.Encodings.Web;

namespace RepoOrchestrator.Index;

/// <summary>
/// The files of one index file as /tree lists them, read once into compact arrays in the file's ordinal path order:
/// each path's UTF-8 bytes, size, line count, number of '/' (its depth), JSON-escaped length and whether the tree lists
/// it. Built on the first listing that needs it (<see cref="IndexBase.Listing"/>) and then shared, unchanged, by every
/// view of that file and every request, so a page costs no decoding, no string and no record per file. It never
/// decides freshness: a view's removed files and overlay are merged in per request (<see cref="IndexView.Listed"/>).
/// </summary>
internal sealed class IndexListing
{
    private readonly byte[] _names;
    private readonly int[] _starts;
    private readonly long[] _sizes;
    private readonly int[] _lines;
    private readonly int[] _slashes;
    private readonly int[] _escaped;
    private readonly bool[] _listed;

    private IndexListing(byte[] names, int[] starts, long[] sizes, int[] lines, int[] slashes, int[] escaped, bool[] listed)
    {
        _names = names;
        _starts = starts;
        _sizes = sizes;
        _lines = lines;
        _slashes = slashes;
        _escaped = escaped;
        _listed = listed;
    }

    public int Count => _sizes.Length;

    /// <summary>Reads every file record of <paramref name="file"/> once (the caller holds a reference on it).</summary>
    public static IndexListing Build(IndexFile file, IndexedFileFlags[] flags)
    {
        var count = file.FileCount;
        var starts = new int[count + 1];
        var sizes = new long[count];
        var lines = new int[count];
        var slashes = new int[count];
        var escaped = new int[count];
        var listed = new bool[count];
        var names = new MemoryStream();
        var buffer = new byte[256];
        for (var id = 0; id < count; id++)
        {
            var record = file.File(id);
            var path = record.Path;
            var length = Encoding.UTF8.GetByteCount(path);
            if (buffer.Length < length)
            {
                buffer = new byte[Math.Max(length, buffer.Length * 2)];
            }

            Encoding.UTF8.GetBytes(path, buffer);
            starts[id] = checked((int)names.Length);
            names.Write(buffer, 0, length);
            sizes[id] = record.Length;
            lines[id] = record.Lines;
            slashes[id] = path.AsSpan().Count('/');
            // What the page budget counts (TreeService): the path as the default encoder escapes it, in characters.
            escaped[id] = JavaScriptEncoder.Default.FindFirstCharacterToEncodeUtf8(buffer.AsSpan(0, length)) < 0
                ? length // nothing to escape: ASCII, one character a byte
                : JavaScriptEncoder.Default.Encode(path).Length;
            listed[id] = (flags[id] & IndexedFileFlags.Unservable) == 0;
        }

        starts[count] = checked((int)names.Length);
        return new IndexListing(names.ToArray(), starts, sizes, lines, slashes, escaped, listed);
    }

    /// <summary>The UTF-8 bytes of file <paramref name="id"/>'s path.</summary>
    public ReadOnlySpan<byte> Name(int id) => _names.AsSpan(_starts[id], _starts[id + 1] - _starts[id]);

    public string Path(int id) => Encoding.UTF8.GetString(Name(id));

    public long Size(int id) => _sizes[id];

    /// <summary>The line count as the tree shows it: null for binary and too large files.</summary>
    public int? Lines(int id) => _lines[id] < 0 ? null : _lines[id];

    public int Slashes(int id) => _slashes[id];

    /// <summary>The path's length in characters once escaped by the default JSON encoder.</summary>
    public int EscapedLength(int id) => _escaped[id];

    /// <summary>
    /// Whether the default JSON encoder writes the path as it is: nothing in it is escaped exactly when its escaped
    /// length is its byte length (every escape, and every byte beyond ASCII, which that encoder always escapes, writes
    /// more characters than it has bytes).
    /// </summary>
    public bool Plain(int id) => _escaped[id] == _starts[id + 1] - _starts[id];

    /// <summary>Whether the tree lists the file (one the scan could open).</summary>
    public bool Listed(int id) => _listed[id];
}
