using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using RepoOrchestrator.Git;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Git;

/// <summary>
/// Breaks of the git dir check found by the attack review (branch attack-git) that are not a leak but a hang or a
/// 500: the check reads pointer files itself, synchronously and without ORCH_SUBPROCESS_TIMEOUT.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class GitDirCheckAttackTests
{
    /// <summary>
    /// `.git/commondir` is a FIFO: <see cref="GitDirCheck"/> opens it with File.ReadAllLines, which blocks until a
    /// writer appears — forever, with no timeout, on a request thread (the same for objects/info/alternates; a link to
    /// /dev/zero would be read until memory runs out, since links are checked only after the pointer files).
    /// </summary>
    [Fact]
    public async Task Diff_CommondirIsAFifo_AnswersWithinTheSubprocessTimeout()
    {
        await using var app = new OrchestratorApp().With("ORCH_SUBPROCESS_TIMEOUT", "2");
        var repo = app.CreateRepo();
        repo.Write("a.txt", "one\n").Commit("one");
        repo.Write("a.txt", "one\ntwo\n").Commit("two");
        var fifo = Path.Combine(repo.Path, ".git", "commondir");
        MakeFifo(fifo);
        await app.SelectAsync(repo);
        using var http = app.CreateClient(TestRole.Actions);

        // The in-process server runs the check on the caller's thread, so HttpClient.Timeout cannot fire: bound it here.
        var request = Task.Run(() => http.Get("/diff?base=HEAD~1"));
        var answered = await Task.WhenAny(request, Task.Delay(TimeSpan.FromSeconds(2 + 15))) == request;
        if (!answered)
        {
            Release(fifo); // let the blocked reader go, so the host can shut down
        }

        using var response = await request;
        Assert.True(answered, "GET /diff did not answer within ORCH_SUBPROCESS_TIMEOUT + 15 s: the git dir check blocks on a FIFO in .git");
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
    }

    /// <summary>A NUL byte in commondir: Path.GetFullPath throws ArgumentException, which the check does not catch (a 500).</summary>
    [Fact]
    public void Check_NulByteInCommondir_IsRefusedNotThrown()
    {
        using var root = new TempDirectory();
        var repo = new TempGitRepo(root.Path);
        repo.Write("a.txt", "a\n").Commit();
        File.WriteAllText(Path.Combine(repo.Path, ".git", "commondir"), "abc\0def\n");

        var verdict = GitDirCheck.Check(repo.Path);

        Assert.NotNull(verdict.Problem);
    }

    [Fact]
    public async Task Diff_NulByteInAlternates_Is400Not500()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        repo.Write("a.txt", "one\n").Commit("one");
        repo.Write("a.txt", "one\ntwo\n").Commit("two");
        File.WriteAllText(Path.Combine(repo.Path, ".git", "objects", "info", "alternates"), "abc\0def\n");
        await app.SelectAsync(repo);
        using var http = app.CreateClient(TestRole.Actions);

        using var response = await http.Get("/diff?base=HEAD~1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>
    /// A local process that can write the repository folder (not another repository) swaps `.git` for a link to another
    /// repository's git dir right after the check, and back: the check sees a real folder, the git calls that follow
    /// (by path: --git-dir=&lt;repo&gt;/.git) read the other repository. SECURITY.md states the limit as "whoever can
    /// write into the repository's .git already owns what the repository says", but the swap reads a repository the
    /// writer cannot read. Bounded race: three request loops against one swap loop for at most 20 s.
    /// </summary>
    [Fact]
    public async Task Diff_GitFolderSwappedForALinkAfterTheCheck_ServesNothingFromOutside()
    {
        await using var app = new OrchestratorApp();
        using var outside = new TempDirectory("orch-outside");
        var world = new HostileRepositories(app.Root, outside.Path);
        var repo = app.CreateRepo();
        repo.Write("a.txt", "one\n").Commit("one");
        repo.Write("a.txt", "one\ntwo\n").Commit("two");
        await app.SelectAsync(repo);
        var gitDir = Path.Combine(repo.Path, ".git");
        var swap = Path.Combine(repo.Path, "swap");
        File.CreateSymbolicLink(swap, Path.Combine(world.Victim.Path, ".git"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var swapper = Task.Factory.StartNew(
            () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    Exchange(gitDir, swap); // .git is now the link
                    Thread.Sleep(150);
                    Exchange(gitDir, swap); // .git is the real folder again, briefly
                    Thread.Sleep(1);
                }
            },
            TaskCreationOptions.LongRunning);
        var requests = 0;
        string? leak = null;
        async Task LoopAsync()
        {
            using var http = app.CreateClient(TestRole.Actions);
            while (!stop.IsCancellationRequested)
            {
                using var response = await http.Get("/diff?base=HEAD~1&mode=patch");
                var body = await response.Content.ReadAsStringAsync();
                Interlocked.Increment(ref requests);
                if (body.Contains(HostileRepositories.VictimContent, StringComparison.Ordinal))
                {
                    leak = body;
                    await stop.CancelAsync();
                }
            }
        }

        await Task.WhenAll(Task.Run(LoopAsync), Task.Run(LoopAsync), Task.Run(LoopAsync));
        await swapper;

        Assert.True(leak is null, $"after {requests} requests /diff served the other repository: {leak}");
    }

    private static void Exchange(string a, string b)
    {
        const int AtFdCwd = -100;
        const uint RenameExchange = 2;
        Assert.True(NativeMethods.RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0, $"renameat2: {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Opening a FIFO read-write never blocks and wakes a blocked reader, which then reads end-of-file.</summary>
    private static void Release(string fifo)
    {
        using var writer = new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite);
    }

    private static void MakeFifo(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int RenameAt2(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath, uint flags);
    }
}
