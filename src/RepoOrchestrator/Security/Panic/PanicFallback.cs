namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// What the state store could not record while it was full or unwritable, held in memory until it can: the security
/// events (aggregated and bounded like the table), a lockdown turned on meanwhile, and a `PANIC_MODE_ON` audit line
/// the audit log refused. <see cref="PanicService"/> adds the held events to the stored count, so the threshold stays
/// exact whichever file filled up, and writes everything to the store in the transaction of its next successful
/// write, then forgets it, so nothing counts twice. Not thread-safe: <see cref="PanicService"/> holds its gate around
/// every use except the volatile reads of <see cref="HeldSince"/> and <see cref="HasWork"/>.
/// </summary>
internal sealed class PanicFallback
{
    private readonly List<HeldEvent> _events = []; // oldest first
    private volatile string? _heldSince;
    private volatile bool _hasWork;

    /// <summary>When lockdown was turned on without the store recording it (ISO-8601 UTC), or null.</summary>
    public string? HeldSince => _heldSince;

    /// <summary>The `PANIC_MODE_ON` line the audit log refused, still to be written, or null.</summary>
    public OwedAuditLine? OwedAudit { get; private set; }

    /// <summary>True while anything is held: events, a lockdown or an audit line.</summary>
    public bool HasWork => _hasWork;

    public IReadOnlyList<HeldEvent> Events => _events;

    /// <summary>
    /// Holds one event at <paramref name="tsMs"/>: adds to the held row of the same type, reason, hash and client begun
    /// less than <see cref="SecurityEventTable.AggregateMs"/> before (when <paramref name="client"/> is set, as the
    /// table does), drops events past <see cref="PanicService.Retention"/>, keeps at most <see cref="SecurityEventTable.MaxRows"/> rows.
    /// </summary>
    public void Add(long tsMs, string type, string reason, string payloadHash, string actor, string? correlationId, string? client)
    {
        _events.RemoveAll(e => e.TsMs < tsMs - (long)PanicService.Retention.TotalMilliseconds);
        if (client is not null
            && _events.FindLast(e => e.Type == type && e.PayloadHash == payloadHash && e.Client == client && e.Reason == reason) is { } recent
            && recent.TsMs > tsMs - SecurityEventTable.AggregateMs)
        {
            recent.Count++;
        }
        else
        {
            _events.Add(new HeldEvent(tsMs, type, reason, payloadHash, actor, correlationId, client ?? ""));
        }

        // SECURITY: memory is bounded whatever a flood sends while the disk is full (the table's own bound).
        if (_events.Count > SecurityEventTable.MaxRows)
        {
            _events.RemoveRange(0, _events.Count - SecurityEventTable.MaxRows);
        }

        Update();
    }

    /// <summary>Held events of <paramref name="type"/> newer than <paramref name="afterMs"/> (exclusive), as the table counts.</summary>
    public int CountSince(string type, long afterMs) =>
        (int)Math.Min(int.MaxValue, _events.Where(e => e.Type == type && e.TsMs > afterMs).Sum(e => e.Count));

    public long Count => _events.Sum(e => e.Count);

    public void Hold(string since)
    {
        _heldSince = since;
        Update();
    }

    public void Owe(OwedAuditLine line)
    {
        OwedAudit = line;
        Update();
    }

    public void AuditWritten()
    {
        OwedAudit = null;
        Update();
    }

    /// <summary>The store committed every held event and the held lockdown: forget them (the store counts them from now on).</summary>
    public void Recorded()
    {
        _events.Clear();
        _heldSince = null;
        Update();
    }

    private void Update() => _hasWork = _events.Count > 0 || _heldSince is not null || OwedAudit is not null;
}

/// <summary>One held security event row; <see cref="Count"/> identical events from one client within a second.</summary>
internal sealed class HeldEvent(long tsMs, string type, string reason, string payloadHash, string actor, string? correlationId, string client)
{
    public long TsMs { get; } = tsMs;

    public string Type { get; } = type;

    public string Reason { get; } = reason;

    public string PayloadHash { get; } = payloadHash;

    public string Actor { get; } = actor;

    public string? CorrelationId { get; } = correlationId;

    public string Client { get; } = client;

    public long Count { get; set; } = 1;
}

/// <summary>The fields of a `PANIC_MODE_ON` audit line that could not be written yet.</summary>
internal sealed record OwedAuditLine(string Actor, string Range, string Hash);
