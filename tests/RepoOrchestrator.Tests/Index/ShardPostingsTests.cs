using RepoOrchestrator.Index;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Index;

/// <summary>
/// The build's postings path (runs of files bucketed by <see cref="IndexChunk"/>, shards encoded by
/// <see cref="ShardPostings"/>) against a plain inverted index of the same trigram sets: every list, in every shard.
/// </summary>
public sealed class ShardPostingsTests
{
    private static readonly byte[] Fingerprint = [.. Enumerable.Range(0, 32).Select(i => (byte)(255 - i))];

    [Fact]
    public void ChunkedShards_HoldExactlyEachTrigramsFiles_InAscendingOrder()
    {
        var random = new Random(19);
        var files = Enumerable.Range(0, 700).Select(i => FileTrigrams(random, i)).ToList();
        using var folder = new TempDirectory("orch-index");
        var path = Path.Combine(folder.Path, "x.idx");
        using (var writer = new IndexFileWriter(path, Fingerprint, 1))
        {
            // Three shards of runs of uneven sizes (one run of one file, an empty file inside a run).
            foreach (var shard in new[] { (0, 300), (300, 301), (301, 700) })
            {
                var chunks = new List<IndexChunk>();
                for (var first = shard.Item1; first < shard.Item2; first += 1 + (first % 97))
                {
                    var run = files.Skip(first).Take(Math.Min(1 + (first % 97), shard.Item2 - first)).ToArray();
                    chunks.Add(IndexChunk.Create(
                        [.. run.Select((f, k) => new IndexedFile($"f{first + k:D4}", default, 1, 1, IndexedFileFlags.None, []))],
                        run.SelectMany(f => f).ToArray(), run.Select(f => f.Length).ToArray()));
                }

                writer.AddShardChunks(chunks);
            }

            writer.Complete();
        }

        using var index = IndexFile.Open(path, Fingerprint);
        Assert.Equal(files.Count, index.FileCount);
        var expected = new SortedDictionary<uint, List<int>>();
        for (var id = 0; id < files.Count; id++)
        {
            foreach (var t in files[id])
            {
                if (!expected.TryGetValue(t, out var list))
                {
                    expected[t] = list = [];
                }

                list.Add(id);
            }
        }

        Assert.True(expected.Count > 20_000, "the fixture covers dense buckets (the table-scan path) and sparse ones");
        foreach (var (trigram, ids) in expected)
        {
            Assert.Equal(ids, index.FilesWithAll([trigram]));
        }

        Assert.Empty(index.FilesWithAll([0x7F7F7E])); // never generated
    }

    // Distinct trigrams: some in every file, a dense bucket (first byte 'e': over 4,096 distinct low bytes in a shard),
    // the extremes 0 and 0xFFFFFF, random ones across all 256 buckets; file 5 has none.
    private static uint[] FileTrigrams(Random random, int id)
    {
        if (id == 5)
        {
            return [];
        }

        var set = new HashSet<uint> { 0x746865, (uint)(0x650000 | (id * 37 % 65536)), (uint)(0x650000 | ((id * 101) + 7) % 65536) };
        if (id % 3 == 0)
        {
            set.Add(0);
            set.Add(0xFFFFFF);
        }

        for (var i = 0; i < 60 + (id % 50); i++)
        {
            set.Add((uint)random.Next(0, 1 << 24));
            set.Add((uint)(0x650000 | random.Next(0, 1 << 16)));
        }

        return [.. set.Where(t => t != 0x7F7F7E)];
    }
}
