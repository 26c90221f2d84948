namespace RepoOrchestrator.Audit;

/// <summary>
/// Group commit for the audit log: every caller hands in its line and returns only once that line is written
/// and flushed to disk, but when several requests append at the same moment one of them (the leader) writes
/// all the lines waiting at that time in one write and one flush, instead of one flush each. The flush to
/// disk is the expensive part of an append, so under concurrent reads this multiplies the audited read rate
/// without weakening the guarantee: no caller returns before its own line is durable, and when a write fails
/// every caller whose line was in it gets an exception (and must fail its request).
/// </summary>
internal sealed class GroupCommit<T>(Action<IReadOnlyList<T>> writeBatch)
{
    private readonly Lock _queueGate = new();
    private readonly Lock _writeGate = new();
    private List<Entry> _queue = [];

    /// <summary>Lines handed in and not yet taken by a leader (for tests and diagnostics).</summary>
    internal int Waiting
    {
        get
        {
            lock (_queueGate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Returns when <paramref name="item"/> has been written by <c>writeBatch</c>; throws when that write failed.</summary>
    public void Submit(T item)
    {
        var entry = new Entry(item);
        lock (_queueGate)
        {
            _queue.Add(entry);
        }

        lock (_writeGate)
        {
            if (!entry.Completed)
            {
                List<Entry> batch;
                lock (_queueGate)
                {
                    (batch, _queue) = (_queue, []);
                }

                var items = new T[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    items[i] = batch[i].Item;
                }

                try
                {
                    writeBatch(items);
                }
                catch (Exception ex)
                {
                    Complete(batch, ex);
                    throw; // the leader gets the original failure
                }

                Complete(batch, null);
            }
        }

        if (entry.Failure is { } failure)
        {
            // SECURITY: a line that was not written fails its caller too: nothing is served unaudited.
            throw new IOException($"The audit line could not be written: {failure.Message}", failure);
        }
    }

    private static void Complete(List<Entry> batch, Exception? failure)
    {
        foreach (var e in batch)
        {
            e.Failure = failure;
            e.Completed = true;
        }
    }

    /// <summary>One waiting line; its fields change only under the write gate.</summary>
    private sealed class Entry(T item)
    {
        public T Item { get; } = item;

        public bool Completed { get; set; }

        public Exception? Failure { get; set; }
    }
}
