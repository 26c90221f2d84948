using System.Text.RegularExpressions;
using System.Threading.Channels;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Search;

/// <summary>
/// One search over a stream of files already in result order. The walk runs on its own task and numbers the
/// files; workers (one per core) read each file once into a pooled buffer, serve it whole and match every served
/// line (<see cref="FileMatcher"/>). As soon as the files finished without a gap
/// from the first one hold more than <paramref name="maxResults"/> hits, the walk stops: the first results are
/// then known, and the answer is the same whatever order the workers finished in. Each file draws a share of the
/// request's redaction budget: a file over its share is skipped and reported, and once the request's budget is
/// spent the walk stops, the answer is marked partial and <see cref="Outcome.ResumeAt"/> says where the next page
/// starts: at the first file not searched to its end, so no hit is lost or served twice across pages. The first file of
/// a page has a share of its own that the request's remainder cannot cut short, so every page gets past at least one
/// file. A file in <paramref name="skippedUnread"/> (the index knows it is over the redaction budget) is reported
/// skipped without being read.
/// </summary>
internal sealed class SearchScan(
    IEnumerable<WalkedFile> files, FileMatcher matcher, int maxResults, (string File, int Line)? resume = null, IReadOnlySet<string>? skippedUnread = null)
{
    private static readonly List<SearchHit> NoHits = [];

    /// <summary>Files read at the same time by one search.</summary>
    public static int Workers => Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// Files the walk may list ahead of the workers. Small on purpose: listing a file costs a path-guard resolution (or
    /// a folder read), and once a page has enough hits whatever was listed ahead is thrown away. With 1,024, 16
    /// concurrent searches of a common word on 2 cores spent most of their time listing files nobody read (22-106
    /// requests/s against 167-542 with 16, in alternated runs); a few files per worker keep the workers fed.
    /// </summary>
    public static int QueueCapacity(int workers) => Math.Max(16, 4 * workers);

    private readonly Lock _progressGate = new();
    private readonly List<List<SearchHit>?> _perFile = [];
    private readonly List<string> _listed = [];
    private readonly List<(int Index, string File)> _skipped = [];
    private int _donePrefix;
    private int _prefixHits;
    private bool _walkedAll;
    private volatile bool _enough;
    private volatile bool _timedOut;
    private volatile bool _budgetSpent;

    /// <summary>
    /// The first <paramref name="maxResults"/> hits in order, whether there were more, the files skipped over the
    /// redaction budget, whether the search stopped before every file was searched, and where to resume when it
    /// stopped because the request's redaction budget ran out.
    /// </summary>
    public async Task<Outcome> RunAsync(CancellationToken ct)
    {
        var queue = Channel.CreateBounded<ScanItem>(
            new BoundedChannelOptions(QueueCapacity(Workers)) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

        // A failing worker cancels the others and the walk, so the walk never waits forever for room.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var walk = Task.Run(() => WalkAsync(queue.Writer, failed.Token), failed.Token);
        var workers = Enumerable.Range(0, Workers)
            .Select(_ => Task.Run(() => WorkOrCancelAsync(queue.Reader, failed), failed.Token));
        try
        {
            await Task.WhenAll([walk, .. workers]);
        }
        finally
        {
            while (queue.Reader.TryRead(out var left))
            {
                left.Folder?.Release(); // items never scanned (cancelled) still give their folder back
            }
        }

        // Only files searched to their end without a gap from the first count: what follows a file the budget cut
        // short is searched again, in order, by the next page.
        var hits = new List<SearchHit>(maxResults + 1);
        foreach (var fileHits in _perFile.Take(_donePrefix))
        {
            hits.AddRange(fileHits!);
            if (hits.Count > maxResults)
            {
                break;
            }
        }

        var truncated = hits.Count > maxResults;
        var skipped = _skipped.Where(s => s.Index < _donePrefix).OrderBy(s => s.Index)
            .Select(s => new SearchSkip(s.File, RedactionBudget.ProblemType)).ToList();
        var resumeAt = truncated || !_budgetSpent || _timedOut ? null : ResumePoint();
        return new Outcome(truncated ? hits[..maxResults] : hits, truncated, skipped, _timedOut || resumeAt is not null, resumeAt);
    }

    // Where the next page starts once the budget stopped this one: the first file not searched to its end (from its
    // first line), or after the last file listed when every listed file was and the walk had more. Null when nothing
    // is left: the budget ran out on the last file, which was then skipped whole.
    private (string File, int Line)? ResumePoint()
    {
        if (_donePrefix < _listed.Count)
        {
            return (_listed[_donePrefix], 0);
        }

        return _walkedAll || _listed.Count == 0 ? null : (_listed[^1], int.MaxValue);
    }

    private async Task WalkAsync(ChannelWriter<ScanItem> writer, CancellationToken ct)
    {
        try
        {
            var index = 0;
            var walkedAll = true;
            foreach (var file in files)
            {
                if (_enough)
                {
                    walkedAll = false;
                    break;
                }

                lock (_progressGate)
                {
                    _listed.Add(file.RelativePath);
                }

                // The walk closes a folder once it moves past it; the worker that scans the file holds it until then.
                var folder = file.FolderHandle;
                folder?.AddRef(); // released by the worker that scans the file
                try
                {
                    await writer.WriteAsync(new ScanItem(index++, file, folder), ct);
                }
                catch
                {
                    folder?.Release();
                    throw;
                }
            }

            lock (_progressGate)
            {
                _walkedAll = walkedAll;
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private async Task WorkOrCancelAsync(ChannelReader<ScanItem> reader, CancellationTokenSource failed)
    {
        try
        {
            await WorkAsync(reader, failed.Token);
        }
        catch
        {
            await failed.CancelAsync();
            throw;
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
                    if (!_enough && ScanWithinBudget(item) is { } hits)
                    {
                        Complete(item.Index, hits);
                    }
                }
                finally
                {
                    item.Folder?.Release();
                }
            }
        }
    }

    // One file on its own share of the request's redaction budget: its hits, or none when it was skipped whole (over
    // its share); null when the request's budget ran out first, so the file was not searched to its end and the
    // next page starts with it. SECURITY: none of a file's lines leave unless all were redacted.
    private List<SearchHit>? ScanWithinBudget(ScanItem item)
    {
        if (skippedUnread?.Contains(item.File.RelativePath) == true)
        {
            Skip(item); // SECURITY: the index found it over the budget; reading it would cost the same for every query
            return NoHits;
        }

        // The page's first file draws on a share the request cannot cut short (a request spends at most its limit and
        // one share), so a page always gets past it: following next_cursor never loops on the same file.
        using var share = item.Index == 0 ? RedactionBudget.BeginDetachedShare() : RedactionBudget.BeginShare();
        try
        {
            var afterLine = resume is { } at && string.Equals(at.File, item.File.RelativePath, StringComparison.Ordinal) ? at.Line : 0;
            return matcher.Scan(item.File, item.Folder, afterLine) ?? NoHits; // null: nothing served (binary, gone, refused)
        }
        catch (RegexMatchTimeoutException)
        {
            _timedOut = true;
            _enough = true; // one line took the regular expression longer than SearchQuery.MatchTimeout: stop, say partial
            return NoHits;
        }
        catch (ApiProblemException problem) when (RedactionBudget.IsExceeded(problem))
        {
            if (share.Budget.Parent is { Exhausted: true })
            {
                _budgetSpent = true;
                _enough = true; // SECURITY: the request's redaction CPU is spent; stop rather than scan on
                return null; // cut short by the request's budget: the next page starts with it, on a share of its own
            }

            Skip(item); // over its own share (or the call limit): skipped whole, on this page and every other
            return NoHits;
        }
    }

    private void Skip(ScanItem item)
    {
        lock (_progressGate)
        {
            _skipped.Add((item.Index, item.File.RelativePath));
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

    /// <summary>What one scan found (see <see cref="RunAsync"/>).</summary>
    public sealed record Outcome(
        IReadOnlyList<SearchHit> Hits, bool Truncated, IReadOnlyList<SearchSkip> Skipped, bool Partial, (string File, int Line)? ResumeAt);

    /// <summary>A file to scan, numbered in result order, with the open folder to open it from.</summary>
    private readonly record struct ScanItem(int Index, WalkedFile File, FolderHandle? Folder);
}
