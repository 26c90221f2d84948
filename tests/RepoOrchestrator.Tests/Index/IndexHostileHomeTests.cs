using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Index;

/// <summary>
/// A hostile local process against ORCH_HOME/index: the index file truncated, replaced by garbage, by another
/// repository's index, by an older index of the same repository, by a FIFO or a folder, and the index folder made
/// unwritable (a full disk). The property: what is there is never trusted (answers are the scan's), and once the
/// obstacle is gone the index is built again.
/// </summary>
public sealed class IndexHostileHomeTests
{
    public static TheoryData<string> Tamperings => ["truncated", "garbage", "empty", "foreign", "older", "fifo", "folder", "link-to-foreign"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task Index_TamperedFileInHome_NeverTrusted(string tampering)
    {
        using var home = new TempDirectory("orch-home");
        using var root = new TempDirectory("orch-root");
        using var otherHome = new TempDirectory("orch-other-home");
        TempGitRepo repo;
        await using (var first = new OrchestratorApp(root.Path, home.Path))
        {
            repo = first.CreateRepo();
            repo.Write("a.py", "tamper_marker = 'old'\n").Write("b.py", "b = 1\n").Commit();
            await first.SelectAsync(repo);
            await first.WaitForIndexAsync();
        }

        var file = Assert.Single(Directory.GetFiles(Path.Combine(home.Path, "index"), "*.idx"));
        var older = File.ReadAllBytes(file);
        File.WriteAllText(Path.Combine(repo.Path, "a.py"), "tamper_marker = 'new'\n" + "x = 1\n");
        File.WriteAllText(Path.Combine(repo.Path, "c.py"), "tamper_marker = 'added'\n");
        var foreign = await ForeignIndexAsync(root.Path, otherHome.Path);
        switch (tampering)
        {
            case "truncated": File.WriteAllBytes(file, older[..(older.Length / 2)]); break;
            case "garbage": File.WriteAllBytes(file, [.. Enumerable.Range(0, older.Length).Select(i => (byte)(i * 31))]); break;
            case "empty": File.WriteAllBytes(file, []); break;
            case "foreign": File.Copy(foreign, file, overwrite: true); break;
            case "older": break; // the index of the files as they were: still sound, but outdated
            case "fifo": File.Delete(file); ReadPathTestKit.MakeFifo(file); break;
            case "folder": File.Delete(file); Directory.CreateDirectory(Path.Combine(file, "x")); break;
            case "link-to-foreign": File.Delete(file); File.CreateSymbolicLink(file, foreign); break;
        }

        using var scanHome = new TempDirectory("orch-scan-home");
        await using var second = new OrchestratorApp(root.Path, home.Path);
        await using var scanned = new OrchestratorApp(root.Path, scanHome.Path).With("ORCH_INDEX", "off");
        await scanned.SelectAsync(repo);
        using var viaIndex = second.CreateClient(TestRole.Actions);
        using var viaScan = scanned.CreateClient(TestRole.Actions);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        string use;
        do
        {
            // SECURITY: whatever state the index is in, every answer is the scan's.
            var (expected, _) = await viaScan.SearchAllAsync("q=tamper_marker");
            (var actual, use) = await viaIndex.SearchAllAsync("q=tamper_marker");
            Assert.Equal(expected, actual);
            Assert.Equal((await viaScan.TreeAllAsync("max_depth=6")).Entries, (await viaIndex.TreeAllAsync("max_depth=6")).Entries);
            await Task.Delay(50);
        }
        while (use != "ready" && (tampering != "folder" || use != "unavailable") && DateTimeOffset.UtcNow < deadline);
        Assert.True(use == "ready" || (tampering == "folder" && use == "unavailable"), tampering + " → " + use);
        Assert.Equal(2, (await viaIndex.SearchAllAsync("q=tamper_marker")).Hits.Count);
    }

    [Fact]
    public async Task Index_UnwritableIndexFolder_ScansThenIsBuiltOnceWritable()
    {
        using var home = new TempDirectory("orch-home");
        using var root = new TempDirectory("orch-root");
        var blocker = Path.Combine(home.Path, "index");
        File.WriteAllText(blocker, "not a folder"); // no folder can be made here: every write fails, as on a full disk
        await using var app = new OrchestratorApp(root.Path, home.Path).With("ORCH_INDEX_RECHECK_SECONDS", "5");
        var repo = app.CreateRepo();
        repo.Write("a.py", "disk_marker = 1\n").Commit();
        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);
        Assert.True(await IndexTestKit.EventuallyAsync(async () => (await client.SearchAllAsync("q=disk_marker")).Index == "unavailable"));
        Assert.Single((await client.SearchAllAsync("q=disk_marker")).Hits);

        File.Delete(blocker); // space again: the next full check builds it
        Assert.True(await IndexTestKit.EventuallyAsync(async () => (await client.SearchAllAsync("q=disk_marker")).Index == "ready"));
        Assert.Single((await client.SearchAllAsync("q=disk_marker")).Hits);
    }

    // A sound index of another repository (its own fingerprint), as a hostile process could copy one in.
    private static async Task<string> ForeignIndexAsync(string root, string otherHome)
    {
        await using var other = new OrchestratorApp(root, otherHome);
        var repo = other.CreateRepo("other");
        repo.Write("a.py", "other_repo = 1\n").Commit();
        await other.SelectAsync(repo);
        await other.WaitForIndexAsync();
        return Assert.Single(Directory.GetFiles(Path.Combine(otherHome, "index"), "*.idx"));
    }
}
