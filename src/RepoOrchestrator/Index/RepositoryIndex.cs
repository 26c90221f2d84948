using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Index;

/// <summary>The state of one repository's index, as /ui/status and every answer that could use it say it.</summary>
public enum IndexState
{
    Building,
    Ready,
    Failed,
}

/// <summary>
/// The index of one repository: built in the background (or loaded from ORCH_HOME/index and checked), then kept fresh.
/// Freshness has two sources that feed one queue of folders to check: file-system notifications (each event marks the
/// folder of the path it names, and the path itself as a folder) and a full check of the whole repository every
/// ORCH_INDEX_RECHECK_SECONDS, which catches what notifications miss (overflow, file systems without them). Checking a
/// folder walks it with the same walker and rules as the scan, compares each file's stamp (size, mtime, ctime, inode,
/// device) with the index, re-reads what differs, and drops what is gone. A query first runs the pending checks
/// (<see cref="CurrentAsync"/>), and waits for the checks the background is running, so once a change has been
/// notified, no answer misses it.
/// </summary>
internal sealed partial class RepositoryIndex : IDisposable
{
    /// <summary>Changed files kept in memory before the index is rebuilt on disk with them.</summary>
    public const int MaxOverlay = 2_000;

    /// <summary>Pending folders a query checks itself before answering; more, and it answers from the scan while the background catches up.</summary>
    public const int MaxInlineFolders = 64;

    private const string GitIgnoreTooCostly = "its .gitignore rules are too costly to apply to every file; searches scan with the budget instead";

    private readonly IndexEnvironment _env;
    private readonly ILogger _logger;
    private readonly string _file;
    private readonly byte[] _fingerprint;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly Lock _dirtyGate = new();
    private readonly HashSet<string> _shallow = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deep = new(StringComparer.Ordinal);
    private readonly List<string> _checkedDuringRebuild = [];
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stop = new();
    private FileSystemWatcher? _watcher;
    private volatile IndexView? _view;
    private volatile string? _failure;
    private int _failures;
    private bool _rebuilding;
    private int _inflight;
    private bool _inflightWhole;
    private long _lastFullCheck;
    private Task? _loop;

