using System.Diagnostics;
using System.Text;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Index;

/// <summary>
/// A hostile repository against the index: every change a local process can make (racy same-size rewrites with the
/// mtime put back, rename-over, folders renamed or swapped for links, `.gitignore` files that appear and change, hard
/// links made from outside, FIFOs, odd Unicode names, paths longer than the guard accepts). The property each time:
/// once the index caught up it answers exactly as the full scan (a service with ORCH_INDEX=off) does, and it never
/// serves text the scan would not.
/// </summary>
public sealed class IndexHostileRepositoryTests
{
    [Fact]
    public async Task Index_SameSizeRewritesWithMtimePutBack_AnswersAsTheScan()
    {
        await using var pair = await IndexAndScan.StartAsync(r => r.Write("src/a.py", "racy_one = 1\n").Write("src/b.py", "other = 1\n"));
        var file = pair.PathOf("src/a.py");
        var mtime = File.GetLastWriteTimeUtc(file);

        // Rewrites of the same size in a burst (many within one clock tick), each time the mtime set back (`touch -d`).
        foreach (var marker in new[] { "racy_two", "racy_3rd", "racy_one", "racy_fin" })
        {
            File.WriteAllText(file, marker + " = 1\n");
            File.SetLastWriteTimeUtc(file, mtime);
        }

        await pair.CaughtUpAsync(["q=racy_fin", "q=racy_one", "q=racy_two", "q=racy_"], ["max_depth=6"]);
        Assert.Single((await pair.ViaIndex.SearchAllAsync("q=racy_fin")).Hits);
        Assert.Empty((await pair.ViaIndex.SearchAllAsync("q=racy_one")).Hits);
    }

