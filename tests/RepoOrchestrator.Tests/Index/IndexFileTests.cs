using RepoOrchestrator.Index;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Index;

/// <summary>The index file: what is written is read back; anything else is refused as corrupt, never used.</summary>
public sealed class IndexFileTests
{
    private static readonly byte[] Fingerprint = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public void WrittenIndex_ReadsBackFilesAndPostings_AcrossShards()
    {
        using var folder = new TempDirectory("orch-index");
        var path = Path.Combine(folder.Path, "x.idx");
        var extractor = new TrigramExtractor();
        var files = Enumerable.Range(0, 50)
            .Select(i => new IndexedFile($"f{i:D2}.py", new FileStamp(i, i * 10, i * 20, (ulong)i, 7), i, i % 5, IndexedFileFlags.None,
                extractor.Extract(System.Text.Encoding.UTF8.GetBytes(i % 2 == 0 ? $"even_{i} common" : $"odd_{i} common"))))
            .ToList();
        using (var writer = new IndexFileWriter(path, Fingerprint, 123))
        {
            writer.AddShard(files.Take(20).ToList());
            writer.AddShard(files.Skip(20).ToList());
            writer.Complete();
        }

        using var index = IndexFile.Open(path, Fingerprint);
        Assert.Equal(50, index.FileCount);
        Assert.Equal(123, index.BuiltAtNs);
        Assert.Equal("f07.py", index.PathOf(7));
        Assert.Equal(new FileStamp(7, 70, 140, 7, 7), index.File(7).Stamp);
        Assert.Equal(2, index.File(7).Lines);
        Assert.Equal(33, index.Find("f33.py"));
        Assert.Equal(-1, index.Find("f33.pyc"));
        Assert.Equal(50, index.FilesWithAll(Trigrams("common")).Count);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => i * 2), index.FilesWithAll(Trigrams("even_")));
        Assert.Equal([41], index.FilesWithAll(Trigrams("odd_41")));
        Assert.Empty(index.FilesWithAll(Trigrams("absent")));
    }

    [Fact]
    public void CompleteAndOpen_MapsWhatWasWritten_AndTheFileOnDiskPassesEveryCheck()
    {
        using var folder = new TempDirectory("orch-index");
        var path = Path.Combine(folder.Path, "x.idx");
        var extractor = new TrigramExtractor();
        var files = Enumerable.Range(0, 30)
            .Select(i => new IndexedFile($"f{i:D2}.py", new FileStamp(i, i, i, (ulong)i, 1), i, 1, IndexedFileFlags.None,
                extractor.Extract(System.Text.Encoding.UTF8.GetBytes(i % 3 == 0 ? $"third_{i}" : $"other_{i}"))))
            .ToList();
        IndexFile written;
        using (var writer = new IndexFileWriter(path, Fingerprint, 9))
        {
            writer.AddShard(files.Take(10).ToList());
            writer.AddShard(files.Skip(10).ToList());
            written = writer.CompleteAndOpen();
        }

        using (written)
        {
            Assert.Empty(Directory.GetFiles(folder.Path, "x.idx.tmp-*")); // moved over the target, not left beside it
            Assert.NotEmpty(File.ReadAllBytes(path)); // the writer's lock is gone with its descriptor
            using var reopened = IndexFile.Open(path, Fingerprint); // the loader's full check, checksum included
            Assert.Equal(30, written.FileCount);
            Assert.Equal(reopened.Length, written.Length);
            Assert.Equal(9, written.BuiltAtNs);
            Assert.Equal("f21.py", written.PathOf(21));
            Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 3), written.FilesWithAll(Trigrams("third_")));
            Assert.Equal(reopened.FilesWithAll(Trigrams("other_")), written.FilesWithAll(Trigrams("other_")));
        }
    }

    [Fact]
    public void OpenWritten_WhenTheNameHoldsAnotherFileThanTheWriters_ChecksItInFull()
    {
        using var folder = new TempDirectory("orch-index");
        var path = Path.Combine(folder.Path, "x.idx");
        WriteIndex(path, new IndexedFile("a.py", default, 3, 1, IndexedFileFlags.None, new TrigramExtractor().Extract("abc def ghi"u8)));

        var bytes = File.ReadAllBytes(path);
        bytes[IndexFile.HeaderSize + 2] ^= 0x01; // in the body: only the whole-file checksum sees it
        File.WriteAllBytes(path, bytes);
        using var other = File.OpenHandle(Path.Combine(folder.Path, "other"), FileMode.CreateNew, FileAccess.ReadWrite);
        Assert.Throws<IndexCorruptException>(() => IndexFile.OpenWritten(path, other, Fingerprint).Dispose());
    }

    [Fact]
    public void EmptyIndex_Opens()
    {
        using var folder = new TempDirectory("orch-index");
        var path = Path.Combine(folder.Path, "x.idx");
        WriteIndex(path);

        using var index = IndexFile.Open(path, Fingerprint);
        Assert.Equal(0, index.FileCount);
        Assert.Empty(index.FilesWithAll(Trigrams("abc")));
    }

    [Fact]
    public void AnyFlippedByte_OrOtherFingerprint_OrTruncation_IsRefused()
    {
        using var folder = new TempDirectory("orch-index");
        var path = Path.Combine(folder.Path, "x.idx");
        WriteIndex(path, new IndexedFile("a.py", default, 3, 1, IndexedFileFlags.None, new TrigramExtractor().Extract("abc def"u8)));

        var good = File.ReadAllBytes(path);
        for (var i = 0; i < good.Length; i++)
        {
            var bad = (byte[])good.Clone();
            bad[i] ^= 0x01;
            File.WriteAllBytes(path, bad);
            Assert.Throws<IndexCorruptException>(() => IndexFile.Open(path, Fingerprint).Dispose());
        }

        File.WriteAllBytes(path, good[..^1]);
        Assert.Throws<IndexCorruptException>(() => IndexFile.Open(path, Fingerprint).Dispose());
        File.WriteAllBytes(path, good);
        Assert.Throws<IndexCorruptException>(() => IndexFile.Open(path, [.. Fingerprint.Reverse()]).Dispose());
        IndexFile.Open(path, Fingerprint).Dispose();
    }

    /// <summary>The distinct trigrams of <paramref name="text"/>'s UTF-8 bytes, as a query of the index asks for them.</summary>
    // An index of one shard holding files, built at 1 ns, completed under path.
    private static void WriteIndex(string path, params IndexedFile[] files)
    {
        using var writer = new IndexFileWriter(path, Fingerprint, 1);
        writer.AddShard(files);
        writer.Complete();
    }

    internal static uint[] Trigrams(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return [.. Enumerable.Range(0, bytes.Length - 2).Select(i => Trigram.Of(bytes[i], bytes[i + 1], bytes[i + 2])).Distinct()];
    }
}
