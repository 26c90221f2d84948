using RepoOrchestrator.Index;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Index;

/// <summary>
/// What a burst of search and tree work leaves resident is released once, when the burst ends and only if it was worth
/// it; dropping the index's resident pages leaves every answer of the index as it was.
/// </summary>
public sealed class ReadBurstReleaseTests
{
    private const long Enough = ReadBurstRelease.MinAllocatedBytes;

    [Fact]
    public void NoWork_NeverReleases()
    {
        var burst = new ReadBurstRelease();
        Assert.False(burst.Due(Enough * 10));
        Assert.False(burst.Due(Enough * 20));
    }

    [Fact]
    public void Burst_ReleasesOnce_OnTheFirstQuietTick()
    {
        var burst = new ReadBurstRelease();
        burst.NoteWork();
        Assert.False(burst.Due(Enough)); // work in this second: still busy
        burst.NoteWork();
        Assert.False(burst.Due(Enough)); // still busy
        Assert.True(burst.Due(Enough)); // the first quiet second
        Assert.False(burst.Due(Enough * 3)); // once per burst
        Assert.False(burst.Due(Enough * 3));
    }

    [Fact]
    public void SmallBursts_CountTowardsTheNext_UntilEnoughWasAllocated()
    {
        var burst = new ReadBurstRelease();
        burst.NoteWork();
        Assert.False(burst.Due(Enough / 2));
        Assert.False(burst.Due(Enough / 2)); // ended, but allocated too little since the start
        burst.NoteWork();
        Assert.False(burst.Due(Enough - 1));
        Assert.False(burst.Due(Enough - 1));
        burst.NoteWork();
        Assert.False(burst.Due(Enough));
        Assert.True(burst.Due(Enough)); // the small bursts added up
        burst.NoteWork();
        Assert.False(burst.Due(Enough * 3 / 2));
        Assert.False(burst.Due(Enough * 3 / 2)); // measured from the last release, not from the start
    }

    [Fact]
    public async Task IndexOff_ABurstOfScans_IsReleasedWhenItEnds()
    {
        await using var app = new OrchestratorApp().With("ORCH_INDEX", "off");
        var repo = app.CreateRepo();
        var lines = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"value_{i} = compute({i}) + offset\n"));
        for (var i = 0; i < 40; i++)
        {
            repo.Write($"src/m{i}.py", lines);
        }

        repo.Commit();
        await app.SelectAsync(repo);
        var manager = app.Service<IndexManager>();
        var client = app.CreateClient(TestRole.Actions);
        var before = manager.Releases;

        // Case-insensitive: every line of every file is served (redacted) and matched, so each scan allocates.
        var start = GC.GetTotalAllocatedBytes();
        for (var round = 0; round < 400 && GC.GetTotalAllocatedBytes() - start < 2 * Enough; round++)
        {
            using var response = await client.Get("/search?q=NEVER_WRITTEN_ANYWHERE&case_sensitive=false");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("off", (await response.Json()).GetProperty("index").GetString());
        }

        Assert.True(GC.GetTotalAllocatedBytes() - start >= 2 * Enough, "the scans allocated too little to need a release");
        Assert.True(
            await IndexTestKit.EventuallyAsync(() => Task.FromResult(manager.Releases > before)),
            "no release followed the burst with ORCH_INDEX=off");
    }

    [LinuxFact]
    public void DroppedPages_LeaveTheMappingAndEveryAnswer_AndAreReadAgain()
    {
        using var folder = new TempDirectory("orch-index-pages");
        var path = Path.Combine(folder.Path, "pages.idx");
        var extractor = new TrigramExtractor();
        var files = Enumerable.Range(0, 3000)
            .Select(i => new IndexedFile($"src/folder{i % 37}/file{i:D5}.py", new FileStamp(i, i * 10, i * 20, (ulong)i, 7), i, i % 5,
                IndexedFileFlags.None, extractor.Extract(System.Text.Encoding.UTF8.GetBytes($"name_{i} value_{i % 97} common"))))
            .ToList();
        byte[] fingerprint = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
        using (var writer = new IndexFileWriter(path, fingerprint, 1))
        {
            writer.AddShard(files.Take(1500).ToList());
            writer.AddShard(files.Skip(1500).ToList());
            writer.Complete();
        }

        using var index = IndexFile.Open(path, fingerprint);
        var before = ReadAll(index);
        var resident = ResidentKib(path);
        Assert.True(resident > 0, "reading the index made none of its pages resident");

        index.DropResidentPages();
        Assert.Equal(0, ResidentKib(path));

        Assert.Equal(before, ReadAll(index)); // the same bytes, read again from the file's pages
        Assert.True(ResidentKib(path) > 0);
    }

    private static List<string> ReadAll(IndexFile index)
    {
        var answers = Enumerable.Range(0, index.FileCount).Select(id => $"{index.PathOf(id)} {index.File(id).Stamp} {index.FlagsOf(id)}").ToList();
        foreach (var word in new[] { "common", "value_42", "name_2999", "absent" })
        {
            answers.Add(word + ": " + string.Join(',', index.FilesWithAll(IndexFileTests.Trigrams(word))));
        }

        return answers;
    }

    // The resident KiB of the mappings of path in this process (/proc/self/smaps).
    private static long ResidentKib(string path)
    {
        long total = 0;
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            if (line.Length > 0 && char.IsAsciiHexDigit(line[0]) && line.Contains('-', StringComparison.Ordinal) && line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: >= 5 } header)
            {
                inside = header.Length >= 6 && string.Equals(string.Join(' ', header[5..]), path, StringComparison.Ordinal);
            }
            else if (inside && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return total;
    }
}
