using Microsoft.Extensions.Time.Testing;

namespace RepoOrchestrator.Tests.Audit;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that says when code under test starts waiting on it (a Task.Delay or timer), so a
/// test advances the clock exactly when something waits: no sleeping, no polling.
/// </summary>
internal sealed class WatchedClock() : FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero))
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _created = new(0);
    private int _timers;

    /// <summary>Timers created so far (each Task.Delay on this clock is one).</summary>
    public int Timers => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        _created.Release();
        return timer;
    }

    /// <summary>Completes once a timer not yet waited for has been created (throws after a generous bound).</summary>
    public async Task WaitForTimerAsync()
    {
        if (!await _created.WaitAsync(Patience))
        {
            throw new TimeoutException("Nothing started waiting on the clock.");
        }
    }
}
