using RepoOrchestrator.Files;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Index;

/// <summary>
/// Reads one walked file for the index exactly as the scan would: opened only through <see cref="SafeFileAccess"/>
/// relative to the folder the walk holds (never a link, FIFO, socket or device; the serving rule refuses hard links
/// and the service's own files), skipped over ORCH_MAX_FILE_BYTES, binary files recognised by the same test. The
/// stamp comes from the opened descriptor, so it describes the bytes that were read.
/// </summary>
internal sealed class FileIndexer(long maxFileBytes, ServedFileRule servedFiles)
{
    /// <summary>A file whose times are this close to the moment it was read may change again within the same clock tick unseen.</summary>
    public static readonly long RacyWindowNs = 2_000_000_000;

    public IndexedFile Index(WalkedFile file, TrigramExtractor extractor, long nowNs)
    {
        try
        {
            using var handle = SafeFileAccess.OpenRegular(file.FolderHandle, file.Folder, file.Name, servedFiles, out var length);
            var identity = LinuxFileStatus.FStat(handle);
            var stamp = new FileStamp(identity.Size, identity.ModifiedNs, identity.ChangedNs, identity.Inode, identity.Device);
            var racy = IsRacy(stamp, nowNs) ? IndexedFileFlags.Racy : IndexedFileFlags.None;
            if (length > maxFileBytes)
            {
                return new IndexedFile(file.RelativePath, stamp, length, -1, IndexedFileFlags.TooLarge | racy, []);
            }

            using var content = PooledBytes.Read(handle, maxFileBytes, length);
            if (content is null)
            {
                return new IndexedFile(file.RelativePath, stamp, length, -1, IndexedFileFlags.TooLarge | racy, []);
            }

            var span = content.Span;
            if (content.Length != identity.Size)
            {
                racy = IndexedFileFlags.Racy; // it changed while being read: trust nothing until the next check
            }

            return TextLines.LooksBinary(span)
                ? new IndexedFile(file.RelativePath, stamp, content.Length, -1, IndexedFileFlags.Binary | racy, [])
                : new IndexedFile(file.RelativePath, stamp, content.Length, TextLines.Count(span), racy, extractor.Extract(span));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // The scan skips it too. Its stamp (without opening it) tells a later check when to look again.
            return new IndexedFile(file.RelativePath, StampOf(file), 0, -1, IndexedFileFlags.Unservable, []);
        }
    }

    /// <summary>The stamp of <paramref name="file"/> without opening it (lstat relative to its open folder); a missing file has a zero stamp.</summary>
    public static FileStamp StampOf(WalkedFile file)
    {
        try
        {
            var identity = file.FolderHandle is { } folder
                ? LinuxFileStatus.LStatAt(folder.Handle, file.Name)
                : LinuxFileStatus.LStat(file.FullPath);
            return new FileStamp(identity.Size, identity.ModifiedNs, identity.ChangedNs, identity.Inode, identity.Device);
        }
        catch (IOException)
        {
            return default;
        }
    }

    public static bool IsRacy(FileStamp stamp, long nowNs) =>
        Math.Max(stamp.ModifiedNs, stamp.ChangedNs) >= nowNs - RacyWindowNs;
}
