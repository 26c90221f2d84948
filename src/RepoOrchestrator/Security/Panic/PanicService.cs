using Microsoft.Data.Sqlite;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.State;

namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// Panic mode (LOCKDOWN) over the SQLite state store: records security events, turns the flag on when a
/// threshold is reached inside its window, clears it, lists and prunes events. Needs no HttpContext, so the
/// command line (`panic status|clear`) uses it against the same ORCH_HOME as a running service. While the store
/// cannot be written, events and a lockdown they turn on are held in memory and written as soon as it can
/// (PanicService.Fallback.cs), so the threshold is exact whichever file filled up.
/// </summary>
public sealed partial class PanicService(
    StateStore store,
    AuditLog audit,
    PanicSettings settings,
    TimeProvider time,
    ILogger<PanicService> logger)
{
    public const string PanicSettingKey = "panic_mode";
    public const string PanicSinceSettingKey = "panic_since";
    public const string PanicClearedAtSettingKey = "panic_cleared_at";
    public const string InvalidTokenEventType = "PANIC_TRIGGER";
    public const string FailureEventType = "PANIC";
    public const int MaxListedEvents = 200;
    public const int MaxReasonLength = 200;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    // Serialises recording, flushing and clearing in this process (the store's write lock does it across processes),
    // so what is held in memory and what the store holds never overlap.
    private readonly Lock _gate = new();
    private readonly PanicFallback _fallback = new();

    /// <summary>
    /// Reads the flag row on every call (a pooled SQLite point read): a `panic clear` from the command line,
    /// another process, takes effect on the very next request. A lockdown held in memory (the store could not record
    /// it) is on without reading the store; while anything is held, a write of it is tried at most once per <see cref="FlushInterval"/>.
    /// </summary>
    public bool IsPanicOn()
    {
        // SECURITY: a lockdown turned on while the store could not be written is on all the same.
        var held = _fallback.HeldSince is not null;
        if (_fallback.HasWork)
        {
            TryFlushSoon();
        }

        return held || string.Equals(store.GetSetting(PanicSettingKey), "1", StringComparison.Ordinal);
    }

    /// <summary>The flag, when it was turned on and how many events are unresolved (for `panic status` and the dashboard), held ones included.</summary>
    public PanicStatus Status()
    {
        var stored = store.Read(c =>
        {
            var on = string.Equals(ReadSetting(c, PanicSettingKey), "1", StringComparison.Ordinal);
            return new PanicStatus(on, on ? ReadSetting(c, PanicSinceSettingKey) : null, SecurityEventTable.CountUnresolved(c, null));
        });
        lock (_gate)
        {
            var heldSince = _fallback.HeldSince;
            return new PanicStatus(
                stored.PanicMode || heldSince is not null,
                stored.PanicMode ? stored.Since : heldSince,
                (int)Math.Min(int.MaxValue, stored.UnresolvedEvents + _fallback.Count));
        }
    }

    /// <summary>Records a `PANIC_TRIGGER` for a present but invalid token; <paramref name="tokenSha256"/> is the hash, never the token.</summary>
    public Task<PanicRecordResult> RecordInvalidTokenAsync(string tokenSha256, string reason, string? correlationId) =>
        RecordInvalidTokenAsync(tokenSha256, reason, correlationId, "");

    /// <summary>
    /// As above, from <paramref name="client"/> (a <see cref="ClientAddress.Key"/>): the same token on the same
    /// endpoint from the same client within a second adds to one row's count instead of a row each.
    /// </summary>
    public Task<PanicRecordResult> RecordInvalidTokenAsync(string tokenSha256, string reason, string? correlationId, string client) =>
        RecordAsync(InvalidTokenEventType, reason, tokenSha256, "anonymous", correlationId, settings.AuthThreshold, settings.AuthWindowSeconds, client);

    /// <summary>Records a `PANIC` for an unhandled failure; <paramref name="payloadSha256"/> is the hash of the request body.</summary>
    public Task<PanicRecordResult> RecordFailureAsync(string reason, string payloadSha256, string actor, string? correlationId) =>
        RecordAsync(FailureEventType, reason, payloadSha256, actor, correlationId, settings.ExceptionThreshold, settings.ExceptionWindowSeconds);

    /// <summary>
    /// Turns panic mode off and marks every event resolved, audited as `PANIC_CLEARED` once the change is
    /// committed (the audit log never claims a clear that did not happen); a clear that fails is audited as
    /// `PANIC_CLEAR_FAILED`. Returns how many events it resolved. Events and a lockdown held in memory are written
    /// and resolved with the rest; while the store cannot be written, nothing is cleared.
    /// </summary>
    public async Task<int> ClearPanicAsync(string actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        int resolved;
        Errors.StorageFaultException? failed = null;
        OwedAuditLine? owedBefore;
        lock (_gate)
        {
            owedBefore = _fallback.OwedAudit;
            var held = _fallback.Events.ToArray();
            try
            {
                resolved = store.Write((c, t) =>
                {
                    WriteHeld(c, t, held, heldSince: null);
                    var count = SecurityEventTable.ResolveAll(c, t);
                    StateStore.SetSetting(c, t, PanicSettingKey, "0");
                    StateStore.SetSetting(c, t, PanicSinceSettingKey, null);
                    StateStore.SetSetting(c, t, PanicClearedAtSettingKey, SecurityEventTable.FormatTimestamp(NowMs()));
                    return count;
                });
                _fallback.Recorded();
            }
            catch (Errors.StorageFaultException fault)
            {
                failed = fault;
                resolved = 0;
            }
        }

        if (failed is not null)
        {
            await audit.OperationAsync("PANIC_CLEAR_FAILED", actor, range: Errors.StorageFaultException.NameOf(failed.Part), level: "WARNING");
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
        }

        // The turn-on line goes before the clear, never after it: the last lockdown line is the state.
        await TryWriteOwedAuditAsync();
        lock (_gate)
        {
            // A line still owed from before the clear is superseded by it (never written after PANIC_CLEARED); a
            // lockdown turned on by another request meanwhile keeps its own owed line.
            if (owedBefore is not null && ReferenceEquals(_fallback.OwedAudit, owedBefore))
            {
                _fallback.AuditWritten();
            }
        }

        LogCleared(logger, actor, resolved);
        await audit.OperationAsync(PanicClearedOperation, actor, range: $"resolved={resolved}", level: "WARNING");
        return resolved;
    }

    /// <summary>The audit operations that turn lockdown on and off: the last of them in the log is its state.</summary>
    public const string PanicOnOperation = "PANIC_MODE_ON";

    public const string PanicClearedOperation = "PANIC_CLEARED";

    /// <summary>The newest events first, at most <see cref="MaxListedEvents"/>.</summary>
    public IReadOnlyList<SecurityEvent> RecentEvents(int limit = MaxListedEvents) =>
        store.Read(c => SecurityEventTable.Newest(c, Math.Clamp(limit, 1, MaxListedEvents)));

    /// <summary>Deletes events older than <see cref="Retention"/>; returns how many went.</summary>
    public int PruneExpired()
    {
        var cutoff = NowMs() - (long)Retention.TotalMilliseconds;
        return store.Write((c, t) => SecurityEventTable.DeleteOlderThan(c, t, cutoff));
    }

    /// <summary>Cuts a reason to <see cref="MaxReasonLength"/> characters without splitting a surrogate pair.</summary>
    public static string CutReason(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (reason.Length <= MaxReasonLength)
        {
            return reason;
        }

        var length = char.IsHighSurrogate(reason[MaxReasonLength - 1]) ? MaxReasonLength - 1 : MaxReasonLength;
        return reason[..length];
    }

    /// <summary>
    /// Insert, count and flag in ONE immediate transaction: concurrent recorders queue on the database lock,
    /// so N events sent at once count N and the threshold is crossed exactly once.
    /// </summary>
    private async Task<PanicRecordResult> RecordAsync(
        string type, string reason, string payloadHash, string actor, string? correlationId, int threshold, int windowSeconds, string? aggregateClient = null)
    {
        PanicRecordResult result;
        Errors.StorageFaultException? failed = null;
        lock (_gate)
        {
            // The store transaction and what memory holds change together under the gate; audit lines are written after it.
            (result, failed) = RecordLocked(type, reason, payloadHash, actor, correlationId, threshold, windowSeconds, aggregateClient);
        }

        if (failed is not null)
        {
            if (result.TurnedPanicOn)
            {
                await AnnouncePanicOnAsync(type, result.CountInWindow, windowSeconds, actor, payloadHash, throwIfUnaudited: false);
            }

            // The caller still learns of the fault.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
        }

        if (result.TurnedPanicOn)
        {
            // After the commit: lockdown is on whatever happens to this line; a failed write fails the request.
            await AnnouncePanicOnAsync(type, result.CountInWindow, windowSeconds, actor, payloadHash, throwIfUnaudited: true);
        }
        else
        {
            await TryWriteOwedAuditAsync();
        }

        return result;
    }

    private (PanicRecordResult Result, Errors.StorageFaultException? Fault) RecordLocked(
        string type, string reason, string payloadHash, string actor, string? correlationId, int threshold, int windowSeconds, string? aggregateClient)
    {
        var now = NowMs();
        try
        {
            var result = WriteWithHeldLocked(now, (c, t) =>
            {
                var cut = CutReason(reason);
                var id = aggregateClient is null ? null : SecurityEventTable.AddToRecent(c, t, now, type, cut, payloadHash, aggregateClient);
                if (id is null)
                {
                    id = SecurityEventTable.Insert(c, t, now, type, cut, payloadHash, actor, correlationId, aggregateClient ?? "");
                    SecurityEventTable.Cap(c, t);
                }

                // SECURITY: the count is a SUM over rows, so N events sent at once count N however they were aggregated.
                var count = SecurityEventTable.CountUnresolvedSince(c, t, type, now - (windowSeconds * 1000L));
                var wasOn = string.Equals(ReadSetting(c, PanicSettingKey, t), "1", StringComparison.Ordinal);
                var turnOn = !wasOn && count >= threshold; // SECURITY: the threshold inside the window turns lockdown on
                if (turnOn)
                {
                    StateStore.SetSetting(c, t, PanicSettingKey, "1");
                    StateStore.SetSetting(c, t, PanicSinceSettingKey, SecurityEventTable.FormatTimestamp(now));
                }

                return new PanicRecordResult(id.Value, count, turnOn);
            });
            return (result, null);
        }
        catch (Errors.StorageFaultException fault)
        {
            // SECURITY: the store could not count this event: memory does, so the threshold stays exact.
            return (RecordHeld(type, reason, payloadHash, actor, correlationId, threshold, windowSeconds, aggregateClient, now), fault);
        }
    }

    private long NowMs() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string? ReadSetting(SqliteConnection c, string key, SqliteTransaction? t = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = t;
        cmd.CommandText = "SELECT value FROM settings WHERE key = $key";
        cmd.Parameters.AddWithValue("$key", key);
        return cmd.ExecuteScalar() as string;
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Critical, Message = "Panic mode ON: {Count} unresolved {Type} events within {WindowSeconds} s; requests without a valid token now get 503")]
    private static partial void LogPanicOn(ILogger logger, string type, int count, int windowSeconds);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Panic mode cleared by {Actor}; {Resolved} events marked resolved")]
    private static partial void LogCleared(ILogger logger, string actor, int resolved);
}
