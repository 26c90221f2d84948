namespace RepoOrchestrator.Index;

/// <summary>
/// The distinct trigrams of one file's content, sorted. One extractor per thread: a bitmap of every possible trigram
/// (2^24 bits, 2 MiB) marks what this file has, and only the bits it set are cleared afterwards, so a file costs one
/// pass over its bytes and a sort of its distinct trigrams.
/// </summary>
internal sealed class TrigramExtractor
{
    private readonly ulong[] _seen = new ulong[(1 << 24) / 64];
    private uint[] _found = new uint[4096];

    /// <summary>The sorted distinct trigrams of <paramref name="content"/>.</summary>
    public uint[] Extract(ReadOnlySpan<byte> content)
    {
        var count = 0;
        if (content.Length >= 3)
        {
            var seen = _seen;
            var window = ((uint)Trigram.Fold(content[0]) << 8) | Trigram.Fold(content[1]);
            for (var i = 2; i < content.Length; i++)
            {
                window = ((window << 8) | Trigram.Fold(content[i])) & 0xFFFFFF;
                ref var word = ref seen[window >> 6];
                var bit = 1UL << (int)(window & 63);
                if ((word & bit) != 0)
                {
                    continue;
                }

                word |= bit;
                if (count == _found.Length)
                {
                    Array.Resize(ref _found, _found.Length * 2);
                }

                _found[count++] = window;
            }
        }

        var result = _found.AsSpan(0, count).ToArray();
        foreach (var t in result)
        {
            _seen[t >> 6] = 0; // clears every bit of the word: only this file's bits can be set in it
        }

        Array.Sort(result);
        return result;
    }
}
