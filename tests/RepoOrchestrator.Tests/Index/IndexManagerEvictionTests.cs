using System.Diagnostics;
using System.Reflection;
using RepoOrchestrator.Index;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Index;

/// <summary>
/// At most <see cref="IndexManager.MaxIndexes"/> indexes stay open; opening one more closes the least recently used.
/// Closing waits for that index's background step and for a query running its pending checks, so it happens off the
/// thread of the request that opened the new repository.
/// </summary>
public sealed class IndexManagerEvictionTests
{
    [LinuxFact]
    public async Task For_OneRepositoryTooMany_ClosesTheOldestWithoutWaitingForIt()
    {
        await using var app = new OrchestratorApp();
        var repos = Enumerable.Range(0, IndexManager.MaxIndexes + 1)
            .Select(i => app.CreateRepo("repo" + i).Write("a.py", $"marker_{i} = 1\n"))
            .ToList();
        var manager = app.Service<IndexManager>();
        var indexes = new List<RepositoryIndex>();
        foreach (var repo in repos.Take(IndexManager.MaxIndexes))
        {
            indexes.Add(manager.For(repo.Path)!);
        }

        foreach (var index in indexes)
        {
            Assert.True(await IndexTestKit.EventuallyAsync(() => Task.FromResult(index.State == IndexState.Ready)), index.Repository);
        }

        // The oldest index is busy the way a query running its pending checks keeps it (it holds the refresh gate):
        // closing it would wait up to 10 s for that.
        var oldest = indexes[0];
        var gate = (SemaphoreSlim?)typeof(RepositoryIndex).GetField("_refreshGate", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(oldest);
        Assert.NotNull(gate);
        await gate.WaitAsync();
        var held = true;
        try
        {
            var started = Stopwatch.GetTimestamp();
            var fresh = manager.For(repos[^1].Path);
            var elapsed = Stopwatch.GetElapsedTime(started);

            Assert.NotNull(fresh);
            Assert.NotSame(oldest, fresh);
            Assert.True(elapsed < TimeSpan.FromSeconds(5), $"opening a fifth repository waited {elapsed} for the oldest index to close");
            Assert.Equal(1, oldest.Files); // not closed yet: its close waits for the gate

            gate.Release();
            held = false;

            // Once the query is done, the old index closes: its view is let go.
            Assert.True(await IndexTestKit.EventuallyAsync(() => Task.FromResult(oldest.Files == 0)), "the evicted index was never closed");
            Assert.True(await IndexTestKit.EventuallyAsync(() => Task.FromResult(fresh.State == IndexState.Ready)));
            Assert.Same(fresh, manager.For(repos[^1].Path));
            Assert.NotSame(oldest, manager.For(repos[0].Path)); // opened again as a new index
        }
        finally
        {
            if (held)
            {
                gate.Release();
            }
        }
    }
}
