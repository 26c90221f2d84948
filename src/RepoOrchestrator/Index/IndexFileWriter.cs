using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RepoOrchestrator.Index;

/// <summary>
/// Writes an <see cref="IndexFile"/>: shards as the build hands them over (files in ordinal path order), then the file
/// table, paths and shard list, then the checksum. It writes to a temporary file created 0600 next to the target and
/// moves it over the target only once complete and flushed to disk, so a crash or a full disk leaves the previous
/// index or none, never a torn one.
/// </summary>
internal sealed class IndexFileWriter : IDisposable
{
    /// <summary>A shard holds at most this many (trigram, file) pairs: the build's memory stays bounded whatever the repository's size.</summary>
    public const int MaxShardPairs = 4_000_000;

    private readonly string _target;
    private readonly string _temporary;
    private readonly byte[] _fingerprint;
    private readonly long _builtAtNs;
    private readonly FileStream _stream;
    private readonly List<IndexedFile> _files = [];
    private readonly List<(int First, int Count, int Trigrams, long Table, long Postings)> _shards = [];
    private readonly BufferedWriter _out;
    private int[] _slots = [];
    private bool _completed;

    public IndexFileWriter(string target, byte[] fingerprint, long builtAtNs)
    {
        _target = target;
        _temporary = target + ".tmp-" + Guid.NewGuid().ToString("N");
        _fingerprint = fingerprint;
        _builtAtNs = builtAtNs;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

#pragma warning disable RS0030 // owner: the repository index's own file in ORCH_HOME/index (never a repository file)
        _stream = new FileStream(_temporary, options);
#pragma warning restore RS0030
        _stream.Write(new byte[IndexFile.HeaderSize]);
        _out = new BufferedWriter(_stream);
    }

    /// <summary>Files so far.</summary>
    public int FileCount => _files.Count;

    /// <summary>Appends one shard: <paramref name="files"/> follow every file already added in ordinal path order.</summary>
    public void AddShard(IReadOnlyList<IndexedFile> files)
    {
        if (files.Count == 0)
        {
            return;
        }

        // Count each trigram's files, over the distinct trigrams of this shard only.
        if (_slots.Length == 0)
        {
            _slots = new int[1 << 24]; // pages the shard never touches are never committed
        }

        var distinct = new List<uint>();
        var pairs = 0;
        foreach (var file in files)
        {
            foreach (var t in file.Trigrams)
            {
                if (_slots[t]++ == 0)
                {
                    distinct.Add(t);
                }
            }

            pairs += file.Trigrams.Length;
        }

        distinct.Sort();
        var starts = new int[distinct.Count + 1];
        for (var i = 0; i < distinct.Count; i++)
        {
            starts[i + 1] = starts[i] + _slots[distinct[i]];
            _slots[distinct[i]] = starts[i]; // now the next free place of this trigram's list
        }

        var ids = new int[pairs];
        for (var local = 0; local < files.Count; local++)
        {
            foreach (var t in files[local].Trigrams)
            {
                ids[_slots[t]++] = local;
            }
        }

        foreach (var t in distinct)
        {
            _slots[t] = 0; // ready for the next shard
        }

        // Postings as varint deltas (ascending, starting from -1, so every delta is at least 1).
        var postings = new MemoryStream();
        var offsets = new uint[distinct.Count + 1];
        Span<byte> varint = stackalloc byte[5];
        for (var i = 0; i < distinct.Count; i++)
        {
            offsets[i] = (uint)postings.Length;
            var previous = -1;
            for (var k = starts[i]; k < starts[i + 1]; k++)
            {
                var delta = (uint)(ids[k] - previous);
                previous = ids[k];
                var n = 0;
                while (delta >= 0x80)
                {
                    varint[n++] = (byte)(delta | 0x80);
                    delta >>= 7;
                }

                varint[n++] = (byte)delta;
                postings.Write(varint[..n]);
            }
        }

        offsets[distinct.Count] = (uint)postings.Length;
        var table = _out.Position;
        Span<byte> row = stackalloc byte[8];
        for (var i = 0; i <= distinct.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(row, i < distinct.Count ? distinct[i] : uint.MaxValue);
            BinaryPrimitives.WriteUInt32LittleEndian(row[4..], offsets[i]);
            _out.Write(row);
        }

        var postingsAt = _out.Position;
        _out.Write(postings.GetBuffer().AsSpan(0, (int)postings.Length));
        _shards.Add((_files.Count, files.Count, distinct.Count, table, postingsAt));
        foreach (var file in files)
        {
            _files.Add(file with { Trigrams = [] });
        }
    }

