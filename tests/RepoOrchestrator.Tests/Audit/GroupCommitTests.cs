using System.Collections.Concurrent;
using RepoOrchestrator.Audit;

namespace RepoOrchestrator.Tests.Audit;

public sealed class GroupCommitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Submit_WhileAWriteIsInProgress_LaterLinesShareTheNextWrite()
    {
        using var release = new ManualResetEventSlim();
        var batches = new ConcurrentQueue<int[]>();
        var commit = new GroupCommit<int>(items =>
        {
            batches.Enqueue([.. items]);
            if (items[0] == 0)
            {
                release.Wait(Patience); // the first write is slow: everything submitted meanwhile must wait for it
            }
        });

        var first = Task.Run(() => commit.Submit(0));
        Assert.True(SpinWait.SpinUntil(() => !batches.IsEmpty, Patience));
        var others = Enumerable.Range(1, 6).Select(i => Task.Run(() => commit.Submit(i))).ToArray();
        Assert.True(SpinWait.SpinUntil(() => commit.Waiting == 6, Patience));
        Assert.All(others, t => Assert.False(t.IsCompleted)); // nobody returns before its own line is written

        release.Set();
        await Task.WhenAll([first, .. others]);

        var written = batches.ToArray();
        Assert.Equal(2, written.Length);
        Assert.Equal([0], written[0]);
        Assert.Equal([1, 2, 3, 4, 5, 6], written[1].Order());
    }

    [Fact]
    public async Task Submit_WhenTheSharedWriteFails_EveryLineInItFails()
    {
        using var release = new ManualResetEventSlim();
        var calls = 0;
        var commit = new GroupCommit<int>(items =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                release.Wait(Patience);
                return;
            }

            throw new InvalidOperationException("disk full");
        });

        var first = Task.Run(() => commit.Submit(0));
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref calls) == 1, Patience));
        var others = Enumerable.Range(1, 4).Select(i => Task.Run(() => commit.Submit(i))).ToArray();
        Assert.True(SpinWait.SpinUntil(() => commit.Waiting == 4, Patience));
        release.Set();
        await first;

        var failures = new List<Exception>();
        foreach (var task in others)
        {
            failures.Add(await Assert.ThrowsAnyAsync<Exception>(() => task));
        }

        Assert.Equal(2, calls); // one shared write for the four lines, and it failed
        Assert.All(failures, f => Assert.IsType<InvalidOperationException>(Assert.IsType<IOException>(f).InnerException));
    }

    [Fact]
    public async Task SubmitAsync_WhileAWriteIsInProgress_ReturnsWithoutBlockingAndCompletesAfterTheNextWrite()
    {
        using var release = new ManualResetEventSlim();
        using var writing = new ManualResetEventSlim();
        var written = new ConcurrentQueue<int>();
        var commit = new GroupCommit<int>(items =>
        {
            if (items[0] == 0)
            {
                writing.Set();
                release.Wait(Patience);
            }

            foreach (var item in items)
            {
                written.Enqueue(item);
            }
        });

        var first = Task.Run(() => commit.Submit(0));
        Assert.True(writing.Wait(Patience));
        var second = commit.SubmitAsync(1); // returns at once: the caller's thread is not held during the other write
        Assert.False(second.IsCompleted);
        Assert.DoesNotContain(1, written);

        release.Set();
        await second;
        Assert.Equal([0, 1], written);
    }

    [Fact]
    public void Submit_AfterAFailedWrite_WritesAgain()
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
        });

        Assert.Throws<UnauthorizedAccessException>(() => commit.Submit(1)); // the caller that wrote gets the original failure
        fail = false;
        commit.Submit(2);
        Assert.Equal([2], written);
    }
}
