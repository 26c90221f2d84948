using System.Threading.RateLimiting;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Security.RateLimiting;

/// <summary>
/// Fixed window per client on the injected <see cref="TimeProvider"/>: ORCH_RATE_LIMIT_PER_MIN permits (or a named
/// token's own `--rate`) per
/// ORCH_RATE_LIMIT_WINDOW_SECONDS, no queue. A client is a valid token (its fingerprint: the dashboard's admin
/// token and an agent's actions token have separate buckets wherever they connect from) or, for requests
/// without a valid token, the client address, the whole loopback range counting as one (see
/// <see cref="ClientAddress.Key"/>). An invalid token is no token: it cannot buy a bucket of its own. The built-in FixedWindowRateLimiter reads the
/// system stopwatch and replenishes on its own timer, so its windows cannot follow a fake clock in tests;
/// this one is plugged into ASP.NET Core's rate-limiting middleware as the global limiter instead.
/// A client's window starts with its first request; windows that have ended are swept once per window.
/// </summary>
public sealed class ClientRateLimiter(RateLimitSettings settings, NetworkSettings network, TokenStore tokens, TimeProvider time) : PartitionedRateLimiter<HttpContext>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeSpan _window = TimeSpan.FromSeconds(settings.WindowSeconds);
    private readonly int _limit = settings.PerWindow;
    private long _lastSweep = time.GetTimestamp();

    public override RateLimiterStatistics? GetStatistics(HttpContext resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var (key, limit) = Partition(resource);
        var now = time.GetTimestamp();
        lock (_gate)
        {
            var used = _windows.TryGetValue(key, out var w) && time.GetElapsedTime(w.Start, now) < _window ? w.Count : 0;
            return new RateLimiterStatistics { CurrentAvailablePermits = limit - used, CurrentQueuedCount = 0 };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => Acquire(resource, permitCount);

    // QueueLimit 0: a request over the limit is rejected at once, never queued.
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Acquire(resource, permitCount));

    private RateLimitLease Acquire(HttpContext resource, int permitCount)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        var (key, limit) = Partition(resource);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, limit);
        var now = time.GetTimestamp();
        lock (_gate)
        {
            SweepIfDue(now);
            if (!_windows.TryGetValue(key, out var w) || time.GetElapsedTime(w.Start, now) >= _window)
            {
                w = new Window(now);
                _windows[key] = w;
            }

            // SECURITY: at most the configured permits per client per window.
            if (w.Count + permitCount <= limit && (permitCount > 0 || w.Count < limit))
            {
                w.Count += permitCount;
                return FixedWindowLease.Acquired;
            }

            return new FixedWindowLease(false, _window - time.GetElapsedTime(w.Start, now));
        }
    }

    /// <summary>
    /// `token:&lt;fingerprint&gt;` for a valid bearer token, with the token's own limit when it has one (a named token
    /// created with `--rate`), else `ip:&lt;client address key&gt;` with ORCH_RATE_LIMIT_PER_MIN.
    /// </summary>
    private (string Key, int Limit) Partition(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header[7..].Trim();
            // SECURITY: only a token that matches a role gets its own bucket; anything else is limited by address.
            if (token.Length > 0 && RequestTokenCheck.Identify(context, tokens, token) is ({ } identity, var fingerprint))
            {
                return ("token:" + fingerprint, identity.RatePerMinute ?? _limit);
            }
        }

        return ("ip:" + ClientAddress.Key(context, network.TrustForwarded), _limit);
    }

    private void SweepIfDue(long now)
    {
        if (time.GetElapsedTime(_lastSweep, now) < _window)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (key, w) in _windows)
        {
            if (time.GetElapsedTime(w.Start, now) >= _window)
            {
                _windows.Remove(key);
            }
        }
    }

    /// <summary>One client's current window: when it began and the permits used in it.</summary>
    private sealed class Window(long start)
    {
        public long Start { get; } = start;

        public int Count { get; set; }
    }
}
