using System.Collections.Concurrent;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Snapshots;
using RepoOrchestrator.State;

namespace RepoOrchestrator.Storage;

/// <summary>
/// Whether the state store, the audit log and the snapshot folder are usable, for `/health`. Cheap while all is
/// well (a stat of each part and one `PRAGMA data_version`), and the answer is kept for a second, so probes
/// cost no I/O per request. A part a request found failing (<see cref="Report"/>) is probed the way it failed
/// (a small write, or `quick_check` for a corrupt store) until it works again: recovery needs no restart.
/// </summary>
public sealed partial class StorageHealth(
    StateStore store,
    AuditLog audit,
    SnapshotStore snapshots,
    TimeProvider time,
    ILogger<StorageHealth> logger) : IStorageFaultObserver
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<StoragePart, StorageFaultException> _known = new();
    private readonly Lock _gate = new();
    private long _checkedAt;
    private bool _checked;
    private StorageFaultException? _current;

    /// <summary>A request met <paramref name="fault"/>: /health reports it from now on until the part works again.</summary>
    public void Report(StorageFaultException fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (_known.TryAdd(fault.Part, fault))
        {
            LogFailing(logger, StorageFaultException.NameOf(fault.Part), fault.Detail);
        }

        lock (_gate)
        {
            _checked = false;
        }
    }

    /// <summary>The first failing part, or null when all three are usable (re-checked at most once per <see cref="CacheFor"/>).</summary>
    public StorageFaultException? Current()
    {
        lock (_gate)
        {
            if (_checked && time.GetElapsedTime(_checkedAt) < CacheFor)
            {
                return _current;
            }

            _current = Check();
            _checkedAt = time.GetTimestamp();
            _checked = true;
            return _current;
        }
    }

    private StorageFaultException? Check()
    {
        StorageFaultException? first = null;
        foreach (var part in new[] { StoragePart.StateStore, StoragePart.AuditLog, StoragePart.SnapshotFolder })
        {
            _known.TryGetValue(part, out var known);
            var fault = Probe(part, known);
            if (fault is null)
            {
                if (known is not null && _known.TryRemove(new KeyValuePair<StoragePart, StorageFaultException>(part, known)))
                {
                    LogRecovered(logger, StorageFaultException.NameOf(part));
                }

                continue;
            }

            _known[part] = fault;
            first ??= fault;
        }

        return first;
    }

    private StorageFaultException? Probe(StoragePart part, StorageFaultException? known)
    {
        try
        {
            switch (part)
            {
                case StoragePart.StateStore:
                    store.Probe(known);
                    break;
                case StoragePart.AuditLog:
                    audit.Probe(write: known is not null);
                    break;
                default:
                    snapshots.Probe(write: known is not null);
                    break;
            }

            return null;
        }
        catch (StorageFaultException fault)
        {
            return fault;
        }
        catch (Exception ex) when (StorageFaultException.IsStorageError(ex))
        {
            return StorageFaultException.From(part, ex);
        }
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "Storage failing: {Part}: {Detail} /health answers 503 until it works again")]
    private static partial void LogFailing(ILogger logger, string part, string detail);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Storage recovered: {Part} works again")]
    private static partial void LogRecovered(ILogger logger, string part);
}
