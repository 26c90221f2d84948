using System.Text;
using RepoOrchestrator.Files;
using RepoOrchestrator.ReadPath;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Search;

/// <summary>
/// One search over a stream of files already in result order. Workers (one per core) claim files in that order,
/// read each once into a pooled buffer and look for the UTF-8 bytes of the literal with a vectorised
/// IndexOf; only a hit's line is decoded. As soon as the files finished without a gap from the first one hold
/// more than <paramref name="maxResults"/> hits, no more files are claimed: the first results are then known
/// and the answer is the same whatever order the workers finished in.
/// </summary>
internal sealed class SearchScan(IEnumerable<WalkedFile> files, byte[] needle, int maxResults, long maxFileBytes, ITextRedactor redactor)
{
    public const int MaxContentChars = 1000;
    private static readonly List<SearchHit> NoHits = [];

    private readonly Lock _claimGate = new();
    private readonly Lock _progressGate = new();
    private readonly List<List<SearchHit>?> _perFile = [];
    private IEnumerator<WalkedFile>? _files;
    private int _claimed;
    private int _donePrefix;
    private int _prefixHits;
    private volatile bool _enough;

    /// <summary>The first <paramref name="maxResults"/> hits in order, and whether there were more.</summary>
    public async Task<(IReadOnlyList<SearchHit> Hits, bool Truncated)> RunAsync(CancellationToken ct)
    {
        using var enumerator = files.GetEnumerator();
        _files = enumerator;
        var workers = Enumerable.Range(0, Math.Max(2, Environment.ProcessorCount))
            .Select(_ => Task.Run(() => Work(ct), ct))
            .ToArray();
        await Task.WhenAll(workers);

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

    private void Work(CancellationToken ct)
    {
        while (!_enough)
        {
            ct.ThrowIfCancellationRequested();
            int index;
            WalkedFile file;
            lock (_claimGate)
            {
                if (_enough || !_files!.MoveNext())
                {
                    return;
                }

                index = _claimed++;
                file = _files.Current;
            }

            Complete(index, Scan(file) ?? NoHits);
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
    private List<SearchHit>? Scan(WalkedFile file)
    {
        PooledBytes? content;
        try
        {
            // SECURITY: never opens a FIFO, socket or device; files over ORCH_MAX_FILE_BYTES are skipped.
            using var handle = SafeFileAccess.OpenRegular(file.FullPath);
            content = PooledBytes.Read(handle, maxFileBytes);
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
}