    /// <summary>Writes the rest, flushes it to disk and moves it over the target.</summary>
    public void Complete()
    {
        var fileTable = _out.Position;
        var paths = new MemoryStream();
        Span<byte> record = stackalloc byte[IndexFile.FileRecordSize];
        foreach (var file in _files)
        {
            var bytes = Encoding.UTF8.GetBytes(file.Path);
            record.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)paths.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)bytes.Length);
            BinaryPrimitives.WriteInt64LittleEndian(record[8..], file.Stamp.Size);
            BinaryPrimitives.WriteInt64LittleEndian(record[16..], file.Stamp.ModifiedNs);
            BinaryPrimitives.WriteInt64LittleEndian(record[24..], file.Stamp.ChangedNs);
            BinaryPrimitives.WriteUInt64LittleEndian(record[32..], file.Stamp.Inode);
            BinaryPrimitives.WriteUInt64LittleEndian(record[40..], file.Stamp.Device);
            BinaryPrimitives.WriteInt32LittleEndian(record[48..], file.Lines);
            BinaryPrimitives.WriteUInt32LittleEndian(record[52..], (uint)file.Flags);
            _out.Write(record);
            paths.Write(bytes);
        }

        var strings = _out.Position;
        _out.Write(paths.GetBuffer().AsSpan(0, (int)paths.Length));
        var shardList = _out.Position;
        Span<byte> shard = stackalloc byte[IndexFile.ShardRecordSize];
        foreach (var (first, count, trigrams, table, postings) in _shards)
        {
            shard.Clear();
            BinaryPrimitives.WriteInt32LittleEndian(shard, first);
            BinaryPrimitives.WriteInt32LittleEndian(shard[4..], count);
            BinaryPrimitives.WriteInt32LittleEndian(shard[8..], trigrams);
            BinaryPrimitives.WriteInt64LittleEndian(shard[16..], table);
            BinaryPrimitives.WriteInt64LittleEndian(shard[24..], postings);
            _out.Write(shard);
        }

        var total = _out.Position + 32;
        var header = new IndexFile.Header(_files.Count, _shards.Count, _builtAtNs, fileTable, strings, shardList - strings, shardList, total);
        var headerBytes = new byte[IndexFile.HeaderSize];
        header.Write(headerBytes, _fingerprint);
        _out.Flush();

        // The trailer is the SHA-256 of everything before it, header included: read back once the header is in place.
        _stream.Position = 0;
        _stream.Write(headerBytes);
        _stream.Flush(flushToDisk: false);
        var trailer = HashBody(_stream, total - 32);
        _stream.Position = total - 32;
        _stream.Write(trailer);
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(_temporary, _target, overwrite: true);
        _completed = true;
    }

    public void Dispose()
    {
        _stream.Dispose();
        if (!_completed)
        {
            try
            {
                File.Delete(_temporary);
            }
            catch (IOException)
            {
                // A leftover temporary file is removed with the index folder's next clean-up (IndexStore).
            }
        }
    }

    private static byte[] HashBody(FileStream stream, long length)
    {
        stream.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        var left = length;
        while (left > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read <= 0)
            {
                throw new IOException("The index file is shorter than written.");
            }

            hash.AppendData(buffer, 0, read);
            left -= read;
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Sequential writes through a buffer, counting the position.</summary>
    private sealed class BufferedWriter(FileStream stream)
    {
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _used;

        public long Position { get; private set; } = IndexFile.HeaderSize;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            Position += bytes.Length;
            while (bytes.Length > 0)
            {
                var n = Math.Min(bytes.Length, _buffer.Length - _used);
                bytes[..n].CopyTo(_buffer.AsSpan(_used));
                _used += n;
                bytes = bytes[n..];
                if (_used == _buffer.Length)
                {
                    Flush();
                }
            }
        }

        public void Flush()
        {
            stream.Write(_buffer, 0, _used);
            _used = 0;
        }
    }
}
