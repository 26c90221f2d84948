using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Reading;

/// <summary>
/// A folder of the repository atomically exchanged, in a loop, with a link to a folder outside it (renameat2
/// RENAME_EXCHANGE), while /tree, /search and /file are asked again and again: no outside name or byte comes back.
/// </summary>
public sealed partial class WalkRaceTests
{
    private const string OutsideName = "OUTSIDE_MARKER_NAME";
    private const string OutsideContent = "OUTSIDE_MARKER_CONTENT";
    private static readonly TimeSpan RaceFor = TimeSpan.FromSeconds(2);
    private const int MinRequests = 50;

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task ReadPath_FolderExchangedWithOutsideLinkInALoop_NothingFromOutsideIsServed()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(
            ("sub/inside.txt", "inside SWAPTOKEN\n"),
            ("sub/deeper/more.txt", "more SWAPTOKEN\n"),
            ("top.txt", "top\n"));
        var outside = Path.Combine(app.Root, "outside");
        Directory.CreateDirectory(Path.Combine(outside, "deeper"));
        await File.WriteAllTextAsync(Path.Combine(outside, OutsideName + ".txt"), OutsideContent + " SWAPTOKEN\n");
        await File.WriteAllTextAsync(Path.Combine(outside, "inside.txt"), OutsideContent + " SWAPTOKEN\n");
        await File.WriteAllTextAsync(Path.Combine(outside, "deeper", OutsideName + "2.txt"), OutsideContent + " SWAPTOKEN\n");
        var real = Path.Combine(repo.Path, "sub");
        var link = Path.Combine(repo.Path, "zlink");
        File.CreateSymbolicLink(link, outside);

        // The swap is live: one exchange makes sub/ the link (checked through plain .NET, which follows it).
        Exchange(real, link);
        Assert.True(File.Exists(Path.Combine(real, OutsideName + ".txt")));
        Exchange(real, link);

        using var client = app.CreateClient(TestRole.Actions);
        // The race runs for RaceFor and at least MinRequests requests (a loaded machine answers few in 2 s); the
        // swapper keeps exchanging until the last request is answered.
        using var stop = new CancellationTokenSource(RaceFor);
        using var done = new CancellationTokenSource();
        var swaps = 0;
        var swapper = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                Exchange(real, link);
                swaps++;
            }
        });

        // The outside folder also holds an inside.txt: /file of sub/inside.txt must never answer its bytes.
        string[] urls = ["/tree?max_depth=6", "/search?q=SWAPTOKEN", "/file?path=sub/inside.txt", "/tree?path=sub&max_depth=3", "/search?q=OUTSIDE_MARKER"];
        var requests = 0;
        var served = 0;
        while (!stop.IsCancellationRequested || requests < MinRequests)
        {
            foreach (var url in urls)
            {
                using var response = await client.Get(url);
                var body = await response.Content.ReadAsStringAsync();
                requests++;
                served += response.IsSuccessStatusCode ? 1 : 0;
                Assert.DoesNotContain(OutsideName, body, StringComparison.Ordinal); // SECURITY property: no outside name
                Assert.DoesNotContain(OutsideContent, body, StringComparison.Ordinal); // SECURITY property: no outside byte
            }
        }

        await done.CancelAsync();
        await swapper;
        if (swaps % 2 == 1)
        {
            Exchange(real, link); // leave sub/ a folder again
        }

        Assert.True(swaps > 100, $"the swap loop should have run (swaps: {swaps})");
        Assert.True(requests >= MinRequests && served > 0, $"the requests should have run (requests: {requests}, answered: {served})");
    }

    private static void Exchange(string a, string b)
    {
        if (NativeMethods.RenameAt2(-100, a, -100, b, 2) != 0)
        {
            throw new IOException($"renameat2 failed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int RenameAt2(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath, uint flags);
    }
}
