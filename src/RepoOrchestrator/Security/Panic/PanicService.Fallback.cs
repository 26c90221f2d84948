using Microsoft.Data.Sqlite;
using RepoOrchestrator.Errors;
using RepoOrchestrator.State;

namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// Panic mode while the state store cannot be written (full disk, read-only file system): each event it could not
/// record is held in memory and counted with the stored ones, a lockdown the threshold turns on meanwhile is held in
/// memory (audited if the audit log can be written, logged either way), and all of it is written to the store by its
/// next successful write (a recorded event, a flush tried at most once per <see cref="FlushInterval"/> while lockdown
/// is checked, the pruner's tick, shutdown), after which memory forgets it: counted once, never lost, no restart.
/// </summary>
public sealed partial class PanicService : IDisposable
{
    /// <summary>While something is held, a write of it is tried at most this often from <see cref="IsPanicOn"/>.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _auditGate = new(1, 1);
    private long _lastFlushAttempt;
    private bool _flushAttempted;

    public void Dispose() => _auditGate.Dispose();

    /// <summary>True while events, a lockdown or an audit line are held in memory, not yet written.</summary>
    public bool HoldsUnrecorded => _fallback.HasWork;

    /// <summary>
    /// Writes what memory holds (events, a lockdown, a `PANIC_MODE_ON` line the audit log refused) now. Returns true
    /// when nothing is left held; false while the store (or audit log) still refuses; never throws a storage fault.
    /// </summary>
    public async Task<bool> FlushHeldAsync()
    {
        bool stored;
        lock (_gate)
        {
            stored = FlushHeldLocked();
        }

        return await TryWriteOwedAuditAsync() && stored;
    }

    private void TryFlushSoon()
    {
        // SECURITY: a request never waits on another's flush or record; at most one write attempt per interval.
        if (!_gate.TryEnter())
        {
            return;
        }

        try
        {
            var now = time.GetTimestamp();
            if (_flushAttempted && time.GetElapsedTime(_lastFlushAttempt, now) < FlushInterval)
            {
                return;
            }

            _flushAttempted = true;
            _lastFlushAttempt = now;
            FlushHeldLocked();
        }
        finally
        {
            _gate.Exit();
        }

        if (_fallback.OwedAudit is not null)
        {
            // The owed line is written in the background: the request checking lockdown does not wait on the audit log.
            _ = TryWriteOwedAuditAsync();
        }
    }

    /// <summary>Under the gate: writes the held events and lockdown to the store; false while it still refuses.</summary>
    private bool FlushHeldLocked()
    {
        if (_fallback.Events.Count == 0 && _fallback.HeldSince is null)
        {
            return true;
        }

        try
        {
            WriteWithHeldLocked(NowMs(), static (_, _) => true);
            return true;
        }
        catch (StorageFaultException)
        {
            return false;
        }
    }

    /// <summary>
    /// Under the gate, the one write of what memory holds: in ONE store transaction, prunes events older than
    /// <see cref="Retention"/>, writes the held events and lockdown (<see cref="WriteHeld"/>), then runs
    /// <paramref name="work"/>; once it commits, memory forgets what was written. A storage fault propagates with
    /// memory unchanged, so nothing held is lost or counted twice.
    /// </summary>
    private T WriteWithHeldLocked<T>(long now, Func<SqliteConnection, SqliteTransaction, T> work)
    {
        var held = _fallback.Events.ToArray();
        var heldSince = _fallback.HeldSince;
        var result = store.Write((c, t) =>
        {
            SecurityEventTable.DeleteOlderThan(c, t, now - (long)Retention.TotalMilliseconds);
            WriteHeld(c, t, held, heldSince); // first what memory held, in this same transaction: counted once, by the store
            return work(c, t);
        });

        if (held.Length > 0 || heldSince is not null)
        {
            _fallback.Recorded();
            LogHeldWritten(logger, held.Sum(e => e.Count), heldSince is not null);
        }

        return result;
    }

    /// <summary>Inside a store transaction: the held events as rows with their counts, and the held lockdown as the flag.</summary>
    private static void WriteHeld(SqliteConnection c, SqliteTransaction t, HeldEvent[] held, string? heldSince)
    {
        foreach (var e in held)
        {
            SecurityEventTable.Insert(c, t, e.TsMs, e.Type, e.Reason, e.PayloadHash, e.Actor, e.CorrelationId, e.Client, e.Count);
        }

        if (held.Length > 0)
        {
            SecurityEventTable.Cap(c, t);
        }

        // SECURITY: a lockdown held in memory reaches the store as soon as it can be written, so a restart keeps it.
        if (heldSince is not null && !string.Equals(ReadSetting(c, PanicSettingKey, t), "1", StringComparison.Ordinal))
        {
            StateStore.SetSetting(c, t, PanicSettingKey, "1");
            StateStore.SetSetting(c, t, PanicSinceSettingKey, heldSince);
        }
    }

