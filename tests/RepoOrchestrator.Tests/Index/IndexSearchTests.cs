using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Index;

/// <summary>
/// Issue 19: /search and /tree answer through the repository index once it is ready, and every answer is the one a
/// full scan gives (compared with a second service on the same repository with ORCH_INDEX=off), on a repository
/// holding what the scan leaves out or treats specially: binary, huge, ignored, denied, dot, hard-linked and linked
/// files, a redacted secret, and invisible characters.
/// </summary>
public sealed class IndexSearchTests
{
    private const string Secret = "Xk9vQ2mP7rT4wZ";

    [Fact]
    public async Task SearchAndTree_ThroughReadyIndex_AnswerExactlyAsTheScan()
    {
        using var scanHome = new TempDirectory("orch-scan-home");
        await using var indexed = new OrchestratorApp();
        var repo = Corpus(indexed);
        await indexed.SelectAsync(repo);
        await using var scanned = new OrchestratorApp(indexed.Root, scanHome.Path).With("ORCH_INDEX", "off");
        await scanned.SelectAsync(repo);
        await indexed.WaitForIndexAsync();
        using var viaIndex = indexed.CreateClient(TestRole.Actions);
        using var viaScan = scanned.CreateClient(TestRole.Actions);

        string[] searches =
        [
            "q=needle_alpha", "q=NEEDLE_ALPHA&case_sensitive=false", "q=needle_alpha&case_sensitive=true", "q=return", "q=return&context_lines=2",
            "q=password", "q=" + Secret[..5], "q=hidden_zw", "q=common_word&ext=py", "q=common_word&glob=src/**",
            "q=common_word&exclude_glob=*.md", "q=caf%C3%A9_token", "q=CAF%C3%89_TOKEN&case_sensitive=false", "q=huge_marker",
            "q=ignored_marker", "q=binary_marker", "q=dot_marker", "q=linked_marker", "q=common_word",
            "q=needle_%5Cw%2B&regex=true", "q=ret(urn)%3F_value&regex=true", "q=common_word%7Cneedle_alpha&regex=true",
            "q=%5BA-Z%5D%2B_ALPHA&regex=true", "q=hidden.zw&regex=true", "q=NEEDLE.ALPHA&regex=true&case_sensitive=false",
            "q=REDACTED&regex=true", "q=ACT%5D&regex=true", "q=pass%5Cw%2B&regex=true",
        ];
        foreach (var query in searches)
        {
            var (expected, scanUse) = await viaScan.SearchAllAsync(query);
            var (actual, indexUse) = await viaIndex.SearchAllAsync(query);
            Assert.Equal("off", scanUse);
            Assert.True(indexUse is "ready" or "bypassed", query + " → " + indexUse);
            Assert.Equal(expected, actual);
        }

        // Literals the index can narrow are answered through it.
        Assert.Equal("ready", (await viaIndex.SearchAllAsync("q=needle_alpha")).Index);
        Assert.Equal("ready", (await viaIndex.SearchAllAsync("q=NEEDLE_ALPHA&case_sensitive=false")).Index);
        Assert.Equal("ready", (await viaIndex.SearchAllAsync("q=needle_%5Cw%2B&regex=true")).Index);
        Assert.Equal("bypassed", (await viaIndex.SearchAllAsync("q=%5Cw%2B_a&regex=true")).Index); // nothing to narrow by
        // main.py is hard-linked (twin.py), so neither is served; util.py holds it in upper case.
        Assert.Single((await viaIndex.SearchAllAsync("q=needle_alpha")).Hits);
        Assert.Equal(2, (await viaIndex.SearchAllAsync("q=needle_alpha&case_sensitive=false")).Hits.Count);
        Assert.Empty((await viaIndex.SearchAllAsync("q=" + Secret[..5])).Hits); // SECURITY: the secret is no hit

        string[] listings = ["path=.&max_depth=6", "path=src&max_depth=0", "path=src&max_depth=1", "path=docs", "path=.&max_depth=0"];
        foreach (var query in listings)
        {
            var (expected, _) = await viaScan.TreeAllAsync(query);
            var (actual, indexUse) = await viaIndex.TreeAllAsync(query);
            Assert.Equal("ready", indexUse);
            Assert.Equal(expected, actual);
        }

        Assert.Equal("bypassed", (await viaIndex.TreeAllAsync("path=.&gitignore=false")).Index);
        Assert.Equal("bypassed", (await viaIndex.SearchAllAsync("q=needle_alpha&gitignore=false")).Index);
    }

