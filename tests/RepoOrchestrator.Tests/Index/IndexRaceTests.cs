using System.Text.Json;
using RepoOrchestrator.Index;

namespace RepoOrchestrator.Tests.Index;

/// <summary>
/// Races against the index: queries while a notified change is being checked in the background, and queries while
/// thousands of files change and the index is rebuilt on disk under them. Bounded loops, no sleeps to "let it settle".
/// </summary>
public sealed class IndexRaceTests
{
    [Fact]
    public async Task Index_QueryAfterNotification_WhileTheCheckRuns_NeverMissesTheChange()
    {
        var filler = string.Concat(Enumerable.Range(0, 60_000).Select(i => $"filler line {i} of text\n"));
        await using var pair = await IndexAndScan.StartAsync(r => r.Write("big.py", filler).Write("a.py", "a = 1\n"));
        var index = pair.Indexed.Service<IndexManager>().For(pair.Repo.Path)!;
        Assert.Equal(IndexState.Ready, index.State);

        for (var round = 0; round < 12; round++)
        {
            // A change the background check takes a while over (a large file) beside a new file, then the notification.
            File.WriteAllText(pair.PathOf("big.py"), filler + $"round {round}\n");
            File.WriteAllText(pair.PathOf($"new{round}.py"), $"inflight_{round:D2} = 1\n");
            index.MarkDirty("", deep: false);
            await Task.Delay(round % 4 * 15); // the first query lands before, while or after the background takes the check

            // SECURITY of the promise: every answer after the notification has the new file, however the check is going.
            var until = DateTimeOffset.UtcNow.AddMilliseconds(300);
            while (DateTimeOffset.UtcNow < until)
            {
                var (hits, use) = await pair.ViaIndex.SearchAllAsync($"q=inflight_{round:D2}");
                Assert.True(hits.Count == 1, $"round {round}: {hits.Count} hits ({use})");
                var (entries, _) = await pair.ViaIndex.TreeAllAsync("max_depth=0");
                Assert.Contains(entries, e => e.Contains($"new{round}.py", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task Index_ThousandsOfChangesForcingARebuild_WhileQueried_AnswersStaySound()
    {
        await using var pair = await IndexAndScan.StartAsync(r =>
        {
            for (var i = 0; i < 200; i++)
            {
                r.Write($"base/f{i:D3}.py", $"churn_marker = 'base {i}'\n");
            }
        });

        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var readers = Enumerable.Range(0, 3).Select(n => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // SearchAllAsync and TreeAllAsync assert 200 on every page: no query fails while the index is swapped.
                var (hits, _) = await pair.ViaIndex.SearchAllAsync(n == 0 ? "q=churn_marker" : "q=churn_marker&context_lines=1");
                foreach (var hit in hits)
                {
                    var content = JsonDocument.Parse(hit).RootElement.GetProperty("content").GetString()!;
                    if (!content.StartsWith("churn_marker = '", StringComparison.Ordinal))
                    {
                        lock (failures)
                        {
                            failures.Add(content); // never text the files do not hold
                        }
                    }
                }

                await pair.ViaIndex.TreeAllAsync("max_depth=6");
            }
        })).ToList();

        // More changed files than the in-memory overlay keeps (RepositoryIndex.MaxOverlay): the index is rebuilt on disk.
        for (var i = 0; i < RepositoryIndex.MaxOverlay + 500; i++)
        {
            var path = pair.PathOf($"churn/d{i % 50:D2}/n{i:D4}.py");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, $"churn_marker = 'new {i}'\n");
        }

        await pair.CaughtUpAsync(["q=churn_marker"], ["max_depth=6"]);
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Empty(failures);
        Assert.Equal(RepositoryIndex.MaxOverlay + 700, (await pair.ViaIndex.SearchAllAsync("q=churn_marker")).Hits.Count);
    }
}
