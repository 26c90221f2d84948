using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RepoOrchestrator.Index;

/// <summary>
/// The distinct trigrams of one file's content (<see cref="Trigram"/>'s definition: every window of three consecutive
/// bytes, folded). One extractor per thread: a bitmap of every possible trigram (2^24 bits, 2 MiB) marks what this
/// file has, and only the words it set are cleared afterwards, so a file costs one branch-free pass over its bytes.
/// </summary>
internal sealed class TrigramExtractor
{
    // Bytes per block of the inner loop: a block is folded to lower case into a scratch buffer with vector instructions
    // first, and before it the list of found trigrams has room for one more per byte, so the loop writes each window
    // unconditionally and only counts it when its bit was clear (no branch to mispredict).
    private const int Block = 4096;

    private readonly ulong[] _seen = new ulong[(1 << 24) / 64];
    private readonly byte[] _folded = new byte[Block + 2 + Vector128<byte>.Count]; // + the last window's 4-byte read
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

        // Each window is read as one little-endian 32-bit load of the folded bytes (b0 | b1 << 8 | b2 << 16 once masked):
        // no chain from one window to the next and no table lookup per byte. The bitmap is indexed by that key; only
        // the distinct ones are turned into the trigram's own order (b0 << 16 | b1 << 8 | b2) at the end.
        ref var seen = ref MemoryMarshal.GetArrayDataReference(_seen);
        ref var folded = ref MemoryMarshal.GetArrayDataReference(_folded);
        var windows = content.Length - 2;
        var count = 0;
        for (var start = 0; start < windows; start += Block)
        {
            var n = Math.Min(Block, windows - start);
            if (_found.Length - count < n)
            {
                Array.Resize(ref _found, Math.Max(_found.Length * 2, count + Block));
            }

            Fold(content.Slice(start, n + 2), _folded);
            ref var found = ref MemoryMarshal.GetArrayDataReference(_found);
            for (var i = 0; i < n; i++)
            {
                var key = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref folded, i)) & 0xFFFFFF;
                ref var word = ref Unsafe.Add(ref seen, (nint)(key >> 6));
                var bit = 1UL << (int)key; // the shift count is taken mod 64
                var old = word;
                Unsafe.Add(ref found, count) = key;
                count += (int)((~old & bit) >> (int)key); // 1 when this window is new
                word = old | bit;
            }
        }

        ref var keys = ref MemoryMarshal.GetArrayDataReference(_found);
        for (var i = 0; i < count; i++)
        {
            var key = Unsafe.Add(ref keys, i);
            Unsafe.Add(ref seen, (nint)(key >> 6)) = 0; // clears every bit of the word: only this file's bits can be set in it
            Unsafe.Add(ref keys, i) = ((key & 0xFF) << 16) | (key & 0xFF00) | (key >> 16);
        }

        return _found.AsSpan(0, count);
    }

    // Trigram.Fold of every byte of source into target (which has room for it and a 4-byte read past its end). Inlined:
    // on its own it would start in the slow first tier, which the build's once-per-start run would mostly spend in.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fold(ReadOnlySpan<byte> source, byte[] target)
    {
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetArrayDataReference(target);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var a = Vector256.Create((byte)'A');
            var letters = Vector256.Create((byte)('Z' - 'A'));
            var lower = Vector256.Create((byte)('a' - 'A'));
            for (; i + Vector256<byte>.Count <= source.Length; i += Vector256<byte>.Count)
            {
                var bytes = Vector256.LoadUnsafe(ref from, (nuint)i);
                var upper = Vector256.LessThanOrEqual(bytes - a, letters); // 'A'..'Z' only: the subtraction wraps the rest above 25
                (bytes | (upper & lower)).StoreUnsafe(ref to, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            var a = Vector128.Create((byte)'A');
            var letters = Vector128.Create((byte)('Z' - 'A'));
            var lower = Vector128.Create((byte)('a' - 'A'));
            for (; i + Vector128<byte>.Count <= source.Length; i += Vector128<byte>.Count)
            {
                var bytes = Vector128.LoadUnsafe(ref from, (nuint)i);
                var upper = Vector128.LessThanOrEqual(bytes - a, letters);
                (bytes | (upper & lower)).StoreUnsafe(ref to, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
        {
            Unsafe.Add(ref to, i) = Trigram.Fold(Unsafe.Add(ref from, i));
        }
    }
}
