namespace RepoOrchestrator.Audit;

/// <summary>
/// Group commit for the audit log: every caller hands in its line and is released only once that line is
/// written, but lines that arrive while a write is in progress are written together by the next write
/// instead of one write each. No caller is released before its own line is written, and when a write fails
/// every caller whose line was in it gets an exception (and must fail its request). Waiting is asynchronous
/// (there is no blocking submit), so a burst of requests waiting for one write holds no threads, and the write
/// itself may wait asynchronously (for the audit file's lock).
/// </summary>
internal sealed class GroupCommit<T>(Func<IReadOnlyList<T>, ValueTask> writeBatch)
{
    private readonly Lock _gate = new();
    private List<Entry> _queue = [];
    private bool _writing;

    /// <summary>Lines handed in and not yet taken by a writer (for tests and diagnostics).</summary>
    internal int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Completes when <paramref name="item"/> has been written; faults when that write failed. When no write is in
    /// progress the caller writes at once, on its own thread (so an uncontended append costs no thread switch); the
    /// write never throws here: its failure faults the returned task.
    /// </summary>
    public Task SubmitAsync(T item)
    {
        var entry = new Entry(item);
        bool lead;
        lock (_gate)
        {
            _queue.Add(entry);
            lead = !_writing;
            _writing = true;
        }

        if (lead)
        {
            _ = WriteWaitingAsync(entry); // never faults: every failure goes to the entries' tasks
        }

        return entry.Done.Task;
    }

    /// <summary>
    /// Writes every waiting line as one batch. Lines that arrived during that write are handed to a pool thread,
    /// so the caller that wrote is released as soon as its own line is written.
    /// </summary>
    private async Task WriteWaitingAsync(Entry? writer)
    {
        List<Entry> batch;
        lock (_gate)
        {
            (batch, _queue) = (_queue, []);
        }

        var items = new T[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            items[i] = batch[i].Item;
        }

        Exception? failure = null;
        try
        {
            await writeBatch(items).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        foreach (var e in batch)
        {
            if (failure is null)
            {
                e.Done.TrySetResult();
            }
            else
            {
                // SECURITY: a line that was not written fails its caller too: nothing is served unaudited.
                e.Done.TrySetException(ReferenceEquals(e, writer)
                    ? failure
                    : failure is Errors.StorageFaultException fault
                        ? fault.ForAnotherCaller()
                        : new IOException($"The audit line could not be written: {failure.Message}", failure));
            }
        }

        lock (_gate)
        {
            if (_queue.Count == 0)
            {
                _writing = false;
                return;
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(static self => _ = self.WriteWaitingAsync(null), this, preferLocal: false);
    }

    /// <summary>One waiting line and the signal that releases its caller.</summary>
    private sealed class Entry(T item)
    {
        public T Item { get; } = item;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
