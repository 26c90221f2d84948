using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// Records a `PANIC_TRIGGER` event for every request to a protected endpoint that presented a token matching no
/// role (identical ones from one client within a second share a row with a count), and writes at most one
/// warning line a minute about them, naming how many it left out, so a flood cannot fill the disk with logs.
/// </summary>
public sealed partial class InvalidTokenTracker(
    PanicService panic, NetworkSettings network, TimeProvider time, ILogger<InvalidTokenTracker> logger) : IInvalidTokenObserver
{
    public static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private long? _lastLogged;
    private long _suppressed;

    public async Task OnInvalidTokenAsync(HttpContext context, string presentedToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(presentedToken);
        // SECURITY: only SHA-256(token) is recorded; the token itself never reaches the store, a log or a response.
        var tokenHash = TokenFingerprint.HexHash(presentedToken);
        var reason = $"Invalid token on {context.Request.Method} {context.Request.Path}";
        var client = ClientAddress.Key(context, network.TrustForwarded);
        try
        {
            await panic.RecordInvalidTokenAsync(tokenHash, reason, CorrelationIdMiddleware.Get(context), client);
        }
        catch (StorageFaultException fault)
        {
            // The caller still gets its 401 (never a 500): the event could not be kept, and /health says why.
            context.RequestServices.GetService<IStorageFaultObserver>()?.Report(fault);
        }

        LogThrottled(client);
    }

    private void LogThrottled(string client)
    {
        long suppressed;
        var now = time.GetTimestamp();
        lock (_gate)
        {
            // SECURITY: one line per LogInterval at most, whatever the rate of bad tokens.
            if (_lastLogged is { } last && time.GetElapsedTime(last, now) < LogInterval)
            {
                _suppressed++;
                return;
            }

            _lastLogged = now;
            suppressed = _suppressed;
            _suppressed = 0;
        }

        LogInvalidToken(logger, client, suppressed);
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "Invalid bearer token from {Client}; {Suppressed} more since the previous such line (at most one line a minute; GET /ui/security/events has every count)")]
    private static partial void LogInvalidToken(ILogger logger, string client, long suppressed);
}
