using System.Text;
using System.Threading.Channels;
using RepoOrchestrator.Files;
using RepoOrchestrator.ReadPath;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Search;

/// <summary>
/// One search over a stream of files already in result order. The walk runs on its own task and numbers the
/// files; workers (one per core) read each file once into a pooled buffer and look for the UTF-8 bytes of the
/// literal with a vectorised IndexOf; only a hit's line is decoded. As soon as the files finished without a gap
/// from the first one hold more than <paramref name="maxResults"/> hits, the walk stops: the first results are
/// then known, and the answer is the same whatever order the workers finished in.
/// </summary>
internal sealed class SearchScan(IEnumerable<WalkedFile> files, byte[] needle, int maxResults, long maxFileBytes, ITextRedactor redactor)
{
    public const int MaxContentChars = 1000;
    private static readonly List<SearchHit> NoHits = [];

    private readonly Lock _progressGate = new();
    private readonly List<List<SearchHit>?> _perFile = [];
    private int _donePrefix;
    private int _prefixHits;
    private volatile bool _enough;

    /// <summary>The first <paramref name="maxResults"/> hits in order, and whether there were more.</summary>
    public async Task<(IReadOnlyList<SearchHit> Hits, bool Truncated)> RunAsync(CancellationToken ct)
    {
        var queue = Channel.CreateBounded<ScanItem>(
            new BoundedChannelOptions(1024) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        var walk = Task.Run(() => WalkAsync(queue.Writer, ct), ct);
        var workers = Enumerable.Range(0, Math.Max(2, Environment.ProcessorCount))
            .Select(_ => Task.Run(() => WorkAsync(queue.Reader, ct), ct));
        await Task.WhenAll([walk, .. workers]);

        var hits = new List<SearchHit>(maxResults + 1);
        foreach (var fileHits in _perFile)
        {
            hits.AddRange(fileHits ?? NoHits);
            if (hits.Count > maxResults)
            {
                break;
            }
        }

        var truncated = hits.Count > maxResults;
        return (truncated ? hits[..maxResults] : hits, truncated);
    }

    private async Task WalkAsync(ChannelWriter<ScanItem> writer, CancellationToken ct)
    {
        var folders = new FolderCache();
        try
        {
            var index = 0;
            foreach (var file in files)
            {
                if (_enough)
                {
                    break;
                }

                var (folder, usable) = folders.For(file.Folder);
                folder?.AddRef(); // released by the worker that scans the file
                await writer.WriteAsync(new ScanItem(index++, file, folder, usable), ct);
            }
        }
        finally
        {
            writer.TryComplete();
            folders.Dispose();
        }
    }

    private async Task WorkAsync(ChannelReader<ScanItem> reader, CancellationToken ct)
    {
        while (await reader.WaitToReadAsync(ct))
        {
            while (reader.TryRead(out var item))
            {
                try
                {
                    // Once enough is known, keep draining (the walk may be waiting for room) without reading files.
                    if (!_enough)
                    {
                        Complete(item.Index, (item.FolderUsable ? Scan(item.File, item.Folder) : null) ?? NoHits);
                    }
                }
                finally
                {
                    item.Folder?.Release();
                }
            }
        }
    }

    private void Complete(int index, List<SearchHit> hits)
    {
        lock (_progressGate)
        {
            while (_perFile.Count <= index)
            {
                _perFile.Add(null);
            }

            _perFile[index] = hits;
            while (_donePrefix < _perFile.Count && _perFile[_donePrefix] is { } done)
            {
                _prefixHits += done.Count;
                _donePrefix++;
            }

            if (_prefixHits > maxResults)
            {
                _enough = true;
            }
        }
    }

    /// <summary>The hits of one file (at most maxResults + 1), or null when it has none or is skipped.</summary>
    private List<SearchHit>? Scan(WalkedFile file, FolderHandle? folder)
    {
        PooledBytes? content;
        try
        {
            // SECURITY: never opens a FIFO, socket, device or link; files over ORCH_MAX_FILE_BYTES are skipped.
            using var handle = SafeFileAccess.OpenRegular(folder, file.Folder, file.Name, out var length);
            content = length > maxFileBytes ? null : PooledBytes.Read(handle, maxFileBytes, length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return null;
        }

        using (content)
        {
            if (content is null)
            {
                return null;
            }

            var span = content.Span;
            var first = span.IndexOf(needle);
            if (first < 0 || TextLines.LooksBinary(span))
            {
                return null;
            }

            return CollectHits(file.RelativePath, span, first);
        }
    }

    private List<SearchHit> CollectHits(string relativePath, ReadOnlySpan<byte> span, int first)
    {
        var keyBlocks = PrivateKeyBlocks.Find(span);
        var hits = new List<SearchHit>();
        var line = 1;
        var counted = 0;
        var at = first;
        while (at >= 0)
        {
            line += span[counted..at].Count((byte)'\n');
            counted = at;
            var lineStart = span[..at].LastIndexOf((byte)'\n') + 1;
            var newline = span[at..].IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? span.Length : at + newline;
            hits.Add(new SearchHit(relativePath, line, Content(span[lineStart..lineEnd], PrivateKeyBlocks.Contains(keyBlocks, line))));
            if (hits.Count > maxResults || newline < 0)
            {
                break;
            }

            var next = span[(lineEnd + 1)..].IndexOf(needle);
            at = next < 0 ? -1 : lineEnd + 1 + next;
        }

        return hits;
    }

    private string Content(ReadOnlySpan<byte> lineBytes, bool insideKey)
    {
        if (insideKey)
        {
            return ITextRedactor.Marker; // SECURITY: a line of a private key is never shown, whatever it matched
        }

        var text = redactor.Redact(Encoding.UTF8.GetString(lineBytes).TrimEnd('\r')); // SECURITY: redact before leaving
        if (text.Length <= MaxContentChars)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[MaxContentChars - 1]) ? MaxContentChars - 1 : MaxContentChars;
        return string.Concat(text.AsSpan(0, cut), " ... [TRUNCATED]");
    }

    /// <summary>A file to scan, numbered in result order, with the open folder to open it from.</summary>
    private readonly record struct ScanItem(int Index, WalkedFile File, FolderHandle? Folder, bool FolderUsable);
}