    [Fact]
    public async Task Search_ManyPages_ThroughIndex_MatchTheScanPageForPage()
    {
        using var scanHome = new TempDirectory("orch-scan-home");
        await using var indexed = new OrchestratorApp();
        var repo = indexed.CreateRepo();
        for (var i = 0; i < 300; i++)
        {
            repo.Write($"pkg{i % 7}/file{i:D3}.py", string.Concat(Enumerable.Range(0, 1 + (i % 3)).Select(n => $"x = {n} # paging_word\n")));
        }

        repo.Commit();
        await indexed.SelectAsync(repo);
        await using var scanned = new OrchestratorApp(indexed.Root, scanHome.Path).With("ORCH_INDEX", "off");
        await scanned.SelectAsync(repo);
        await indexed.WaitForIndexAsync();
        using var viaIndex = indexed.CreateClient(TestRole.Actions);
        using var viaScan = scanned.CreateClient(TestRole.Actions);

        var (expected, _) = await viaScan.SearchAllAsync("q=paging_word");
        var (actual, use) = await viaIndex.SearchAllAsync("q=paging_word");
        Assert.Equal("ready", use);
        Assert.Equal(600, actual.Count);
        Assert.Equal(expected, actual);
        Assert.Equal((await viaScan.TreeAllAsync("max_depth=6")).Entries, (await viaIndex.TreeAllAsync("max_depth=6")).Entries);
    }

    [Fact]
    public async Task Index_AfterEditRenameDelete_AnswersAsTheFilesAreNow()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        repo.Write("src/a.py", "print('first')\n").Write("src/b.py", "renamed_marker = 1\n").Write("src/c.py", "deleted_marker = 1\n").Commit();
        await app.SelectAsync(repo);
        await app.WaitForIndexAsync();
        using var client = app.CreateClient(TestRole.Actions);
        Assert.Single((await client.SearchAllAsync("q=renamed_marker")).Hits);

        File.AppendAllText(Path.Combine(repo.Path, "src", "a.py"), "edited_marker = 2\n");
        File.Move(Path.Combine(repo.Path, "src", "b.py"), Path.Combine(repo.Path, "src", "moved.py"));
        File.Delete(Path.Combine(repo.Path, "src", "c.py"));
        Directory.CreateDirectory(Path.Combine(repo.Path, "new", "deep"));
        File.WriteAllText(Path.Combine(repo.Path, "new", "deep", "d.py"), "created_marker = 3\n");

