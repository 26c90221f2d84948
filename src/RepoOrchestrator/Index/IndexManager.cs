using RepoOrchestrator.Configuration;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Index;

/// <summary>
/// The indexes of the repositories being read: the active one is indexed as soon as it is selected (checked every
/// second, so a selection by the command-line tool counts too), and any other repository a token reads with `repo`
/// the first time it is searched or listed. At most <see cref="MaxIndexes"/> are kept open (the least recently used
/// is closed; its file stays on disk and is checked again when next opened).
/// </summary>
public sealed partial class IndexManager : BackgroundService
{
    public const int MaxIndexes = 4;

    private readonly IndexSettings _settings;
    private readonly RepositoryService _repositories;
    private readonly ILogger<IndexManager> _logger;
    private readonly Lazy<IndexEnvironment> _env;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (RepositoryIndex Index, long LastUsed)> _open = new(StringComparer.Ordinal);
    private readonly ReadBurstRelease _burst = new();
    private Task _closing = Task.CompletedTask;
    private long _clock;
    private int _releases;
    private bool _stopped;

    public IndexManager(
        IndexSettings settings, ReadLimits limits, PathPolicy policy, ServiceFilePaths serviceFiles, RepositoryService repositories,
        RepositoryWalker walker, PathGuard guard, ServedFileRule servedFiles, Lazy<ITextRedactor> redactor, TimeProvider time,
        IHostApplicationLifetime lifetime, ILogger<IndexManager> logger)
    {
        _lifetime = lifetime;
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(redactor);
        _settings = settings;
        _repositories = repositories;
        _logger = logger;
        var policyText = string.Join('\n',
            string.Join(',', policy.AllowedExtensions.Order(StringComparer.Ordinal)),
            string.Join(',', policy.DeniedExtensions.Order(StringComparer.Ordinal)),
            string.Join(',', policy.DeniedDirs.Order(StringComparer.Ordinal)),
            policy.AllowHardLinks, limits.MaxFileBytes, serviceFiles);
        // Made on first use: the redactor (its rules file) is checked at start-up by its own hosted service, which
        // reports a broken file; resolving it while hosted services are being made would fail start-up before that.
        _env = new Lazy<IndexEnvironment>(() => new IndexEnvironment(
            settings,
            time,
            new IndexBuilder(walker, guard, new FileIndexer(limits.MaxFileBytes, servedFiles, redactor.Value)),
            policyText + "\n" + redactor.Value.RulesFingerprint)); // the trigrams are of redacted text
    }

    /// <summary>Whether indexes are kept at all (ORCH_INDEX) on this system (Linux: stamps come from statx).</summary>
    public bool Enabled => _settings.Enabled && OperatingSystem.IsLinux();

    /// <summary>The index of <paramref name="repository"/> (a real path the caller resolved), opened and started when new; null when indexes are off.</summary>
    internal RepositoryIndex? For(string repository)
    {
        if (!Enabled)
        {
            return null;
        }

        RepositoryIndex? evicted = null;
        RepositoryIndex index;
        lock (_gate)
        {
            if (_stopped)
            {
                return null;
            }

            if (_open.TryGetValue(repository, out var known))
            {
                _open[repository] = (known.Index, ++_clock);
                return known.Index;
            }

            if (_open.Count >= MaxIndexes)
            {
                var oldest = _open.MinBy(e => e.Value.LastUsed);
                evicted = oldest.Value.Index;
                _open.Remove(oldest.Key);
            }

            index = new RepositoryIndex(repository, _env.Value, _logger);
            _open[repository] = (index, ++_clock);
        }

        if (evicted is not null)
        {
            Close(evicted);
        }

        index.Start();
        return index;
    }

    // An index let go is closed off the caller's thread: closing waits for its background step and for a query running
    // its pending checks (up to 10 s each), and the request that opened another repository must not wait for that. Its
    // work is stopped at once; the waits run one after another on one pool thread, so a caller cycling through
    // repositories never holds more than one thread waiting. Once StopAsync has taken the chain to wait for, a late
    // eviction is closed here and now instead, so none outlives the stop.
    private void Close(RepositoryIndex index)
    {
        index.BeginStop();
        lock (_gate)
        {
            if (!_stopped)
            {
                _closing = _closing.ContinueWith(_ => index.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                return;
            }
        }

        index.Dispose();
    }

    /// <summary>A search or tree request is being answered (<see cref="ReadBurstRelease"/>).</summary>
    internal void NoteReadWork() => _burst.NoteWork();

    /// <summary>What /ui/status shows for the active repository's index.</summary>
    public IndexStatus Status()
    {
        if (!Enabled)
        {
            return new IndexStatus("off", 0, 0, null);
        }

        if (!_repositories.Active().TryGet(out var active, out _))
        {
            return new IndexStatus("none", 0, 0, null);
        }

        var index = For(active);
        return index is null
            ? new IndexStatus("off", 0, 0, null)
            : new IndexStatus(index.State.ToString().ToLowerInvariant(), index.Files, index.DiskBytes, index.BuildMilliseconds) { Reason = index.Failure };
    }

    /// <summary>How many times the memory a burst of search and tree work left behind was handed back.</summary>
    internal int Releases => Volatile.Read(ref _releases);

    // The loop runs with indexes off too: a scan leaves as much behind as a query through the index (more: every file
    // of the repository is read), and the release after a burst is the same.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), TimeProvider.System);
        try
        {
            // Only once the host has started: a host that refuses to start (a bad setting found by a later start-up
            // check) indexes nothing.
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
            {
                await started.Task;
            }

            do
            {
                try
                {
                    if (Enabled && _repositories.Active().TryGet(out var active, out _))
                    {
                        For(active); // the active repository is indexed in the background as soon as it is selected
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    LogActiveUnknown(_logger, ex.GetType().Name); // the state store is unreadable: reads say so themselves
                }

                ReleaseAfterBurst();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    // Once a burst of search and tree work has ended: the index pages it touched, then a compacting collection that
    // also decommits the heap's free regions, then the C heap's free pages. Answers are unchanged (the pages are read
    // again from the page cache when next needed); the cost is one pause of a few ms per burst.
    private void ReleaseAfterBurst()
    {
        if (!_burst.Due(GC.GetTotalAllocatedBytes()))
        {
            return;
        }

        List<RepositoryIndex> open;
        lock (_gate)
        {
            open = [.. _open.Values.Select(v => v.Index)];
        }

        foreach (var index in open)
        {
            index.DropResidentPages();
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        ResidentMemory.TrimNativeHeap();
        Interlocked.Increment(ref _releases);
    }

    public override void Dispose()
    {
        if (_env.IsValueCreated)
        {
            _env.Value.Builder.Dispose();
        }

        base.Dispose();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        List<RepositoryIndex> open;
        Task closing;
        lock (_gate)
        {
            _stopped = true;
            open = [.. _open.Values.Select(v => v.Index)];
            _open.Clear();
            closing = _closing;
        }

        foreach (var index in open)
        {
            index.Dispose();
        }

        await closing; // the builder they may still be using is disposed after this
    }

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "The active repository could not be read to index it ({Kind}).")]
    private static partial void LogActiveUnknown(ILogger logger, string kind);
}

/// <summary>The active repository's index as /ui/status shows it (its `index_*` fields).</summary>
public sealed record IndexStatus(string State, int Files, long DiskBytes, long? BuildMs)
{
    /// <summary>Why it is not used, when failed.</summary>
    public string? Reason { get; init; }
}
