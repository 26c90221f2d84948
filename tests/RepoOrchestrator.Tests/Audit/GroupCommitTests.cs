using System.Collections.Concurrent;
using RepoOrchestrator.Audit;

namespace RepoOrchestrator.Tests.Audit;

public sealed class GroupCommitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Submit_WhileAWriteIsInProgress_LaterLinesShareTheNextWrite()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new ConcurrentQueue<int[]>();
        var commit = new GroupCommit<int>(async items =>
        {
            batches.Enqueue([.. items]);
            if (items[0] == 0)
            {
                await release.Task; // the first write is slow: everything submitted meanwhile must wait for it
            }
        });

        var first = commit.SubmitAsync(0);
        Assert.Single(batches); // the first caller wrote at once, on its own thread
        var others = Enumerable.Range(1, 6).Select(commit.SubmitAsync).ToArray();
        Assert.Equal(6, commit.Waiting);
        Assert.All(others, t => Assert.False(t.IsCompleted)); // nobody returns before its own line is written

        release.SetResult();
        await Task.WhenAll([first, .. others]).WaitAsync(Patience);

        var written = batches.ToArray();
        Assert.Equal(2, written.Length);
        Assert.Equal([0], written[0]);
        Assert.Equal([1, 2, 3, 4, 5, 6], written[1].Order());
    }

    [Fact]
    public async Task Submit_WhenTheSharedWriteFails_EveryLineInItFails()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var commit = new GroupCommit<int>(async items =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await release.Task;
                return;
            }

            throw new InvalidOperationException("disk full");
        });

        var first = commit.SubmitAsync(0);
        var others = Enumerable.Range(1, 4).Select(commit.SubmitAsync).ToArray();
        Assert.Equal(4, commit.Waiting);
        release.SetResult();
        await first.WaitAsync(Patience);

        var failures = new List<Exception>();
        foreach (var task in others)
        {
            failures.Add(await Assert.ThrowsAnyAsync<Exception>(() => task.WaitAsync(Patience)));
        }

        Assert.Equal(2, calls); // one shared write for the four lines, and it failed
        Assert.All(failures, f => Assert.IsType<InvalidOperationException>(Assert.IsType<IOException>(f).InnerException));
    }

    [Fact]
    public async Task SubmitAsync_WhileAWriteIsInProgress_ReturnsWithoutBlockingAndCompletesAfterTheNextWrite()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = new ConcurrentQueue<int>();
        var commit = new GroupCommit<int>(async items =>
        {
            if (items[0] == 0)
            {
                await release.Task;
            }

            foreach (var item in items)
            {
                written.Enqueue(item);
            }
        });

        var first = commit.SubmitAsync(0);
        Assert.False(first.IsCompleted); // the write waits (for a lock, say) without holding the caller's thread
        var second = commit.SubmitAsync(1); // returns at once: the caller's thread is not held during the other write
        Assert.False(second.IsCompleted);
        Assert.DoesNotContain(1, written);

        release.SetResult();
        await second.WaitAsync(Patience);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.Equal([0, 1], written);
    }

    [Fact]
    public async Task Submit_AfterAFailedWrite_WritesAgain()
    {
        var fail = true;
        var written = new List<int>();
        var commit = new GroupCommit<int>(items =>
        {
            if (fail)
            {
                throw new UnauthorizedAccessException("unwritable");
            }

            written.AddRange(items);
            return ValueTask.CompletedTask;
        });

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => commit.SubmitAsync(1)); // the caller that wrote gets the original failure
        fail = false;
        await commit.SubmitAsync(2);
        Assert.Equal([2], written);
    }

    [Fact]
    public async Task Submit_ThatWritesSynchronously_CompletesBeforeReturning()
    {
        var commit = new GroupCommit<int>(_ => ValueTask.CompletedTask);

        var done = commit.SubmitAsync(1);

        Assert.True(done.IsCompletedSuccessfully); // an uncontended append costs no thread switch
        await done;
    }
}
