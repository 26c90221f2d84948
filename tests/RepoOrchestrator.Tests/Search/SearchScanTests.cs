using RepoOrchestrator.Configuration;
using RepoOrchestrator.Search;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Search;

/// <summary>The scan's walk stays a few files ahead of the workers reading them.</summary>
public sealed class SearchScanTests
{
    [Fact]
    public async Task RunAsync_PageFilledEarly_ListsOnlyAFewFilesBeyondWhatWasRead()
    {
        using var root = new TempDirectory("orch-scan");
        var repo = root.Combine("repo");
        Directory.CreateDirectory(repo);

        // Every file has a hit, so a page of 50 is full after about 51 files; each file is large enough (40 KB) that
        // reading it costs far more than listing it, so a walk without a bound would list hundreds of files ahead.
        var body = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"line {i} of filler text\n")) + "the needle_7 is here\n";
        const int FileCount = 1_200;
        for (var i = 0; i < FileCount; i++)
        {
            File.WriteAllText(Path.Combine(repo, $"f{i:D4}.txt"), body);
        }

        var options = HomeOptions.Under(root);
        var served = new ServedFileRule(PathPolicy.From(options), new ServiceFiles(ServiceFilePaths.From(options)));
        Assert.True(SearchQuery.Create("needle_7", regex: false, caseSensitive: true, "test").TryGet(out var query, out _));
        var matcher = new FileMatcher(query, 0, SearchService.MaxResults + 1, options.MaxFileBytes, RedactionEngine.CreateDefault(), served);

        var listed = 0;
        IEnumerable<WalkedFile> Files()
        {
            for (var i = 0; i < FileCount; i++)
            {
                Interlocked.Increment(ref listed);
                yield return new WalkedFile($"f{i:D4}.txt", repo, $"f{i:D4}.txt");
            }
        }

        var (hits, truncated, skipped, partial, resumeAt) = await new SearchScan(Files(), matcher, SearchService.MaxResults).RunAsync(CancellationToken.None);

        Assert.Equal(SearchService.MaxResults, hits.Count);
        Assert.True(truncated);
        Assert.Empty(skipped);
        Assert.False(partial);
        Assert.Null(resumeAt); // a full page resumes after its last hit (SearchService), not where the scan stopped
        Assert.Equal(Enumerable.Range(0, SearchService.MaxResults).Select(i => $"f{i:D4}.txt"), hits.Select(h => h.File));

        // The files read before the page was full, plus the queue, plus the one the walk holds while it waits for room;
        // the rest is slack for a worker that falls behind another (a page is complete only in file order).
        var bound = SearchService.MaxResults + 1 + SearchScan.Workers + SearchScan.QueueCapacity(SearchScan.Workers) + 1 + 200;
        Assert.True(listed <= bound, $"the walk listed {listed} files for a page filled by the first 51 (bound {bound})");
    }
}
