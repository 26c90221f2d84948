using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RepoOrchestrator.Index;

/// <summary>
/// The distinct trigrams of one file's content (<see cref="Trigram"/>'s definition: every window of three consecutive
/// bytes, folded). One extractor per thread: a bitmap of every possible trigram (2^24 bits, 2 MiB) marks what this
/// file has, and only the words it set are cleared afterwards, so a file costs one branch-free pass over its bytes
/// (folded a block at a time with vector instructions, then one 4-byte load per window).
/// </summary>
internal sealed class TrigramExtractor
{
    // Bytes per block of the inner loop: before a block the list of found trigrams has room for one more per byte, so
    // the loop writes each window unconditionally and only counts it when its bit was clear (no branch to mispredict).
    private const int Block = 4096;

    private static readonly byte[] FoldTable = BuildFoldTable();

    private readonly ulong[] _seen = new ulong[(1 << 24) / 64];
    private readonly byte[] _folded = new byte[Block + 2 + sizeof(uint)]; // a block's windows' bytes, and room for the last 4-byte load
    private uint[] _found = new uint[2 * Block];

    /// <summary>The distinct trigrams of <paramref name="content"/>, sorted when <paramref name="sorted"/>.</summary>
    public uint[] Extract(ReadOnlySpan<byte> content, bool sorted = true)
    {
        var result = Distinct(content).ToArray();
        if (sorted)
        {
            Array.Sort(result);
        }

        return result;
    }

    /// <summary>
    /// The distinct trigrams of <paramref name="content"/> in order of first appearance, in this extractor's own buffer:
    /// valid until its next call (the index build copies them straight into its postings, allocating nothing per file).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the build runs once right after start: no slow first tier
    public ReadOnlySpan<uint> Distinct(ReadOnlySpan<byte> content)
    {
        if (content.Length < 3)
        {
            return [];
        }

        ref var seen = ref MemoryMarshal.GetArrayDataReference(_seen);
        ref var folded = ref MemoryMarshal.GetArrayDataReference(_folded);
        var count = 0;

        // Windows ending at [start, end): their bytes [start - 2, end) are folded into _folded first (vectorised, in
        // L1), so each window is one unaligned 4-byte load, with no chain from one window to the next.
        for (var start = 2; start < content.Length; start += Block)
        {
            var end = Math.Min(content.Length, start + Block);
            var windows = end - start;
            if (_found.Length - count < windows)
            {
                Array.Resize(ref _found, Math.Max(_found.Length * 2, count + Block));
            }

            Fold(content[(start - 2)..end], _folded);
            ref var found = ref MemoryMarshal.GetArrayDataReference(_found);
            for (var i = 0; i < windows; i++)
            {
                // Bytes i, i + 1, i + 2 high to low (the fourth byte loaded is shifted out); _folded has room for it.
                var four = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref folded, i));
                var window = (BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(four) : four) >> 8;
                ref var word = ref Unsafe.Add(ref seen, (nint)(window >> 6));
                var bit = 1UL << (int)(window & 63);
                var old = word;
                Unsafe.Add(ref found, count) = window;
                count += (int)((~old & bit) >> (int)(window & 63)); // 1 when this window is new
                word = old | bit;
            }
        }

        var distinct = _found.AsSpan(0, count);
        foreach (var t in distinct)
        {
            _seen[t >> 6] = 0; // clears every bit of the word: only this file's bits can be set in it
        }

        return distinct;
    }

    // Trigram.Fold of every byte of source into target (at least as long): 'A'..'Z' gain 0x20, nothing else changes.
    private static void Fold(ReadOnlySpan<byte> source, Span<byte> target)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated && source.Length >= Vector128<byte>.Count)
        {
            var upperA = Vector128.Create((byte)'A');
            var letters = Vector128.Create((byte)('Z' - 'A'));
            var caseBit = Vector128.Create((byte)0x20);
            for (; i <= source.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var bytes = Vector128.Create(source.Slice(i, Vector128<byte>.Count));
                var upper = Vector128.LessThanOrEqual(bytes - upperA, letters); // unsigned: bytes below 'A' wrap high
                (bytes | (upper & caseBit)).CopyTo(target[i..]);
            }
        }

        for (; i < source.Length; i++)
        {
            target[i] = FoldTable[source[i]];
        }
    }

    private static byte[] BuildFoldTable()
    {
        var table = new byte[256];
        for (var b = 0; b < table.Length; b++)
        {
            table[b] = Trigram.Fold((byte)b);
        }

        return table;
    }
}
