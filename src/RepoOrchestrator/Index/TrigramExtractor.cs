using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RepoOrchestrator.Index;

/// <summary>
/// The distinct trigrams of one file's content (<see cref="Trigram"/>'s definition: every window of three consecutive
/// bytes, folded). One extractor per thread: a bitmap of every possible trigram (2^24 bits, 2 MiB) marks what this
/// file has, and only the words it set are cleared afterwards, so a file costs one branch-free pass over its bytes.
/// </summary>
internal sealed class TrigramExtractor
{
    // Bytes per block of the inner loop: before a block the list of found trigrams has room for one more per byte, so
    // the loop writes each window unconditionally and only counts it when its bit was clear (no branch to mispredict).
    private const int Block = 4096;

    private static readonly byte[] FoldTable = BuildFoldTable();

    private readonly ulong[] _seen = new ulong[(1 << 24) / 64];
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
        ref var fold = ref MemoryMarshal.GetArrayDataReference(FoldTable);
        ref var bytes = ref MemoryMarshal.GetReference(content);
        var window = ((uint)Unsafe.Add(ref fold, bytes) << 8) | Unsafe.Add(ref fold, Unsafe.Add(ref bytes, 1));
        var count = 0;
        for (var start = 2; start < content.Length; start += Block)
        {
            var end = Math.Min(content.Length, start + Block);
            if (_found.Length - count < end - start)
            {
                Array.Resize(ref _found, Math.Max(_found.Length * 2, count + Block));
            }

            ref var found = ref MemoryMarshal.GetArrayDataReference(_found);
            for (var i = start; i < end; i++)
            {
                window = ((window << 8) | Unsafe.Add(ref fold, Unsafe.Add(ref bytes, i))) & 0xFFFFFF;
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
