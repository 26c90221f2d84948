using System.Collections.Concurrent;
using System.Security.Cryptography;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Snapshots;

/// <summary>
/// The snapshot folder (`&lt;home&gt;/.orch_snapshots`, mode 0700). Snapshots are content-addressed: the file
/// name is the SHA-256 of the bytes, so identical content is stored once and a read event points at the copy
/// of exactly the bytes it served. A new snapshot is written to a unique temp file and renamed into place, so a
/// concurrent reader never sees half a snapshot. Each snapshot has its own lock (never a global one during I/O),
/// which also orders a read's refresh against the sweeper's removal: a snapshot a read just used is never
/// deleted under it. Last use is tracked against the injected clock and mirrored in the file's mtime, so
/// snapshots left from before a restart expire by their mtime.
/// </summary>
public sealed partial class SnapshotStore(SnapshotSettings settings, TimeProvider time, ILogger<SnapshotStore> logger)
{
    public const string TempPrefix = ".tmp-";
    private static readonly TimeSpan MirrorInterval = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private volatile bool _folderReady;

    public string Folder => settings.Folder;

    public TimeSpan Ttl => TimeSpan.FromSeconds(settings.TtlSeconds);

    /// <summary>
    /// For /health: the snapshot folder is not a file or a link, and, when <paramref name="write"/> (it is known to
    /// be failing), a small file can be written in it. Throws the <see cref="StorageFaultException"/> a read would get.
    /// </summary>
    public void Probe(bool write)
    {
        var info = new DirectoryInfo(Folder);
        if (info.LinkTarget is not null || File.Exists(Folder))
        {
            throw StorageFaultException.Of(StoragePart.SnapshotFolder, StorageFaultCause.NotAFolder);
        }

        if (!write || !info.Exists)
        {
            return;
        }

        try
        {
            BeforeWrite?.Invoke();
            HomeFiles.ProbeWrite(Folder);
        }
        catch (Exception ex) when (StorageFaultException.IsStorageError(ex))
        {
            throw StorageFaultException.From(StoragePart.SnapshotFolder, ex);
        }
    }

    /// <summary>Test seam: runs before a snapshot is written, where a test throws the I/O error a full disk would.</summary>
    internal Action? BeforeWrite { get; set; }

    /// <summary>
    /// Stores (or refreshes) the snapshot of <paramref name="content"/> and returns where it is; a snapshot that cannot
    /// be written is a <see cref="StorageFaultException"/> (the read is refused, never served without its copy).
    /// </summary>
    public SnapshotRef Store(ReadOnlySpan<byte> content)
    {
        try
        {
            return StoreCore(content);
        }
        catch (Exception ex) when (StorageFaultException.IsStorageError(ex))
        {
            throw StorageFaultException.From(StoragePart.SnapshotFolder, ex);
        }
    }