    [Fact]
    public async Task Index_MtimeInFutureOrPast_AnswersAsTheScan()
    {
        await using var pair = await IndexAndScan.StartAsync(r => r.Write("future.py", "when_marker = 'future'\n").Write("past.py", "when_marker = 'past'\n"));
        File.SetLastWriteTimeUtc(pair.PathOf("future.py"), DateTime.UtcNow.AddYears(5));
        File.SetLastWriteTimeUtc(pair.PathOf("past.py"), new DateTime(1999, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await pair.CaughtUpAsync(["q=when_marker"], ["max_depth=6"]);

        File.WriteAllText(pair.PathOf("future.py"), "when_marker = 'FUTUR'\n");
        File.SetLastWriteTimeUtc(pair.PathOf("future.py"), DateTime.UtcNow.AddYears(5));
        File.WriteAllText(pair.PathOf("past.py"), "when_marker = 'PAST!'\n");
        File.SetLastWriteTimeUtc(pair.PathOf("past.py"), new DateTime(1999, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await pair.CaughtUpAsync(["q=when_marker", "q=FUTUR", "q=PAST!"], ["max_depth=6"]);
    }

    [Fact]
    public async Task Index_FileReplacedByRenameOver_AnswersAsTheScan()
    {
        await using var pair = await IndexAndScan.StartAsync(r => r.Write("src/a.py", "before_save = 1\n"));
        for (var i = 0; i < 5; i++)
        {
            var temporary = pair.PathOf($"src/a.py.{i}.tmp");
            File.WriteAllText(temporary, $"after_save_{i} = 1\n");
            File.Move(temporary, pair.PathOf("src/a.py"), overwrite: true); // an editor's atomic save
        }

        await pair.CaughtUpAsync(["q=after_save_4", "q=before_save", "q=after_save"], ["max_depth=6"]);
        Assert.Single((await pair.ViaIndex.SearchAllAsync("q=after_save")).Hits);
    }

    [Fact]
    public async Task Index_FolderRenamedThenEditedInside_AnswersAsTheScan()
    {
        await using var pair = await IndexAndScan.StartAsync(r => r.Write("src/deep/x.py", "x = 'folder_marker'\n").Write("src/y.py", "y = 1\n"));
        Directory.Move(pair.PathOf("src"), pair.PathOf("lib"));
        await pair.CaughtUpAsync(["q=folder_marker"], ["max_depth=6"]);

        // Edits inside the renamed folder must be seen under its new name.
        File.AppendAllText(pair.PathOf("lib/deep/x.py"), "renamed_edit_marker = 2\n");
        File.WriteAllText(pair.PathOf("lib/deep/new.py"), "renamed_new_marker = 3\n");
        File.Delete(pair.PathOf("lib/y.py"));
        await pair.CaughtUpAsync(["q=renamed_edit_marker", "q=renamed_new_marker", "q=folder_marker"], ["max_depth=6", "path=lib&max_depth=1"]);
        Assert.Single((await pair.ViaIndex.SearchAllAsync("q=renamed_new_marker")).Hits);
    }

    [Fact]
    public async Task Index_FolderSwappedForLinkInsideRepository_ListsAndFindsNothingThroughIt()
    {
        await using var pair = await IndexAndScan.StartAsync(r => r.Write("src/a.py", "swap_marker = 'src'\n").Write("other/a.py", "swap_marker = 'other'\n"));
        Directory.Delete(pair.PathOf("src"), recursive: true);
        Directory.CreateSymbolicLink(pair.PathOf("src"), pair.PathOf("other"));
        await pair.CaughtUpAsync(["q=swap_marker"], ["max_depth=6", "path=.&max_depth=0"]);
        var (hits, _) = await pair.ViaIndex.SearchAllAsync("q=swap_marker");
        Assert.Contains("other/a.py", Assert.Single(hits), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_GitIgnoreAppearsChangesNegatesAndGoes_AnswersAsTheScan()
    {
        await using var pair = await IndexAndScan.StartAsync(r => r
            .Write("src/gen/g.py", "ign_marker = 'gen'\n").Write("src/keep.py", "ign_marker = 'keep'\n").Write("top.py", "ign_marker = 'top'\n"));
        string[] searches = ["q=ign_marker"];
        string[] listings = ["max_depth=6", "path=src&max_depth=6", "path=src/gen"];

        File.WriteAllText(pair.PathOf("src/.gitignore"), "gen/\n");
        await pair.CaughtUpAsync(searches, listings);
        File.WriteAllText(pair.PathOf(".gitignore"), "*.py\n!keep.py\n");
        await pair.CaughtUpAsync(searches, listings);
        File.WriteAllText(pair.PathOf(".gitignore"), "src/\n");
        await pair.CaughtUpAsync(searches, listings);
        File.Delete(pair.PathOf(".gitignore"));
        File.Delete(pair.PathOf("src/.gitignore"));
        await pair.CaughtUpAsync(searches, listings);
        Assert.Equal(3, (await pair.ViaIndex.SearchAllAsync("q=ign_marker")).Hits.Count);
    }

    [Fact]
    public async Task Index_HardLinkMadeFromOutside_FileNeverServedAndListingCatchesUp()
    {
        using var outside = new Infrastructure.TempDirectory("orch-outside");
        // A new link changes only the inode (no event reaches the folder's watch): the full check catches it.
        await using var pair = await IndexAndScan.StartAsync(
            r => r.Write("src/a.py", "linked_away_marker = 1\n").Write("src/b.py", "b = 1\n"), app => app.With("ORCH_INDEX_RECHECK_SECONDS", "5"));
        Assert.Single((await pair.ViaIndex.SearchAllAsync("q=linked_away_marker")).Hits);

        // Only the inode's link count changes: no name in the repository is created or removed.
        ReadPathTestKit.HardLink(pair.PathOf("src/a.py"), Path.Combine(outside.Path, "copy.py"));
        Assert.Empty((await pair.ViaIndex.SearchAllAsync("q=linked_away_marker")).Hits); // SECURITY: at once, not once caught up
        await pair.CaughtUpAsync(["q=linked_away_marker"], ["max_depth=6"]);
    }

    [Fact]
    public async Task Index_FileSwappedForFifo_NeverBlocksAndAnswersAsTheScan()
    {
        await using var pair = await IndexAndScan.StartAsync(r => r.Write("src/a.py", "fifo_marker = 1\n").Write("src/b.py", "fifo_marker = 2\n"));
        File.Delete(pair.PathOf("src/a.py"));
        ReadPathTestKit.MakeFifo(pair.PathOf("src/a.py"));
        var searching = pair.ViaIndex.SearchAllAsync("q=fifo_marker");
        Assert.Same(searching, await Task.WhenAny(searching, Task.Delay(TimeSpan.FromSeconds(10))));
        await pair.CaughtUpAsync(["q=fifo_marker"], ["max_depth=6"]);
        Assert.Single((await pair.ViaIndex.SearchAllAsync("q=fifo_marker")).Hits);
    }

    [Fact]
    public async Task Index_OddUnicodeNames_ListAndPageAsTheScan()
    {
        string[] names =
        [
            "caf\u00e9.py", "cafe\u0301.py", "\U0001F600.py", "\uE000.py", "\uFFEE.py", "a-b.py", "a.b.py", "a b.py", "\u202Eyp.txt.py",
            "\u0130i.py", "\u212Aelvin.py", "\u05D0\u05D1.py", "x\u200By.py", "\uFEFFbom.py", "Z.py", "z.py", "\u00DF.py",
        ];
        await using var pair = await IndexAndScan.StartAsync(r =>
        {
            foreach (var name in names)
            {
                r.Write(name, "uni_marker = 1\n").Write("a/" + name, "uni_marker = 2\n").Write("a-b/" + name, "uni_marker = 3\n");
            }

            r.Write("a/b.py", "uni_marker = 4\n");
        });

        // Names that are not UTF-8 at all: bytes the file system stores as given.
        foreach (var raw in new[] { "bad\\xff.py", "bad\\xc3\\x28.py", "bad\\xed\\xa0\\x80.py" })
        {
            Shell($"printf 'uni_marker = 5\\n' > \"$(printf '{raw}')\"", pair.Repo.Path);
        }

        Assert.Equal("ready", await pair.SameTreeAsync("max_depth=6"));
        Assert.Equal("ready", await pair.SameSearchAsync("q=uni_marker"));
        await pair.CaughtUpAsync(["q=uni_marker", "q=uni_marker%20%3D%202", "q=UNI_MARKER&case_sensitive=false"], ["max_depth=6", "path=a&max_depth=0", "path=a-b"]);
    }

    [Fact]
    public async Task Index_PathLongerThanTheGuardAccepts_AnswersAsTheScan()
    {
        // 20 folders of 200 characters: over 4,000 characters below the repository, more than the guard resolves.
        var folder = string.Join('/', Enumerable.Range(0, 20).Select(i => new string((char)('a' + i), 200)));
        await using var pair = await IndexAndScan.StartAsync(r => r.Write("near.py", "long_marker = 'near'\n"));
        Shell($"mkdir -p '{folder}' && printf \"long_marker = 'far'\\n\" > '{folder}/far.py'", pair.Repo.Path);
        await pair.CaughtUpAsync(["q=long_marker"], []);
    }

    [Fact]
    public async Task Index_FileGrowsPastTheLimitAndShrinks_AnswersAsTheScan()
    {
        await using var pair = await IndexAndScan.StartAsync(
            r => r.Write("big.py", "size_marker = 1\n" + new string('#', 5000)).Write("small.py", "size_marker = 2\n"),
            app => app.With("ORCH_MAX_FILE_BYTES", "4096"));
        await pair.CaughtUpAsync(["q=size_marker"], ["max_depth=6"]);
        File.WriteAllText(pair.PathOf("big.py"), "size_marker = 3\n");
        File.WriteAllText(pair.PathOf("small.py"), "size_marker = 4\n" + new string('#', 5000));
        await pair.CaughtUpAsync(["q=size_marker"], ["max_depth=6"]);
        Assert.Contains("big.py", Assert.Single((await pair.ViaIndex.SearchAllAsync("q=size_marker")).Hits), StringComparison.Ordinal);
    }

    private static void Shell(string script, string folder)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = folder, RedirectStandardError = true, StandardErrorEncoding = Encoding.UTF8 };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
    }
}
