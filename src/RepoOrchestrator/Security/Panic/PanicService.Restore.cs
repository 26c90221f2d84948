using RepoOrchestrator.Errors;
using RepoOrchestrator.State;

namespace RepoOrchestrator.Security.Panic;

/// <summary>Lockdown taken back from the audit log at start-up when the store does not hold it (lost, or kept from recording it).</summary>
public sealed partial class PanicService
{
    /// <summary>
    /// At start-up: when the audit log's last lockdown line is `PANIC_MODE_ON` and the store has no lockdown flag at
    /// all (a new, emptied or deleted store), or its flag is off from a clear older than that line (lockdown was held in
    /// memory while the store could not be written, and the service stopped before it could be), lockdown is turned
    /// back on (logged and audited), so neither losing the store nor a full one silently clears it. A clear newer than
    /// the line wins (its own `PANIC_CLEARED` line may have failed). Returns true when it did.
    /// <paramref name="lastLockdownLine"/> is that audit line.
    /// </summary>
    public async Task<bool> RestoreFromAuditAsync(string? lastLockdownLine)
    {
        if (lastLockdownLine is null || !lastLockdownLine.Contains("| OP:" + PanicOnOperation + " |", StringComparison.Ordinal))
        {
            return false;
        }

        var since = lastLockdownLine.Split(" | ", 2)[0];
        bool restored;
        try
        {
            restored = store.Write((c, t) =>
            {
                if (!AuditLineWins(ReadSetting(c, PanicSettingKey, t), ReadSetting(c, PanicClearedAtSettingKey, t), since))
                {
                    return false;
                }
    
                StateStore.SetSetting(c, t, PanicSettingKey, "1"); // SECURITY: a lost store does not clear lockdown
                StateStore.SetSetting(c, t, PanicSinceSettingKey, since);
                return true;
            });
        }
        catch (StorageFaultException) when (AuditLineWinsOverReadableStore(since))
        {
            // SECURITY: the store cannot be written: lockdown is held in memory and written to it as soon as it can.
            lock (_gate)
            {
                _fallback.Hold(since);
            }

            restored = true;
        }

        if (restored)
        {
            LogRestored(logger, since);
            try
            {
                await audit.OperationAsync(PanicOnOperation, "system", range: "restored-from-audit-log", level: "CRITICAL");
            }
            catch (StorageFaultException)
            {
                LogAuditOwed(logger); // the line it restored from is there already; lockdown is on either way
            }
        }

        return restored;
    }

    /// <summary>
    /// The store knows its own state (flag on, or off by a clear newer than the line), unless it has no flag at all or
    /// the audit log turned lockdown on after its last clear. Timestamps are ISO-8601 UTC of one format: ordinal order is time order.
    /// </summary>
    private static bool AuditLineWins(string? flag, string? clearedAt, string since) =>
        flag is null || (!string.Equals(flag, "1", StringComparison.Ordinal) && clearedAt is not null && string.CompareOrdinal(since, clearedAt) > 0);

    private bool AuditLineWinsOverReadableStore(string since)
    {
        try
        {
            return store.Read(c => AuditLineWins(ReadSetting(c, PanicSettingKey), ReadSetting(c, PanicClearedAtSettingKey), since));
        }
        catch (StorageFaultException)
        {
            return true; // SECURITY: a store that cannot even be read does not clear lockdown
        }
    }

    /// <summary>Whether the store's lockdown flag is on (false when absent: a new, emptied or deleted store).</summary>
    public bool StoredLockdownOn() => string.Equals(store.GetSetting(PanicSettingKey), "1", StringComparison.Ordinal);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Critical, Message = "Panic mode ON (restored): the state store had no lockdown flag on (or only one cleared before it) and the audit log's last lockdown line, of {Since}, turned it on; clear it with 'panic clear' if that is over")]
    private static partial void LogRestored(ILogger logger, string since);
}
