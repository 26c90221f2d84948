using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RepoOrchestrator.Index;

/// <summary>
/// A run of consecutive files (in the index's ordinal order) as one build worker read them: their records, and their
/// (trigram, file) pairs already grouped by the trigram's first byte, so a shard's postings are built from the chunks
/// bucket by bucket (<see cref="ShardPostings"/>) without ever touching a table of every possible trigram. Grouping
/// keeps the files' order inside each bucket, which is what makes every posting list come out ascending.
/// </summary>
internal sealed class IndexChunk
{
    /// <summary>At most this many files: a pair stores the file's place in its chunk in 16 bits.</summary>
    public const int MaxFiles = 1 << 16;

    private IndexChunk(IndexedFile[] files, uint[] entries, int[] starts)
    {
        Files = files;
        Entries = entries;
        Starts = starts;
    }

    /// <summary>The files' records, without their trigrams.</summary>
    public IndexedFile[] Files { get; }

    /// <summary>Per pair <c>(trigram &amp; 0xFFFF) &lt;&lt; 16 | file's place in the chunk</c>, grouped by the trigram's first byte (the first <see cref="Pairs"/>).</summary>
    public uint[] Entries { get; }

    /// <summary>257 offsets into <see cref="Entries"/>: bucket b (the trigram's first byte) is <c>[Starts[b], Starts[b + 1])</c>.</summary>
    public int[] Starts { get; }

    /// <summary>(trigram, file) pairs held.</summary>
    public int Pairs => Starts[256];

    /// <summary>
    /// A chunk of <paramref name="files"/> whose distinct trigrams are <paramref name="trigrams"/>, file after file,
    /// <paramref name="counts"/>[i] of them for file i; its pairs go into <paramref name="reuse"/> when it is large enough.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IndexChunk Create(IndexedFile[] files, ReadOnlySpan<uint> trigrams, ReadOnlySpan<int> counts, uint[]? reuse = null)
    {
        if (files.Length > MaxFiles || counts.Length != files.Length)
        {
            throw new ArgumentException("A chunk holds at most " + MaxFiles + " files, each with its count.", nameof(files));
        }

        // Trigrams are 24 bits; the mask keeps every index below in range whatever a caller passes.
        var starts = new int[257];
        ref var count = ref MemoryMarshal.GetArrayDataReference(starts);
        foreach (var t in trigrams)
        {
            Unsafe.Add(ref count, (int)((t >> 16) & 0xFF) + 1)++;
        }

        for (var b = 1; b < starts.Length; b++)
        {
            starts[b] += starts[b - 1];
        }

        Span<int> next = stackalloc int[256];
        starts.AsSpan(0, 256).CopyTo(next);
        ref var place = ref MemoryMarshal.GetReference(next);
        var entries = reuse is not null && reuse.Length >= trigrams.Length
            ? reuse
            : GC.AllocateUninitializedArray<uint>(Math.Max(trigrams.Length, Math.Max(1 << 17, reuse?.Length * 2 ?? 0))); // room for most runs: reused
        ref var entry = ref MemoryMarshal.GetArrayDataReference(entries); // in range: the places were counted from these trigrams
        var at = 0;
        for (var file = 0; file < counts.Length; file++)
        {
            foreach (var t in trigrams.Slice(at, counts[file]))
            {
                Unsafe.Add(ref entry, Unsafe.Add(ref place, (int)((t >> 16) & 0xFF))++) = (t << 16) | (uint)file;
            }

            at += counts[file];
        }

        if (at != trigrams.Length)
        {
            throw new ArgumentException("The counts do not add up to the trigrams.", nameof(counts));
        }

        return new IndexChunk(files, entries, starts);
    }

    /// <summary>Chunks of <paramref name="files"/> from their own <see cref="IndexedFile.Trigrams"/> (records without them).</summary>
    public static List<IndexChunk> FromFiles(IReadOnlyList<IndexedFile> files)
    {
        var chunks = new List<IndexChunk>();
        for (var first = 0; first < files.Count; first += MaxFiles)
        {
            var part = files.Skip(first).Take(MaxFiles).ToArray();
            var trigrams = part.SelectMany(f => f.Trigrams).ToArray();
            var counts = part.Select(f => f.Trigrams.Length).ToArray();
            chunks.Add(Create([.. part.Select(f => f with { Trigrams = [] })], trigrams, counts));
        }

        return chunks;
    }
}
