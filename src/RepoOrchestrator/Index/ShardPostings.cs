using System.Buffers.Binary;
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
    public static ShardPostings Encode(IReadOnlyList<IndexChunk> chunks)
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
        var wanted = (int)Math.Clamp(total >> 16, 1, Environment.ProcessorCount * 4);
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
            i => parts[i] = EncodePart(chunks, bases, ranges[i].First, ranges[i].End, perBucket));
        return new ShardPostings(parts, parts.Sum(p => p.Count), parts.Sum(p => (long)p.Length));
    }

    /// <summary>The trigram table as stored: per trigram in order (u32 trigram, u32 offset into the postings), the sentinel row last.</summary>
    public byte[] Table()
    {
        var table = GC.AllocateUninitializedArray<byte>(checked((TrigramCount + 1) * 8));
        var row = 0;
        long at = 0;
        foreach (var part in _parts)
        {
            for (var i = 0; i < part.Count; i++, row += 8)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(row), part.Trigrams[i]);
                BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(row + 4), checked((uint)(at + part.Offsets[i])));
            }

            at += part.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(row), uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(row + 4), checked((uint)at));
        return table;
    }

    /// <summary>The encoded postings, part after part.</summary>
    public void WritePostings(Action<ReadOnlyMemory<byte>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        foreach (var part in _parts)
        {
            write(part.Bytes.AsMemory(0, part.Length));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Part EncodePart(IReadOnlyList<IndexChunk> chunks, int[] bases, int firstBucket, int endBucket, long[] perBucket)
    {
        var pairs = 0L;
        for (var b = firstBucket; b < endBucket; b++)
        {
            pairs += perBucket[b];
        }

        var counts = new int[1 << 16];
        var lows = new List<int>();
        var trigrams = new uint[1024];
        var offsets = new uint[trigrams.Length];
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)Math.Max(16, pairs * 5))); // a delta takes at most 5 bytes
        var ids = Array.Empty<int>();
        var count = 0;
        var length = 0;
        for (var bucket = firstBucket; bucket < endBucket; bucket++)
        {
            if (perBucket[bucket] == 0)
            {
                continue;
            }

            // Count each trigram's files, noting the trigrams present.
            lows.Clear();
            foreach (var chunk in chunks)
            {
                foreach (var entry in chunk.Entries.AsSpan(chunk.Starts[bucket], chunk.Starts[bucket + 1] - chunk.Starts[bucket]))
                {
                    if (counts[entry >> 16]++ == 0)
                    {
                        lows.Add((int)(entry >> 16));
                    }
                }
            }

            lows.Sort();
            if (trigrams.Length - count < lows.Count)
            {
                Array.Resize(ref trigrams, Math.Max(trigrams.Length * 2, count + lows.Count));
                Array.Resize(ref offsets, trigrams.Length);
            }

            // Each trigram's place, then the files in (stable) order: ascending within every trigram.
            var start = 0;
            foreach (var low in lows)
            {
                var c = counts[low];
                counts[low] = start;
                start += c;
            }

            if (ids.Length < start)
            {
                ids = GC.AllocateUninitializedArray<int>(Math.Max(start, ids.Length * 2));
            }

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
            var from = 0;
            foreach (var low in lows)
            {
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

        return new Part(trigrams, offsets, count, bytes, length);
    }

    private sealed record Part(uint[] Trigrams, uint[] Offsets, int Count, byte[] Bytes, int Length);
}