    public RepositoryIndex(string repository, IndexEnvironment env, ILogger logger)
    {
        Repository = repository;
        _env = env;
        _logger = logger;
        _fingerprint = Fingerprint(repository, env.PolicyText);
        _file = Path.Combine(env.Settings.Folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(repository)))[..32] + ".idx");
    }

    /// <summary>The repository's real path.</summary>
    public string Repository { get; }

    public IndexState State => _failure is not null ? IndexState.Failed : _view is null ? IndexState.Building : IndexState.Ready;

    /// <summary>Why the index is not used (when <see cref="State"/> is Failed); never holds a path or file content.</summary>
    public string? Failure => _failure;

    public long? BuildMilliseconds { get; private set; }

    public int Files => _view?.FileCount ?? 0;

    public long DiskBytes => _view?.Base.File.Length ?? 0;

    /// <summary>Starts the background work: watch, load or build, then keep fresh.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>
    /// The view to answer from, after the checks already pending ran (so every notified change is in it), with a
    /// reference on its file that the caller releases (<see cref="IndexLease"/>); null while the index is not ready or
    /// too much is pending (the caller scans, and says so).
    /// </summary>
    public async Task<IndexLease?> CurrentAsync(CancellationToken ct)
    {
        if (_view is null || _failure is not null)
        {
            return null;
        }

        int pending;
        bool whole;
        lock (_dirtyGate)
        {
            // SECURITY of freshness: checks the background has taken but not finished count as pending, so a query
            // never answers from the view those checks are about to replace.
            pending = _shallow.Count + _deep.Count + _inflight;
            whole = _deep.Contains("") || _inflightWhole;
        }

        if (pending > MaxInlineFolders || (pending > 0 && whole))
        {
            return null; // a large change (a checkout, an overflow): the background is on it, the scan answers meanwhile
        }

        if (pending > 0)
        {
            await _refreshGate.WaitAsync(ct);
            try
            {
                RunPending();
            }
            finally
            {
                _refreshGate.Release();
            }
        }

        return _failure is null ? CurrentLease() : null;
    }

    // A lease of the current view, or null when there is none or it is being let go.
    private IndexLease? CurrentLease() => _view is { } view && view.Base.TryAddRef() ? new IndexLease(view) : null;

    /// <summary>Drops the resident pages of the current view's mapped file (after a burst of reads; the view stays in use).</summary>
    public void DropResidentPages()
    {
        using var lease = CurrentLease();
        lease?.View.Base.File.DropResidentPages();
    }

    /// <summary>Marks <paramref name="folder"/> (repository-relative, "" for the whole) for a check.</summary>
    public void MarkDirty(string folder, bool deep)
    {
        lock (_dirtyGate)
        {
            (deep ? _deep : _shallow).Add(folder);
        }

        _wake.Release();
    }

    /// <summary>Stops the background work without waiting for it: a build or a check ends at its next file; <see cref="Dispose"/> waits.</summary>
    public void BeginStop()
    {
        _stop.Cancel();
        _watcher?.Dispose();
    }

    public void Dispose()
    {
        BeginStop();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Stopping: the loop's own failure was logged where it happened.
        }

        // A query may be running pending checks on the view (under the refresh gate) without a lease of its own: the
        // file is released only once it is done, and a query that takes the gate later finds no view.
        var gated = _refreshGate.Wait(TimeSpan.FromSeconds(10));
        try
        {
            var view = _view;
            _view = null;
            view?.Base.Release();
        }
        finally
        {
            if (gated)
            {
                _refreshGate.Release();
            }
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            Watch();
            await RefreshAsync(() => LoadOrBuild(ct), ct);
            _lastFullCheck = _env.Time.GetTimestamp();
            while (!ct.IsCancellationRequested)
            {
                var full = false;
                var due = _env.Settings.Recheck - _env.Time.GetElapsedTime(_lastFullCheck);
                if (due <= TimeSpan.Zero)
                {
                    _lastFullCheck = _env.Time.GetTimestamp();
                    full = true;
                }
                else
                {
                    await _wake.WaitAsync(due, ct);
                    await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, ct); // gather the burst of events one save makes
                }

                if (full && _failure is null)
                {
                    try
                    {
                        Discover(ct);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexCorruptException)
                    {
                        Fail("it could not be written or read (" + ex.GetType().Name + ")");
                    }
                }

                // A failed index is tried again at each full check (not at each event: a full disk or a costly
                // `.gitignore` would otherwise cost a whole build per save); meanwhile every answer is the scan's.
                await RefreshAsync(() =>
                {
                    if (_failure is null)
                    {
                        RunPending();
                    }
                    else if (full)
                    {
                        LoadOrBuild(ct);
                    }
                }, ct);
                if (NeedsRebuild())
                {
                    try
                    {
                        await RebuildAsync(ct);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexCorruptException)
                    {
                        Fail("it could not be written or read (" + ex.GetType().Name + ")");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    // One step of the loop under the refresh gate. A failure to read or write (a full disk, a tampered index folder)
    // fails the index for this step only: the loop goes on, so the next full check tries again.
    private async Task RefreshAsync(Action step, CancellationToken ct)
    {
        try
        {
            await _refreshGate.WaitAsync(ct);
            try
            {
                step();
            }
            finally
            {
                _refreshGate.Release();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexCorruptException)
        {
            Fail("it could not be written or read (" + ex.GetType().Name + ")");
        }
    }

    // Builds when there is no sound index on disk; otherwise loads it and checks every file against it before use. The
    // index answers again (its failure cleared) only once a view of the files as they are now is in place.
    private void LoadOrBuild(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var failures = _failures;
        IndexFile? loaded = null;
        if (File.Exists(_file) || Directory.Exists(_file) || IsLink(_file))
        {
            try
            {
                loaded = IndexFile.Open(_file, _fingerprint);
            }
            catch (Exception ex) when (ex is IndexCorruptException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                LogRebuilding(_logger, ex.Message);
                TryDelete(_file);
            }
        }

        var built = loaded is null;
        if (loaded is null)
        {
            loaded = Build(ct);
            if (loaded is null)
            {
                return;
            }

            Install(new IndexBase(loaded));
        }
        else
        {
            // SECURITY: never trusted: a loaded index is checked in full against the files before it answers anything.
            var view = new IndexView(new IndexBase(loaded), new ulong[(loaded.FileCount + 63) / 64], IndexView.EmptyOverlay);
            var checkedView = Check(view, "", deep: true);
            if (_failures != failures)
            {
                view.Base.Release();
                return;
            }

            var old = _view;
            _view = checkedView ?? view;
            old?.Base.Release();
        }

        _failure = null; // SECURITY: only now: until a checked view is in place a failed index answers nothing
        BuildMilliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (built)
        {
            ReturnBuildMemory();
        }
    }

    private void Install(IndexBase fresh)
    {
        var old = _view;
        _view = new IndexView(fresh, new ulong[(fresh.File.FileCount + 63) / 64], IndexView.EmptyOverlay);
        old?.Base.Release();
    }

    // A full build into a new file; null (and Failed) when the repository cannot be indexed as the scan would walk it.
    private IndexFile? Build(CancellationToken ct)
    {
        CreatePrivateFolder(_env.Settings.Folder);
        var startedNs = IndexEnvironment.FileClockNs();
        var started = Stopwatch.GetTimestamp();
        var writing = TimeSpan.Zero;
        WalkOutcome outcome;
        IndexFile? written = null;
        using (var writer = new IndexFileWriter(_file, _fingerprint, startedNs))
        {
            outcome = _env.Builder.Build(Repository, writer, startedNs, ct);
            if (outcome == WalkOutcome.Done)
            {
                var at = Stopwatch.GetTimestamp();
                written = writer.CompleteAndOpen(); // mapped through the descriptor that wrote it: not read back
                writing += Stopwatch.GetElapsedTime(at);
            }

            var total = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogBuilt(_logger, writer.FileCount, total, (long)writing.TotalMilliseconds);
        }

        if (outcome != WalkOutcome.Done || written is null)
        {
            Fail(outcome == WalkOutcome.FolderUnavailable
                ? "the repository folder could not be opened"
                : GitIgnoreTooCostly);
            return null;
        }

        return written;
    }

    // A build allocates once what no request ever does (the trigram pairs of a shard, a bitmap of every possible trigram
    // per reader, the encoding buffers, the readers' native scratch) and reads the new file back to check it; without
    // this the process would keep that memory committed, and those pages resident, for the rest of its life. Called
    // once the new index answers, so the pause does not delay it.
    private void ReturnBuildMemory()
    {
        DropResidentPages();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        ResidentMemory.TrimNativeHeap();
    }

    // ORCH_HOME/index is 0700 like the home: the index holds what the files hold (their trigrams).
    private static void CreatePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // SECURITY: also when it existed
    }

    private async Task RebuildAsync(CancellationToken ct)
    {
        lock (_dirtyGate)
        {
            _rebuilding = true;
            _checkedDuringRebuild.Clear();
        }

        try
        {
            var started = Stopwatch.GetTimestamp();
            var fresh = await Task.Run(() => Build(ct), ct);
            if (fresh is null)
            {
                return;
            }

            await _refreshGate.WaitAsync(ct);
            try
            {
                Install(new IndexBase(fresh));
                BuildMilliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (_dirtyGate)
                {
                    foreach (var folder in _checkedDuringRebuild)
                    {
                        _deep.Add(folder); // checked against the old index while the new one was written: check again
                    }
                }

                RunPending();
            }
            finally
            {
                _refreshGate.Release();
            }

            ReturnBuildMemory();
        }
        finally
        {
            lock (_dirtyGate)
            {
                _rebuilding = false;
            }
        }
    }

    private bool NeedsRebuild() => _view is { } view && _failure is null
        && view.Overlay.Count + view.RemovedCount > Math.Max(MaxOverlay, view.Base.File.FileCount / 4);

    // Runs every pending check (the caller holds the refresh gate). A folder below one checked in depth is covered by it.
    private void RunPending()
    {
        List<(string Folder, bool Deep)> work;
        lock (_dirtyGate)
        {
            var deep = _deep.OrderBy(f => f, StringComparer.Ordinal).ToList();
            var covering = new List<string>();
            foreach (var folder in deep)
            {
                if (!covering.Any(c => Covers(c, folder)))
                {
                    covering.Add(folder);
                }
            }

            work = [.. covering.Select(f => (f, true)), .. _shallow.Where(f => !covering.Any(c => Covers(c, f))).Select(f => (f, false))];
            _deep.Clear();
            _shallow.Clear();
            _inflight = work.Count;
            _inflightWhole = work.Any(w => w.Deep && w.Folder.Length == 0);
            if (_rebuilding)
            {
                _checkedDuringRebuild.AddRange(work.Select(w => w.Folder));
            }
        }

        try
        {
            foreach (var (folder, deep) in work)
            {
                if (_view is not { } view)
                {
                    return;
                }

                if (Check(view, folder, deep) is { } next)
                {
                    _view = next; // the old view's file stays open while queries hold it: same base, no release
                }
            }
        }
        finally
        {
            lock (_dirtyGate)
            {
                _inflight = 0;
                _inflightWhole = false;
            }
        }
    }

    // The full check, done so that it never holds queries up: it walks the whole repository comparing stamps with the
    // view as it is now, without the refresh gate and without reading a file, and queues the folder of every file that
    // differs or is gone, exactly as a notification would. Queries meanwhile answer from the view, as fresh as before
    // the check (every notified change is in it); the queued folders are then checked like any other: by the next query
    // (up to MaxInlineFolders) or by the background. A view replaced during the walk only makes a folder checked twice.
    private void Discover(CancellationToken ct)
    {
        using var lease = CurrentLease();
        if (lease is null)
        {
            return;
        }

        var view = lease.View;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var differs = new List<string>();
        var outcome = _env.Builder.Walk(
            Repository, "", int.MaxValue,
            mustRead: (path, stamp) =>
            {
                if (Stale(view, path, stamp))
                {
                    differs.Add(path);
                }

                return false;
            },
            onSeen: path => seen.Add(path),
            onRead: _ => { },
            IndexEnvironment.FileClockNs(), ct);
        if (outcome == WalkOutcome.GitIgnoreExhausted)
        {
            Fail(GitIgnoreTooCostly);
            return;
        }

        differs.AddRange(Gone(view, "", int.MaxValue, seen));
        if (differs.Count == 0)
        {
            return;
        }

        lock (_dirtyGate)
        {
            foreach (var path in differs)
            {
                var slash = path.LastIndexOf('/');
                _shallow.Add(slash < 0 ? "" : path[..slash]);
            }
        }
    }

    // Whether a listed file must be read again: unknown to the view, another stamp, or racy (its content not trusted).
    private static bool Stale(IndexView view, string path, FileStamp stamp) =>
        view.Lookup(path) is not { } known || known.Stamp != stamp || (known.Flags & IndexedFileFlags.Racy) != 0;

    // What the view holds below the folder (to the depth) that a walk no longer listed.
    private static IEnumerable<string> Gone(IndexView view, string folder, int maxDepth, HashSet<string> seen) =>
        view.Under(folder, maxDepth).Where(f => !seen.Contains(f.Path)).Select(f => f.Path);

    private static bool Covers(string ancestor, string folder) =>
        ancestor.Length == 0 || folder == ancestor || folder.StartsWith(ancestor + "/", StringComparison.Ordinal);

    // Compares one folder (and with deep, everything below) with the files; a new view when anything differs, null
    // when nothing does or the check failed (then the index is Failed).
    private IndexView? Check(IndexView view, string folder, bool deep)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var read = new List<IndexedFile>();
        var outcome = _env.Builder.Walk(
            Repository, folder, deep ? int.MaxValue : 0,
            mustRead: (path, stamp) => Stale(view, path, stamp),
            onSeen: path => seen.Add(path),
            onRead: read.Add,
            IndexEnvironment.FileClockNs(), _stop.Token);
        if (outcome == WalkOutcome.GitIgnoreExhausted)
        {
            Fail(GitIgnoreTooCostly);
            return null;
        }

        // A folder gone or refused holds nothing: everything indexed below it goes.
        var gone = Gone(view, folder, deep ? int.MaxValue : 0, seen).ToList();
        if (read.Count == 0 && gone.Count == 0)
        {
            return null;
        }

        var removed = (ulong[])view.Removed.Clone();
        var removedCount = view.RemovedCount;
        var overlay = view.Overlay.ToBuilder();
        foreach (var path in gone)
        {
            overlay.Remove(path);
            removedCount += Remove(view, removed, path);
        }

        foreach (var file in read)
        {
            overlay[file.Path] = file;
            removedCount += Remove(view, removed, file.Path);
        }

        return new IndexView(view.Base, removed, overlay.ToImmutable()) { RemovedCount = removedCount };
    }

    private static int Remove(IndexView view, ulong[] removed, string path)
    {
        var id = view.Base.File.Find(path);
        if (id < 0 || (removed[id >> 6] & (1UL << (id & 63))) != 0)
        {
            return 0;
        }

        removed[id >> 6] |= 1UL << (id & 63);
        return 1;
    }

    private void Watch()
    {
        try
        {
            var watcher = new FileSystemWatcher(Repository)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size
                    | NotifyFilters.Attributes | NotifyFilters.CreationTime | NotifyFilters.Security,
                InternalBufferSize = 64 * 1024,
            };
            watcher.Changed += (_, e) => Notified(e.FullPath);
            watcher.Created += (_, e) => Notified(e.FullPath);
            watcher.Deleted += (_, e) => Notified(e.FullPath);
            watcher.Renamed += (_, e) =>
            {
                Notified(e.OldFullPath);
                Notified(e.FullPath);
            };
            watcher.Error += (_, _) => MarkDirty("", deep: true); // overflow: check everything
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            // Too many folders for the notification limit, or none on this file system: the full check every
            // ORCH_INDEX_RECHECK_SECONDS keeps the index fresh alone, and the status says so in the log.
            LogNoWatch(_logger, ex.GetType().Name);
        }
    }

    // One changed path: its folder is checked (files added, changed, removed), and the path itself as a folder (a
    // folder created, removed or renamed). Paths with a dot-name are never indexed, except `.gitignore`, which
    // changes what its folder's subtree holds.
    private void Notified(string fullPath)
    {
        var relative = Path.GetRelativePath(Repository, fullPath).Replace('\\', '/');
        if (relative == "." || relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." || Path.IsPathRooted(relative))
        {
            MarkDirty("", deep: true);
            return;
        }

        var parts = relative.Split('/');
        var parent = string.Join('/', parts[..^1]);
        if (parts[..^1].Any(p => p.StartsWith('.')))
        {
            return;
        }

        if (parts[^1] == ".gitignore")
        {
            MarkDirty(parent, deep: true);
            return;
        }

        if (parts[^1].StartsWith('.'))
        {
            return;
        }

        lock (_dirtyGate)
        {
            _shallow.Add(parent);
            _deep.Add(relative);
        }

        _wake.Release();
    }

    private void Fail(string reason)
    {
        Interlocked.Increment(ref _failures);
        _failure = reason;
        LogFailed(_logger, reason);
    }

    private static bool IsLink(string path)
    {
        try
        {
            return LinuxFileStatus.LStat(path).Kind == FileKind.SymbolicLink;
        }
        catch (IOException)
        {
            return false;
        }
    }

    // Whatever is at the index's path goes (a file, a FIFO, a link: never followed); a folder put there stays, and
    // the build's move onto it fails the index (answers scan) until it is gone.
    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Replaced by the next build's move anyway.
        }
    }

    private static byte[] Fingerprint(string repository, string policy)
    {
        var identity = SafeIdentity(repository);
        return SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', "index", IndexFile.FormatVersion, repository, identity, policy)));
    }

    private static string SafeIdentity(string repository)
    {
        try
        {
            var id = LinuxFileStatus.LStat(repository);
            return $"{id.Device}:{id.Inode}";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Rebuilding a repository index: {Reason}")]
    private static partial void LogRebuilding(ILogger logger, string reason);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Information, Message = "Indexed {Files} files in {Milliseconds} ms ({WritingMilliseconds} ms of it writing the index).")]
    private static partial void LogBuilt(ILogger logger, int files, long milliseconds, long writingMilliseconds);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "A repository index is not used: {Reason}. Searches and listings scan the files.")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "File-system notifications are not available for a repository ({Kind}); its index is checked in full every ORCH_INDEX_RECHECK_SECONDS only.")]
    private static partial void LogNoWatch(ILogger logger, string kind);
}

/// <summary>A view held by one query; disposing it lets its index file close once a rebuild has replaced it.</summary>
internal sealed class IndexLease(IndexView view) : IDisposable
{
    private int _released;

    public IndexView View { get; } = view;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            View.Base.Release();
        }
    }
}