    private SnapshotRef StoreCore(ReadOnlySpan<byte> content)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(content));
        var path = Path.Join(Folder, id);
        while (true)
        {
            var entry = _entries.GetOrAdd(id, static _ => new Entry(DateTimeOffset.MinValue));
            lock (entry.Gate)
            {
                if (entry.Removed)
                {
                    continue; // the sweeper took this one a moment ago: start a fresh entry
                }

                var now = time.GetUtcNow();
                entry.LastUsed = now;
                if (IsIntactCopy(path, content.Length))
                {
                    // The file's mtime mirrors last use for expiry after a restart; refreshing it once a second is
                    // enough for that (a TTL counts whole seconds) and saves a metadata write on every re-read.
                    if (now - entry.MirroredAt >= MirrorInterval)
                    {
                        File.SetLastWriteTimeUtc(path, now.UtcDateTime);
                        entry.MirroredAt = now;
                    }
                }
                else
                {
                    WriteAtomically(path, content, now);
                    entry.MirroredAt = now;
                }

                return new SnapshotRef(id, path);
            }
        }
    }

    /// <summary>The snapshot file is there as a regular file (not a link) of the expected length: one lstat on Linux.</summary>
    private static bool IsIntactCopy(string path, int length)
    {
        if (OperatingSystem.IsLinux())
        {
            var status = Security.Paths.LinuxFileStatus.LStat(path);
            return status.Kind == Security.Paths.FileKind.Regular && status.Size == length;
        }

        var existing = new FileInfo(path);
        return existing.Exists && existing.Length == length && existing.LinkTarget is null;
    }

    /// <summary>Shreds every snapshot unused for longer than ORCH_SNAPSHOT_TTL (and stale temp files); returns how many.</summary>
    public int Sweep(CancellationToken cancellationToken = default)
    {
        var removed = 0;
        var folder = new DirectoryInfo(Folder);
        var names = new HashSet<string>(_entries.Keys, StringComparer.Ordinal);
        if (folder.Exists && folder.LinkTarget is null)
        {
            foreach (var file in folder.EnumerateFiles())
            {
                names.Add(file.Name);
            }
        }

        var now = time.GetUtcNow();
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                removed += IsSnapshotId(name) ? (SweepSnapshot(name, now) ? 1 : 0) : SweepOther(name, now);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogSweepFailed(logger, name, ex.GetType().Name); // try again at the next sweep
            }
        }

        return removed;
    }

    private bool SweepSnapshot(string id, DateTimeOffset now)
    {
        var path = Path.Join(Folder, id);
        var entry = _entries.GetOrAdd(id, static (_, p) => new Entry(LastWrite(p)), path);
        lock (entry.Gate)
        {
            if (entry.Removed || now - entry.LastUsed <= Ttl)
            {
                return false;
            }

            entry.Removed = true;
            _entries.TryRemove(new KeyValuePair<string, Entry>(id, entry));
            var existed = File.Exists(path) || new FileInfo(path).LinkTarget is not null;
            SnapshotShredder.Shred(path);
            return existed;
        }
    }

    /// <summary>Temp files left by a crash mid-write, once older than the TTL; other names are not ours to touch.</summary>
    private int SweepOther(string name, DateTimeOffset now)
    {
        var path = Path.Join(Folder, name);
        if (!name.StartsWith(TempPrefix, StringComparison.Ordinal) || now - LastWrite(path) <= Ttl)
        {
            return 0;
        }

        SnapshotShredder.Shred(path);
        return 1;
    }

    private void WriteAtomically(string path, ReadOnlySpan<byte> content, DateTimeOffset now)
    {
        EnsureFolder();
        BeforeWrite?.Invoke();
        var temp = Path.Join(Folder, TempPrefix + Guid.NewGuid().ToString("N"));
        var fileOptions = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            // No PreallocationSize: on a full disk .NET reports a failed preallocation without its errno, and a
            // full disk must be recognised (507) like every other write's ENOSPC. One write fills the file anyway.
        };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // SECURITY: snapshots are private
        }

        try
        {
#pragma warning disable RS0030 // owner: the snapshot store owns .orch_snapshots
            using (var stream = new FileStream(temp, fileOptions))
#pragma warning restore RS0030
            {
                stream.Write(content);
            }

            File.SetLastWriteTimeUtc(temp, now.UtcDateTime);
            File.Move(temp, path, overwrite: true); // atomic rename: readers see nothing or the whole snapshot
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private void EnsureFolder()
    {
        if (_folderReady && Directory.Exists(Folder))
        {
            return;
        }

        var info = new DirectoryInfo(Folder);
        if (info.LinkTarget is not null || File.Exists(Folder))
        {
            // SECURITY: never write unredacted copies through a link planted in place of the folder.
            throw StorageFaultException.Of(StoragePart.SnapshotFolder, StorageFaultCause.NotAFolder);
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Folder);
        }
        else
        {
            const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Directory.CreateDirectory(Folder, OwnerOnly);
            if (File.GetUnixFileMode(Folder) != OwnerOnly)
            {
                File.SetUnixFileMode(Folder, OwnerOnly); // SECURITY: mode 0700 even when the folder pre-existed
            }
        }

        _folderReady = true;
    }

    private static bool IsSnapshotId(string name) => name.Length == 64 && name.All(char.IsAsciiHexDigitLower);

    private static DateTimeOffset LastWrite(string path) => new(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "Could not remove snapshot file {Name} ({Error}); will retry")]
    private static partial void LogSweepFailed(ILogger logger, string name, string error);

    /// <summary>Per-snapshot state; <see cref="Gate"/> orders a read's refresh against the sweeper.</summary>
    private sealed class Entry(DateTimeOffset lastUsed)
    {
        public Lock Gate { get; } = new();

        public DateTimeOffset LastUsed { get; set; } = lastUsed;

        /// <summary>When the file's mtime was last set to <see cref="LastUsed"/>.</summary>
        public DateTimeOffset MirroredAt { get; set; } = DateTimeOffset.MinValue;

        public bool Removed { get; set; }
    }
}