    /// <summary>
    /// The store refused the event: hold it, and count the stored events (when the store can still be read, as a full
    /// disk allows) plus the held ones against the threshold; reaching it holds lockdown in memory.
    /// </summary>
    private PanicRecordResult RecordHeld(
        string type, string reason, string payloadHash, string actor, string? correlationId, int threshold, int windowSeconds, string? aggregateClient, long now)
    {
        _fallback.Add(now, type, CutReason(reason), payloadHash, actor, correlationId, aggregateClient);
        var after = now - (windowSeconds * 1000L);
        var (stored, storedOn) = (0, false);
        try
        {
            (stored, storedOn) = store.Read(c => (
                SecurityEventTable.CountUnresolvedSince(c, null, type, after),
                string.Equals(ReadSetting(c, PanicSettingKey), "1", StringComparison.Ordinal)));
        }
        catch (StorageFaultException)
        {
            // Unreadable too: only the held events count here, and the lockdown check fails closed (503) meanwhile.
        }

        var count = stored + _fallback.CountSince(type, after);
        // SECURITY: the threshold inside the window turns lockdown on whether or not the store can record it.
        var turnOn = !storedOn && _fallback.HeldSince is null && count >= threshold;
        if (turnOn)
        {
            _fallback.Hold(SecurityEventTable.FormatTimestamp(now));
        }

        return new PanicRecordResult(0, count, turnOn);
    }

    /// <summary>Logs lockdown on and writes its audit line; a line the audit log refuses is owed and written later.</summary>
    private async Task AnnouncePanicOnAsync(string type, int count, int windowSeconds, string actor, string payloadHash, bool throwIfUnaudited)
    {
        lock (_gate)
        {
            if (_fallback.HeldSince is not null)
            {
                LogPanicOnHeld(logger, type, count, windowSeconds);
            }
            else
            {
                LogPanicOn(logger, type, count, windowSeconds);
            }

            _fallback.Owe(new OwedAuditLine(actor, $"{type}x{count}/{windowSeconds}s", payloadHash));
        }

        try
        {
            await WriteOwedAuditAsync();
        }
        catch (StorageFaultException) when (!throwIfUnaudited)
        {
            LogAuditOwed(logger);
        }
        catch (StorageFaultException)
        {
            LogAuditOwed(logger);
            throw;
        }
    }

    /// <summary>Writes the owed `PANIC_MODE_ON` line, if any; false when the audit log still refuses it. Never throws.</summary>
    private async Task<bool> TryWriteOwedAuditAsync()
    {
        try
        {
            await WriteOwedAuditAsync();
            return true;
        }
        catch (StorageFaultException)
        {
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogOwedAuditFailed(logger, ex);
            return false;
        }
    }

    private async Task WriteOwedAuditAsync()
    {
        // One writer of the owed line at a time, so it is written once; the gate is never held across the write.
        await _auditGate.WaitAsync();
        try
        {
            OwedAuditLine? line;
            lock (_gate)
            {
                line = _fallback.OwedAudit;
            }

            if (line is not null)
            {
                await audit.OperationAsync(PanicOnOperation, line.Actor, range: line.Range, hash: line.Hash, level: "CRITICAL");
                lock (_gate)
                {
                    if (ReferenceEquals(_fallback.OwedAudit, line))
                    {
                        _fallback.AuditWritten();
                    }
                }
            }
        }
        finally
        {
            _auditGate.Release();
        }
    }

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "Writing the owed lockdown audit line failed; it is tried again on the next event or flush")]
    private static partial void LogOwedAuditFailed(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Critical, Message = "Panic mode ON, held in memory: {Count} unresolved {Type} events within {WindowSeconds} s, and the state store cannot be written; requests without a valid token now get 503, and the flag is written to the store as soon as it can be")]
    private static partial void LogPanicOnHeld(ILogger logger, string type, int count, int windowSeconds);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Critical, Message = "Panic mode ON could not be written to the audit log; it is written there as soon as the audit log can be written")]
    private static partial void LogAuditOwed(ILogger logger);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "The state store can be written again: wrote {Events} security event(s) held in memory (lockdown held in memory: {Lockdown})")]
    private static partial void LogHeldWritten(ILogger logger, long events, bool lockdown);
}
