using System.Buffers;
using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Index;

/// <summary>
/// An index as stored in ORCH_HOME/index: one file, written once (<see cref="IndexFileWriter"/>) and read through a
/// read-only memory map, so its pages are loaded by the kernel when a query touches them rather than copied into the
/// process. Layout (little-endian):
/// <code>
/// header (160 B): magic, format, file count, shard count, build start (ns), offsets of the parts, total length,
///                 fingerprint (32 B: format, repository, path rules), then the SHA-256 of the header's first 128 bytes
/// shards:         per shard a trigram table (u32 trigram, u32 offset into its postings; a sentinel row last) and
///                 its postings: per trigram the ascending file numbers local to the shard, as varint deltas
/// file table:     64 B per file in ordinal path order: path offset and length, size, mtime, ctime, inode, device,
///                 lines, flags
/// strings:        the UTF-8 paths
/// shard list:     32 B per shard: first file, file count, trigram count, table and postings offsets
/// trailer (32 B): SHA-256 of the header followed by the SHA-256 of the body (everything between header and trailer),
///                 so every byte before it counts and the writer hashes the body as it goes
/// </code>
/// It is never trusted: <see cref="Open"/> checks that it is a regular file (opened without following a link or
/// waiting on a FIFO), the length, magic, format, both checksums (the body read through the file, not the map, so
/// checking does not fill the process's memory) and the fingerprint, and every read is
/// bounds-checked; any mismatch is an <see cref="IndexCorruptException"/> and the index is rebuilt.
/// </summary>
internal sealed class IndexFile : IDisposable
{
    public const int HeaderSize = 160;
    public const int FileRecordSize = 64;
    public const int ShardRecordSize = 32;
    public const int FormatVersion = 3;
    internal static ReadOnlySpan<byte> Magic => "ROIDX\0\0\u0001"u8;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long _fileTable;
    private readonly long _strings;
    private readonly long _stringsLength;
    private readonly Shard[] _shards;

    private IndexFile(MemoryMappedFile map, MemoryMappedViewAccessor view, Header header, Shard[] shards, long length)
    {
        _map = map;
        _view = view;
        FileCount = header.FileCount;
        BuiltAtNs = header.BuiltAtNs;
        _fileTable = header.FileTable;
        _strings = header.Strings;
        _stringsLength = header.StringsLength;
        _shards = shards;
        Length = length;
    }

    public int FileCount { get; }

    /// <summary>When the build that wrote this index started (ns since the epoch): the racy rule's reference.</summary>
    public long BuiltAtNs { get; }

    /// <summary>Bytes on disk.</summary>
    public long Length { get; }

    /// <summary>Opens and checks <paramref name="path"/>; throws <see cref="IndexCorruptException"/> when it is not a sound index for <paramref name="fingerprint"/>.</summary>
    public static IndexFile Open(string path, ReadOnlySpan<byte> fingerprint)
    {
        // SECURITY: ORCH_HOME/index may hold anything a local process put there. The file is opened once, never through
        // a link and never waiting on a FIFO (O_NOFOLLOW|O_NONBLOCK), must be a regular file, and the checks below and
        // the map read that one handle, so what was checked is what is mapped.
        using var handle = LinuxFileStatus.OpenFile(null, path);
        if (LinuxFileStatus.FStat(handle).Kind != FileKind.Regular)
        {
            throw new IndexCorruptException("not a regular file");
        }

        return Map(handle, fingerprint, verifyBody: true);
    }

    /// <summary>
    /// Opens the index <see cref="IndexFileWriter"/> has just written to <paramref name="path"/> through
    /// <paramref name="writer"/>, the descriptor it created (0600, in the 0700 folder) and wrote every byte through,
    /// hashing them as it went. Opened as <see cref="Open"/> opens, the header and the parts checked alike; only the
    /// second SHA-256 of the whole body is left out when the opened file is the very one the writer holds (device and
    /// inode; the writer's descriptor is still open, so the inode cannot have been reused): it would read back the bytes
    /// that were just hashed (at 100k files about 160 MB, some 0.2 s on the build's single-threaded tail). Anything else under that
    /// name is checked in full; a file found on disk at start always goes through <see cref="Open"/>.
    /// </summary>
    internal static IndexFile OpenWritten(string path, SafeFileHandle writer, ReadOnlySpan<byte> fingerprint)
    {
        var written = LinuxFileStatus.FStat(writer);
        using var handle = LinuxFileStatus.OpenFile(null, path);
        var opened = LinuxFileStatus.FStat(handle);
        if (opened.Kind != FileKind.Regular || opened.Device != written.Device || opened.Inode != written.Inode)
        {
            return Open(path, fingerprint); // SECURITY: not the file this process wrote: every check
        }

        return Map(handle, fingerprint, verifyBody: false);
    }

