using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RepoOrchestrator.Index;

/// <summary>
/// The postings of one shard, built from its chunks: for each trigram in ascending order the ascending shard-local
/// numbers of the files holding it, as varint deltas (see <see cref="IndexFile"/>). The 256 buckets of the trigrams'
/// first byte are independent, so they are split into parts encoded on every core; inside a bucket a counting sort by
/// the trigram's two low bytes (a 256 KiB table, in cache) orders the pairs, and being stable keeps each list ascending.
/// </summary>
internal sealed class ShardPostings
{
    /// <summary>Where encoded bytes go (the index file's writer).</summary>
    public delegate void SpanWriter(ReadOnlySpan<byte> bytes);

    private const int Buckets = 256;

    private ShardPostings(Part[] parts, int trigramCount, long postingsLength)
    {
        _parts = parts;
        TrigramCount = trigramCount;
        PostingsLength = postingsLength;
    }

    private readonly Part[] _parts;

    /// <summary>Distinct trigrams of the shard: its table has one row more (the sentinel).</summary>
    public int TrigramCount { get; }

    /// <summary>Bytes of encoded postings.</summary>
    public long PostingsLength { get; }

    /// <summary>Encodes the postings of <paramref name="chunks"/> (consecutive files; the first chunk's first file is the shard's file 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build, right after start: no slow first tier
    public static ShardPostings Encode(IReadOnlyList<IndexChunk> chunks, ConcurrentStack<PartBuffers> spare)
    {
        var bases = new int[chunks.Count];
        var perBucket = new long[Buckets];
        var files = 0;
        for (var c = 0; c < chunks.Count; c++)
        {
            bases[c] = files;
            files += chunks[c].Files.Length;
            for (var b = 0; b < Buckets; b++)
            {
                perBucket[b] += chunks[c].Starts[b + 1] - chunks[c].Starts[b];
            }
        }

        // Contiguous bucket ranges of about equal pairs, a few per core so an uneven bucket does not leave one idle.
        var total = perBucket.Sum();
        var wanted = (int)Math.Clamp(total >> 16, 1, Environment.ProcessorCount * 2);
        var ranges = new List<(int First, int End)>();
        long sum = 0;
        var first = 0;
        for (var b = 0; b < Buckets; b++)
        {
            sum += perBucket[b];
            if (sum * wanted >= total * (ranges.Count + 1) || b == Buckets - 1)
            {
                ranges.Add((first, b + 1));
                first = b + 1;
            }
        }

        var parts = new Part[ranges.Count];
        Parallel.For(0, ranges.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) },
            i => parts[i] = EncodePart(chunks, bases, ranges[i].First, ranges[i].End, perBucket, spare.TryPop(out var reuse) ? reuse : new PartBuffers()));
        return new ShardPostings(parts, parts.Sum(p => p.Count), parts.Sum(p => (long)p.Length));
    }

    /// <summary>Writes the trigram table as stored: per trigram in order (u32 trigram, u32 offset into the postings), the sentinel row last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build, right after start: no slow first tier
    public void WriteTable(SpanWriter write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Span<byte> rows = stackalloc byte[8 * 512];
        var used = 0;
        long at = 0;
        foreach (var part in _parts)
        {
            for (var i = 0; i < part.Count; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(rows[used..], part.Buffers.Trigrams[i]);
                BinaryPrimitives.WriteUInt32LittleEndian(rows[(used + 4)..], checked((uint)(at + part.Buffers.Offsets[i])));
                used += 8;
                if (used == rows.Length)
                {
                    write(rows);
                    used = 0;
                }
            }

            at += part.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(rows[used..], uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(rows[(used + 4)..], checked((uint)at));
        write(rows[..(used + 8)]);
    }

    /// <summary>The encoded postings, part after part.</summary>
    public void WritePostings(SpanWriter write)
    {
        ArgumentNullException.ThrowIfNull(write);
        foreach (var part in _parts)
        {
            write(part.Buffers.Bytes.AsSpan(0, part.Length));
        }
    }

    /// <summary>Gives the parts' buffers back to <paramref name="spare"/> once written: the next shard reuses them (no fresh pages).</summary>
    public void Release(ConcurrentStack<PartBuffers> spare)
    {
        ArgumentNullException.ThrowIfNull(spare);
        foreach (var part in _parts)
        {
            spare.Push(part.Buffers);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Part EncodePart(
        IReadOnlyList<IndexChunk> chunks, int[] bases, int firstBucket, int endBucket, long[] perBucket, PartBuffers buffers)
    {
        var counts = buffers.Counts; // all zero between uses
        var present = buffers.Present; // all zero between uses
        var lows = buffers.Lows;
        var count = 0;
        var length = 0;
        long partPairs = 0;
        for (var bucket = firstBucket; bucket < endBucket; bucket++)
        {
            partPairs += perBucket[bucket];
        }

        // Room for the whole part at once (a delta takes at most 5 bytes): no growing, no copying, and the pages beyond
        // what is written are never touched.
        buffers.Reserve(0, partPairs * 5, 0, 0, 0);
        for (var bucket = firstBucket; bucket < endBucket; bucket++)
        {
            if (perBucket[bucket] == 0)
            {
                continue;
            }

            // Count each trigram's files, marking the trigrams present in a bitmap of the bucket's 2^16.
            foreach (var chunk in chunks)
            {
                foreach (var entry in chunk.Entries.AsSpan(chunk.Starts[bucket], chunk.Starts[bucket + 1] - chunk.Starts[bucket]))
                {
                    var low = (int)(entry >> 16);
                    counts[low]++;
                    present[low >> 6] |= 1UL << low;
                }
            }

            // The present trigrams in ascending order, the bitmap cleared for the next bucket.
            var distinct = 0;
            for (var w = 0; w < present.Length; w++)
            {
                var bits = present[w];
                present[w] = 0;
                while (bits != 0)
                {
                    lows[distinct++] = (w << 6) | BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                }
            }

            buffers.Reserve(count + distinct, length + (perBucket[bucket] * 5), perBucket[bucket], count, length);

            // Each trigram's place, then the files in (stable) order: ascending within every trigram.
            var start = 0;
            for (var i = 0; i < distinct; i++)
            {
                var c = counts[lows[i]];
                counts[lows[i]] = start;
                start += c;
            }

            var ids = buffers.Ids;
            for (var c = 0; c < chunks.Count; c++)
            {
                var chunk = chunks[c];
                var fileBase = bases[c];
                foreach (var entry in chunk.Entries.AsSpan(chunk.Starts[bucket], chunk.Starts[bucket + 1] - chunk.Starts[bucket]))
                {
                    ids[counts[entry >> 16]++] = fileBase + (int)(entry & 0xFFFF);
                }
            }

            // Now counts[low] is the end of its files: encode trigram after trigram.
            var trigrams = buffers.Trigrams;
            var offsets = buffers.Offsets;
            var bytes = buffers.Bytes;
            var from = 0;
            for (var i = 0; i < distinct; i++)
            {
                var low = lows[i];
                trigrams[count] = ((uint)bucket << 16) | (uint)low;
                offsets[count++] = (uint)length;
                var end = counts[low];
                var previous = -1;
                for (var k = from; k < end; k++)
                {
                    var delta = (uint)(ids[k] - previous);
                    previous = ids[k];
                    while (delta >= 0x80)
                    {
                        bytes[length++] = (byte)(delta | 0x80);
                        delta >>= 7;
                    }

                    bytes[length++] = (byte)delta;
                }

                from = end;
                counts[low] = 0; // ready for the next bucket
            }
        }

        return new Part(buffers, count, length);
    }

    private sealed record Part(PartBuffers Buffers, int Count, int Length);

    /// <summary>What encoding a part needs, kept across the shards of one build so its pages are touched once.</summary>
    internal sealed class PartBuffers
    {
        /// <summary>Files per trigram of the current bucket, indexed by the trigram's two low bytes; all zero between buckets.</summary>
        public int[] Counts { get; } = new int[1 << 16];

        /// <summary>The two low bytes of the current bucket's trigrams, one bit each; all zero between buckets.</summary>
        public ulong[] Present { get; } = new ulong[(1 << 16) / 64];

        /// <summary>The two low bytes of the current bucket's trigrams, ascending.</summary>
        public int[] Lows { get; } = new int[1 << 16];

        public int[] Ids { get; private set; } = [];

        public uint[] Trigrams { get; private set; } = new uint[1 << 12];

        public uint[] Offsets { get; private set; } = new uint[1 << 12];

        public byte[] Bytes { get; private set; } = [];

        /// <summary>
        /// Makes room for <paramref name="trigrams"/> rows, <paramref name="bytes"/> bytes and <paramref name="ids"/> file
        /// numbers, keeping the first <paramref name="keptRows"/> rows and <paramref name="keptBytes"/> bytes (a buffer
        /// reused from an earlier shard holds nothing worth copying).
        /// </summary>
        public void Reserve(int trigrams, long bytes, long ids, int keptRows, int keptBytes)
        {
            if (Trigrams.Length < trigrams)
            {
                var size = Math.Max(trigrams, Trigrams.Length * 2);
                Trigrams = Grown(Trigrams, size, keptRows);
                Offsets = Grown(Offsets, size, keptRows);
            }

            if (Bytes.Length < bytes)
            {
                Bytes = Grown(Bytes, checked((int)Math.Max(bytes, Math.Min(Array.MaxLength, Bytes.Length * 2L))), keptBytes);
            }

            if (Ids.Length < ids)
            {
                Ids = GC.AllocateUninitializedArray<int>(checked((int)Math.Max(ids, Ids.Length * 2L))); // nothing to keep
            }
        }

        private static T[] Grown<T>(T[] array, int size, int kept)
        {
            var grown = GC.AllocateUninitializedArray<T>(size);
            array.AsSpan(0, kept).CopyTo(grown);
            return grown;
        }
    }
}
