using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Snapshots;

/// <summary>
/// Removes a snapshot by overwriting its bytes with zeros, flushing them to disk, and only then unlinking it, so
/// the copy of the file does not linger in free disk blocks. Anything that is not a regular file (a link
/// planted in the folder) is unlinked without being opened: its target is never touched.
/// </summary>
public static class SnapshotShredder
{
    private static readonly byte[] Zeros = new byte[64 * 1024];

    public static void Shred(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var kind = SafeFileAccess.GetKind(path);
        if (kind == FileKind.Missing)
        {
            return;
        }

        if (kind == FileKind.Regular)
        {
            ZeroFill(path);
        }

        File.Delete(path);
    }

    /// <summary>Overwrites every byte of the file with zeros and flushes to disk; the length stays the same.</summary>
    public static void ZeroFill(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
#pragma warning disable RS0030 // owner: the snapshot store owns .orch_snapshots
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
#pragma warning restore RS0030
        var remaining = stream.Length;
        while (remaining > 0)
        {
            var count = (int)Math.Min(remaining, Zeros.Length);
            stream.Write(Zeros, 0, count);
            remaining -= count;
        }

        stream.Flush(flushToDisk: true);
    }
}