        Assert.True(await IndexTestKit.EventuallyAsync(async () =>
        {
            var edited = await client.SearchAllAsync("q=edited_marker");
            var moved = await client.SearchAllAsync("q=renamed_marker");
            var deleted = await client.SearchAllAsync("q=deleted_marker");
            var created = await client.SearchAllAsync("q=created_marker");
            var tree = await client.TreeAllAsync("max_depth=6");
            return edited.Index == "ready" && edited.Hits.Count == 1
                && moved.Hits.Count == 1 && moved.Hits[0].Contains("src/moved.py", StringComparison.Ordinal)
                && deleted.Hits.Count == 0 && created.Hits.Count == 1 && created.Index == "ready"
                && tree.Entries.Any(e => e.Contains("new/deep/d.py", StringComparison.Ordinal))
                && !tree.Entries.Any(e => e.Contains("src/c.py", StringComparison.Ordinal) || e.Contains("src/b.py", StringComparison.Ordinal));
        }));
    }

    [Fact]
    public async Task Index_FolderSwappedForLinkOutside_NeverServesOutsideText()
    {
        using var outside = new TempDirectory("orch-outside");
        Directory.CreateDirectory(Path.Combine(outside.Path, "lib"));
        File.WriteAllText(Path.Combine(outside.Path, "lib", "util.py"), "outside_secret_marker = 'leak'\n");
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        repo.Write("lib/util.py", "inside = 'outside_secret_marker'\n").Commit();
        await app.SelectAsync(repo);
        await app.WaitForIndexAsync();
        using var client = app.CreateClient(TestRole.Actions);
        Assert.Single((await client.SearchAllAsync("q=outside_secret_marker")).Hits);

        // A hostile local process swaps the indexed folder for a link to a folder with the same names outside.
        Directory.Delete(Path.Combine(repo.Path, "lib"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(repo.Path, "lib"), Path.Combine(outside.Path, "lib"));
        for (var i = 0; i < 20; i++)
        {
            var (hits, _) = await client.SearchAllAsync("q=outside_secret_marker");
            Assert.DoesNotContain(hits, h => h.Contains("leak", StringComparison.Ordinal)); // SECURITY: never text from outside
            var (entries, _) = await client.TreeAllAsync("max_depth=6");
            if (hits.Count == 0 && entries.Count == 0)
            {
                return; // the index caught up: nothing is listed or found
            }

            await Task.Delay(100);
        }

        Assert.Fail("the index still proposed the swapped folder after 2 s");
    }

    [Fact]
    public async Task Index_CorruptOnDisk_IsRebuiltNotTrusted()
    {
        using var home = new TempDirectory("orch-home");
        using var root = new TempDirectory("orch-root");
        TempGitRepo repo;
        await using (var first = new OrchestratorApp(root.Path, home.Path))
        {
            repo = first.CreateRepo();
            repo.Write("a.py", "corrupt_marker = 1\n").Write("b.py", "other = 2\n").Commit();
            await first.SelectAsync(repo);
            await first.WaitForIndexAsync();
        }

        var file = Assert.Single(Directory.GetFiles(Path.Combine(home.Path, "index"), "*.idx"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(home.Path, "index")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        // Flip one byte of the postings: the file no longer matches its checksum.
        var bytes = File.ReadAllBytes(file);
        bytes[200] ^= 0x5A;
        File.WriteAllBytes(file, bytes);

        await using var second = new OrchestratorApp(root.Path, home.Path);
        await second.WaitForIndexAsync();
        using var client = second.CreateClient(TestRole.Actions);
        var (hits, use) = await client.SearchAllAsync("q=corrupt_marker");
        Assert.Equal("ready", use);
        Assert.Single(hits);
        Assert.NotEqual(bytes, File.ReadAllBytes(Assert.Single(Directory.GetFiles(Path.Combine(home.Path, "index"), "*.idx"))));
    }

    [Fact]
    public async Task Index_LoadedAfterRestart_SeesChangesMadeWhileStopped()
    {
        using var home = new TempDirectory("orch-home");
        using var root = new TempDirectory("orch-root");
        TempGitRepo repo;
        await using (var first = new OrchestratorApp(root.Path, home.Path))
        {
            repo = first.CreateRepo();
            repo.Write("a.py", "before_marker = 1\n").Write("b.py", "gone_marker = 2\n").Commit();
            await first.SelectAsync(repo);
            await first.WaitForIndexAsync();
        }

        File.WriteAllText(Path.Combine(repo.Path, "a.py"), "while_stopped_marker = 1\n");
        File.Delete(Path.Combine(repo.Path, "b.py"));

        await using var second = new OrchestratorApp(root.Path, home.Path);
        await second.WaitForIndexAsync();
        using var client = second.CreateClient(TestRole.Actions);
        Assert.Single((await client.SearchAllAsync("q=while_stopped_marker")).Hits);
        Assert.Empty((await client.SearchAllAsync("q=before_marker")).Hits);
        Assert.Empty((await client.SearchAllAsync("q=gone_marker")).Hits);
        Assert.Equal("ready", (await client.SearchAllAsync("q=while_stopped_marker")).Index);
    }

    // What the scan leaves out or treats specially, beside ordinary files.
    private static TempGitRepo Corpus(OrchestratorApp app)
    {
        var repo = app.CreateRepo();
        repo.Write(".gitignore", "ignored/\n*.log.py\n")
            .Write("src/main.py", "def main():\n    needle_alpha()\n    return common_word\n")
            .Write("src/lib/util.py", "NEEDLE_ALPHA = 1\ncommon_word = 2\nreturn_value = 3\n")
            .Write("src/lib/more.ts", "export const x = 'needle_alpha';\n// common_word\n")
            .Write("src/config.py", $"password = \"{Secret}\"\nname = \"common_word\"\n")
            .Write("src/hidden.py", "hidden_zw = 'a\u200Bb'\n")
            .Write("src/café.py", "café_token = 1\nCAFÉ_TOKEN = 2\n")
            .Write("docs/readme.md", "common_word in docs\nreturn to sender\n")
            .Write("ignored/skip.py", "ignored_marker = 1\n")
            .Write("src/x.log.py", "ignored_marker = 2\n")
            .Write("node_modules/pkg/index.js", "common_word denied\n")
            .Write(".hidden/dot.py", "dot_marker = 1\n")
            .Write("src/huge.py", "huge_marker = 1\n" + new string('#', 6 * 1024 * 1024))
            .WriteBytes("src/blob.py", [.. "binary_marker"u8, 0, 1, 2, 0, 0]);
        for (var i = 0; i < 40; i++)
        {
            repo.Write($"src/gen/m{i:D2}.py", $"value_{i} = {i}\nreturn common_word\n");
        }

        repo.Commit();
        ReadPathTestKit.HardLink(Path.Combine(repo.Path, "src", "main.py"), Path.Combine(repo.Path, "src", "twin.py"));
        File.WriteAllText(Path.Combine(repo.Path, "..", "linked_target.py"), "linked_marker = 1\n");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "src", "link.py"), Path.Combine(repo.Path, "..", "linked_target.py"));
        return repo;
    }
}
