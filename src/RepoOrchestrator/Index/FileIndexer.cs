using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using RepoOrchestrator.Files;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Index;

/// <summary>
/// Reads one walked file for the index exactly as the scan would: opened only through <see cref="SafeFileAccess"/>
/// relative to the folder the walk holds (never a link, FIFO, socket or device; the serving rule refuses hard links
/// and the service's own files), skipped over ORCH_MAX_FILE_BYTES, binary files recognised by the same test. The
/// stamp comes from the opened descriptor, so it describes the bytes that were read. Its trigrams are those of the
/// text as redacted (<see cref="RedactedContent"/>), never of a redacted value.
/// </summary>
internal sealed class FileIndexer(long maxFileBytes, ServedFileRule servedFiles, ITextRedactor redactor)
{
    /// <summary>A file whose times are this close to the moment it was read may change again within the same clock tick unseen.</summary>
    public static readonly long RacyWindowNs = 2_000_000_000;

    /// <summary>Reads <paramref name="file"/>; its trigrams come with the record, sorted when <paramref name="sorted"/>.</summary>
    public IndexedFile Index(WalkedFile file, TrigramExtractor extractor, long nowNs, bool sorted = true)
    {
        var rented = ArrayPool<byte>.Shared.Rent(1 << 16);
        var buffer = rented;
        try
        {
            var indexed = Index(file, extractor, ref buffer, nowNs, out var trigrams);
            if (trigrams.IsEmpty)
            {
                return indexed;
            }

            var array = trigrams.ToArray();
            if (sorted)
            {
                Array.Sort(array);
            }

            return indexed with { Trigrams = array };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented); // a larger buffer grown for one big file is left to the collector
        }
    }

    /// <summary>
    /// Reads <paramref name="file"/> into <paramref name="buffer"/> (grown when too small: a build worker keeps one for
    /// all its files) and returns its record without trigrams; <paramref name="trigrams"/> are its distinct trigrams, in
    /// <paramref name="extractor"/>'s buffer until its next use.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the build runs once right after start: no slow first tier
    public IndexedFile Index(WalkedFile file, TrigramExtractor extractor, ref byte[] buffer, long nowNs, out ReadOnlySpan<uint> trigrams)
    {
        trigrams = [];
        try
        {
            // The status the open checked, of the opened descriptor: the stamp describes the bytes read below.
            using var handle = SafeFileAccess.OpenListedWithStatus(file.FolderHandle, file.Folder, file.Name, servedFiles, out var identity);
            var length = identity.Size;
            var stamp = new FileStamp(identity.Size, identity.ModifiedNs, identity.ChangedNs, identity.Inode, identity.Device);
            var racy = IsRacy(stamp, nowNs) ? IndexedFileFlags.Racy : IndexedFileFlags.None;
            var read = length > maxFileBytes ? -1 : ReadAll(handle, length, ref buffer);
            if (read < 0)
            {
                return new IndexedFile(file.RelativePath, stamp, length, -1, IndexedFileFlags.TooLarge | racy, []);
            }

            var span = buffer.AsSpan(0, read);
            if (read != identity.Size)
            {
                racy = IndexedFileFlags.Racy; // it changed while being read: trust nothing until the next check
            }

            if (TextLines.LooksBinary(span))
            {
                return new IndexedFile(file.RelativePath, stamp, read, -1, IndexedFileFlags.Binary | racy, []);
            }

            var lines = TextLines.Count(span);
            var redaction = RedactedContent.Of(redactor, span, lines, out var redacted);
            if ((redaction & IndexedFileFlags.Unredactable) == 0)
            {
                trigrams = extractor.Distinct(redacted ?? span); // SECURITY: of the redacted text only
            }

            return new IndexedFile(file.RelativePath, stamp, read, lines, redaction | racy, []);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // The scan skips it too. Its stamp (without opening it) tells a later check when to look again.
            return new IndexedFile(file.RelativePath, StampOf(file), 0, -1, IndexedFileFlags.Unservable, []);
        }
    }

    // The whole file, or -1 when it holds more than ORCH_MAX_FILE_BYTES (checked while reading, so a growing file is
    // caught too); the length seen at open saves the last read when the file has not grown.
    private int ReadAll(SafeFileHandle handle, long length, ref byte[] buffer)
    {
        var max = (int)Math.Min(maxFileBytes, Array.MaxLength - 1);
        if (buffer.Length <= length)
        {
            buffer = GC.AllocateUninitializedArray<byte>((int)Math.Min(Math.Max(length + 1, buffer.Length * 2L), max + 1L));
        }

        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > max)
                {
                    return -1;
                }

                var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(buffer.Length * 2L, max + 1L));
                buffer.AsSpan(0, total).CopyTo(grown);
                buffer = grown;
            }

            var wanted = buffer.Length - total;
            var read = OperatingSystem.IsLinux()
                ? LinuxFileStatus.ReadAt(handle, buffer.AsSpan(total), total) // no lseek per new handle
                : RandomAccess.Read(handle, buffer.AsSpan(total), total);
            total += read;
            if (read == 0 || (read < wanted && total >= length))
            {
                return total > max ? -1 : total;
            }
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
