using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Index;

/// <summary>
/// Two services on one repository: one answering through its index, one with ORCH_INDEX=off (the full scan), so a
/// test can ask "does the index answer exactly as the scan does, now or once it caught up?".
/// </summary>
public sealed class IndexAndScan : IAsyncDisposable
{
    private readonly TempDirectory _scanHome;

    private IndexAndScan(OrchestratorApp indexed, OrchestratorApp scanned, TempDirectory scanHome, TempGitRepo repo)
    {
        _scanHome = scanHome;
        Indexed = indexed;
        Scanned = scanned;
        Repo = repo;
        ViaIndex = indexed.CreateClient(TestRole.Actions);
        ViaScan = scanned.CreateClient(TestRole.Actions);
    }

    public OrchestratorApp Indexed { get; }

    public OrchestratorApp Scanned { get; }

    public TempGitRepo Repo { get; }

    public HttpClient ViaIndex { get; }

    public HttpClient ViaScan { get; }

    /// <summary>
    /// Both services (each set up by <paramref name="configure"/>) on a repository <paramref name="fill"/> writes
    /// (committed), the index ready.
    /// </summary>
    public static async Task<IndexAndScan> StartAsync(Action<TempGitRepo> fill, Func<OrchestratorApp, OrchestratorApp>? configure = null)
    {
        var indexed = new OrchestratorApp();
        indexed = configure?.Invoke(indexed) ?? indexed;
        var repo = indexed.CreateRepo();
        fill(repo);
        repo.Commit();
        await indexed.SelectAsync(repo);
        var scanHome = new TempDirectory("orch-scan-home");
        var scanned = new OrchestratorApp(indexed.Root, scanHome.Path);
        scanned = (configure?.Invoke(scanned) ?? scanned).With("ORCH_INDEX", "off");
        await scanned.SelectAsync(repo);
        var pair = new IndexAndScan(indexed, scanned, scanHome, repo);
        await indexed.WaitForIndexAsync();
        return pair;
    }

    public string PathOf(string relative) => Path.Combine(Repo.Path, relative);

    /// <summary>The index's answer to a search, checked equal to the scan's; returns how the index answered.</summary>
    public async Task<string> SameSearchAsync(string query)
    {
        var (expected, _) = await ViaScan.SearchAllAsync(query);
        var (actual, use) = await ViaIndex.SearchAllAsync(query);
        Assert.True(expected.SequenceEqual(actual), $"{query} ({use}): scan [{string.Join(", ", expected)}] index [{string.Join(", ", actual)}]");
        return use;
    }

    /// <summary>The index's listing, checked equal to the scan's; returns how the index answered.</summary>
    public async Task<string> SameTreeAsync(string query)
    {
        var (expected, _) = await ViaScan.TreeAllAsync(query);
        var (actual, use) = await ViaIndex.TreeAllAsync(query);
        Assert.True(expected.SequenceEqual(actual), $"{query} ({use}): scan [{string.Join(", ", expected)}] index [{string.Join(", ", actual)}]");
        return use;
    }

    /// <summary>
    /// Waits (15 s at most) until every query answers through the ready index exactly as the scan does; fails naming
    /// the first query that still differs.
    /// </summary>
    public async Task CaughtUpAsync(string[] searches, string[] listings)
    {
        var settled = await IndexTestKit.EventuallyAsync(async () =>
        {
            foreach (var query in searches)
            {
                var (expected, _) = await ViaScan.SearchAllAsync(query);
                var (actual, use) = await ViaIndex.SearchAllAsync(query);
                if (use != "ready" || !expected.SequenceEqual(actual))
                {
                    return false;
                }
            }

            foreach (var query in listings)
            {
                var (expected, _) = await ViaScan.TreeAllAsync(query);
                var (actual, use) = await ViaIndex.TreeAllAsync(query);
                if (use != "ready" || !expected.SequenceEqual(actual))
                {
                    return false;
                }
            }

            return true;
        });
        if (!settled)
        {
            foreach (var query in searches)
            {
                Assert.Equal("ready", await SameSearchAsync(query));
            }

            foreach (var query in listings)
            {
                Assert.Equal("ready", await SameTreeAsync(query));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        ViaIndex.Dispose();
        ViaScan.Dispose();
        await Scanned.DisposeAsync();
        await Indexed.DisposeAsync();
        _scanHome.Dispose();
    }
}