    private static IndexFile Map(SafeFileHandle handle, ReadOnlySpan<byte> fingerprint, bool verifyBody)
    {
        var length = RandomAccess.GetLength(handle);
        if (length < HeaderSize + 32)
        {
            throw new IndexCorruptException("shorter than a header");
        }

        var headerBytes = new byte[HeaderSize];
        var header = Header.Read(handle, length, fingerprint, headerBytes);
        if (verifyBody)
        {
            Verify(handle, length, headerBytes); // the header as read and parsed above, not read again
        }

        var map = MemoryMappedFile.CreateFromFile(handle, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        try
        {
            var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            try
            {
                var shards = ReadShards(view, header);
                return new IndexFile(map, view, header, shards, length);
            }
            catch
            {
                view.Dispose();
                throw;
            }
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <summary>The stored record of file <paramref name="id"/> (0 ≤ id &lt; <see cref="FileCount"/>), without its trigrams.</summary>
    public IndexedFile File(int id)
    {
        var at = Record(id);
        return new IndexedFile(
            PathAt(at),
            new FileStamp(_view.ReadInt64(at + 8), _view.ReadInt64(at + 16), _view.ReadInt64(at + 24), _view.ReadUInt64(at + 32), _view.ReadUInt64(at + 40)),
            _view.ReadInt64(at + 8),
            _view.ReadInt32(at + 48),
            (IndexedFileFlags)_view.ReadUInt32(at + 52),
            []);
    }

    /// <summary>The path of file <paramref name="id"/>.</summary>
    public string PathOf(int id) => PathAt(Record(id));

    /// <summary>The flags of file <paramref name="id"/>.</summary>
    public IndexedFileFlags FlagsOf(int id) => (IndexedFileFlags)_view.ReadUInt32(Record(id) + 52);

    /// <summary>The first file whose path is not ordinally below <paramref name="path"/> (binary search; <see cref="FileCount"/> when none).</summary>
    public int LowerBound(string path)
    {
        int lo = 0, hi = FileCount;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (string.CompareOrdinal(PathOf(mid), path) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The file numbered for <paramref name="path"/>, or -1.</summary>
    public int Find(string path)
    {
        var at = LowerBound(path);
        return at < FileCount && string.Equals(PathOf(at), path, StringComparison.Ordinal) ? at : -1;
    }

    /// <summary>Ascending file numbers whose content holds every trigram of <paramref name="trigrams"/> (non-empty).</summary>
    public List<int> FilesWithAll(IReadOnlyList<uint> trigrams)
    {
        var result = new List<int>();
        foreach (var shard in _shards)
        {
            // Rarest first: the intersection shrinks fastest and an absent trigram ends the shard at once.
            var lists = new List<(long Offset, int Length)>(trigrams.Count);
            var absent = false;
            foreach (var t in trigrams)
            {
                if (FindTrigram(shard, t) is not { } postings)
                {
                    absent = true;
                    break;
                }

                lists.Add(postings);
            }

            if (absent || lists.Count == 0)
            {
                continue;
            }

            lists.Sort((a, b) => a.Length.CompareTo(b.Length));
            var current = Decode(shard, lists[0]);
            for (var i = 1; i < lists.Count && current.Count > 0; i++)
            {
                current = Intersect(current, Decode(shard, lists[i]));
            }

            foreach (var local in current)
            {
                result.Add(shard.FirstFile + local);
            }
        }

        return result;
    }

    /// <summary>Hands the pages of the mapping this process has read back to the page cache (<see cref="ResidentMemory.DropMappedPages"/>); the file stays mapped.</summary>
    public void DropResidentPages() =>
        ResidentMemory.DropMappedPages(_view.SafeMemoryMappedViewHandle, _view.SafeMemoryMappedViewHandle.ByteLength);

    public void Dispose()
    {
        _view.Dispose();
        _map.Dispose();
    }

    private long Record(int id)
    {
        if ((uint)id >= (uint)FileCount)
        {
            throw new IndexCorruptException("file number out of range");
        }

        return _fileTable + ((long)id * FileRecordSize);
    }

    private string PathAt(long record)
    {
        var offset = _view.ReadUInt32(record);
        var count = _view.ReadUInt32(record + 4);
        if (offset + (long)count > _stringsLength || count == 0 || count > 64 * 1024)
        {
            throw new IndexCorruptException("path out of range");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)count);
        try
        {
            _view.ReadArray(_strings + offset, buffer, 0, (int)count);
            return Encoding.UTF8.GetString(buffer, 0, (int)count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private (long Offset, int Length)? FindTrigram(Shard shard, uint trigram)
    {
        int lo = 0, hi = shard.TrigramCount;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var value = _view.ReadUInt32(shard.Table + ((long)mid * 8));
            if (value < trigram)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        if (lo >= shard.TrigramCount || _view.ReadUInt32(shard.Table + ((long)lo * 8)) != trigram)
        {
            return null;
        }

        var start = _view.ReadUInt32(shard.Table + ((long)lo * 8) + 4);
        var end = _view.ReadUInt32(shard.Table + ((long)(lo + 1) * 8) + 4);
        if (end < start || end > shard.PostingsLength)
        {
            throw new IndexCorruptException("postings out of range");
        }

        return (shard.Postings + start, (int)(end - start));
    }

    private List<int> Decode(Shard shard, (long Offset, int Length) postings)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(1, postings.Length));
        try
        {
            _view.ReadArray(postings.Offset, bytes, 0, postings.Length);
            var ids = new List<int>();
            var previous = -1;
            var i = 0;
            while (i < postings.Length)
            {
                uint delta = 0;
                var shift = 0;
                byte b;
                do
                {
                    if (i >= postings.Length || shift > 28)
                    {
                        throw new IndexCorruptException("bad posting");
                    }

                    b = bytes[i++];
                    delta |= (uint)(b & 0x7F) << shift;
                    shift += 7;
                }
                while ((b & 0x80) != 0);

                var id = previous + (long)delta;
                if (delta == 0 || id >= shard.FileCount)
                {
                    throw new IndexCorruptException("posting out of range");
                }

                previous = (int)id;
                ids.Add(previous);
            }

            return ids;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static List<int> Intersect(List<int> a, List<int> b)
    {
        var result = new List<int>(Math.Min(a.Count, b.Count));
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            if (a[i] < b[j])
            {
                i++;
            }
            else if (a[i] > b[j])
            {
                j++;
            }
            else
            {
                result.Add(a[i]);
                i++;
                j++;
            }
        }

        return result;
    }

    private static Shard[] ReadShards(MemoryMappedViewAccessor view, Header header)
    {
        var shards = new Shard[header.ShardCount];
        var nextFile = 0;
        for (var i = 0; i < shards.Length; i++)
        {
            var at = header.ShardList + ((long)i * ShardRecordSize);
            var shard = new Shard(
                view.ReadInt32(at), view.ReadInt32(at + 4), view.ReadInt32(at + 8),
                view.ReadInt64(at + 16), view.ReadInt64(at + 24), 0);
            if (shard.FirstFile != nextFile || shard.FileCount <= 0 || shard.TrigramCount < 0
                || (long)shard.FirstFile + shard.FileCount > header.FileCount
                || shard.Table < HeaderSize || shard.Table + (((long)shard.TrigramCount + 1) * 8) > shard.Postings
                || shard.Postings > header.FileTable)
            {
                throw new IndexCorruptException("shard out of range");
            }

            var postingsLength = view.ReadUInt32(shard.Table + ((long)shard.TrigramCount * 8) + 4);
            if (shard.Postings + postingsLength > header.FileTable)
            {
                throw new IndexCorruptException("postings out of range");
            }

            shards[i] = shard with { PostingsLength = postingsLength };
            nextFile += shard.FileCount;
        }

        if (nextFile != header.FileCount)
        {
            throw new IndexCorruptException("shards do not cover the files");
        }

        return shards;
    }

    /// <summary>The trailer of an index whose header is <paramref name="header"/> and whose body hashes to <paramref name="bodyHash"/>.</summary>
    internal static byte[] Checksum(ReadOnlySpan<byte> header, ReadOnlySpan<byte> bodyHash)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(header[..HeaderSize]);
        hash.AppendData(bodyHash);
        return hash.GetHashAndReset();
    }

    private static void Verify(SafeFileHandle handle, long length, ReadOnlySpan<byte> header)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16); // 64 KiB: stays in cache, and the pool keeps no MiB after a build
        try
        {
            var at = (long)HeaderSize;
            while (at < length - 32)
            {
                var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - 32 - at)), at);
                if (read <= 0)
                {
                    throw new IndexCorruptException("shorter than its header says");
                }

                hash.AppendData(buffer, 0, read);
                at += read;
            }

            Span<byte> stored = stackalloc byte[32];
            if (RandomAccess.Read(handle, stored, at) != stored.Length)
            {
                throw new IndexCorruptException("shorter than its header says");
            }

            if (!CryptographicOperations.FixedTimeEquals(stored, Checksum(header, hash.GetHashAndReset())))
            {
                throw new IndexCorruptException("checksum mismatch");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private readonly record struct Shard(int FirstFile, int FileCount, int TrigramCount, long Table, long Postings, uint PostingsLength);

    /// <summary>The fixed header; <see cref="Read"/> checks it against the file's length and the expected fingerprint.</summary>
    internal readonly record struct Header(int FileCount, int ShardCount, long BuiltAtNs, long FileTable, long Strings, long StringsLength, long ShardList, long TotalLength)
    {
        public void Write(Span<byte> bytes, ReadOnlySpan<byte> fingerprint)
        {
            bytes[..HeaderSize].Clear();
            Magic.CopyTo(bytes);
            BinaryPrimitives.WriteInt32LittleEndian(bytes[8..], FormatVersion);
            BinaryPrimitives.WriteInt32LittleEndian(bytes[12..], FileCount);
            BinaryPrimitives.WriteInt32LittleEndian(bytes[16..], ShardCount);
            BinaryPrimitives.WriteInt64LittleEndian(bytes[24..], BuiltAtNs);
            BinaryPrimitives.WriteInt64LittleEndian(bytes[32..], FileTable);
            BinaryPrimitives.WriteInt64LittleEndian(bytes[40..], Strings);
            BinaryPrimitives.WriteInt64LittleEndian(bytes[48..], StringsLength);
            BinaryPrimitives.WriteInt64LittleEndian(bytes[56..], ShardList);
            BinaryPrimitives.WriteInt64LittleEndian(bytes[64..], TotalLength);
            fingerprint.CopyTo(bytes[72..104]);
            SHA256.HashData(bytes[..128], bytes[128..HeaderSize]);
        }

        /// <summary>Reads the header into <paramref name="bytes"/> (what the whole-file checksum then covers) and checks it.</summary>
        public static Header Read(SafeFileHandle handle, long length, ReadOnlySpan<byte> fingerprint, Span<byte> bytes)
        {
            if (RandomAccess.Read(handle, bytes[..HeaderSize], 0) != HeaderSize)
            {
                throw new IndexCorruptException("shorter than a header");
            }

            Span<byte> check = stackalloc byte[32];
            SHA256.HashData(bytes[..128], check);
            if (!bytes[..8].SequenceEqual(Magic) || !check.SequenceEqual(bytes[128..HeaderSize]))
            {
                throw new IndexCorruptException("not an index header");
            }

            if (BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) != FormatVersion)
            {
                throw new IndexCorruptException("another format version");
            }

            if (!bytes[72..104].SequenceEqual(fingerprint))
            {
                throw new IndexCorruptException("built for another repository or other path rules");
            }

            var header = new Header(
                BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]), BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]),
                BinaryPrimitives.ReadInt64LittleEndian(bytes[24..]), BinaryPrimitives.ReadInt64LittleEndian(bytes[32..]),
                BinaryPrimitives.ReadInt64LittleEndian(bytes[40..]), BinaryPrimitives.ReadInt64LittleEndian(bytes[48..]),
                BinaryPrimitives.ReadInt64LittleEndian(bytes[56..]), BinaryPrimitives.ReadInt64LittleEndian(bytes[64..]));
            if (header.TotalLength != length || header.FileCount < 0 || header.ShardCount < 0
                || header.FileTable < HeaderSize || header.FileTable + ((long)header.FileCount * FileRecordSize) != header.Strings
                || header.StringsLength < 0 || header.Strings + header.StringsLength != header.ShardList
                || header.ShardList + ((long)header.ShardCount * ShardRecordSize) != length - 32)
            {
                throw new IndexCorruptException("parts out of range");
            }

            return header;
        }
    }
}

/// <summary>An index file that is not what it should be: it is deleted and rebuilt, never used.</summary>
internal sealed class IndexCorruptException(string reason) : Exception("The repository index is not sound: " + reason + ".");
