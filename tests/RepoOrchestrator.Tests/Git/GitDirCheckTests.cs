using RepoOrchestrator.Git;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Git;

/// <summary>
/// What <see cref="GitDirCheck"/> lets through: a real `.git` folder with no commondir, no alternates and no link
/// anywhere below it (a structural rule: pointers are never parsed, so no parser difference with git can leak).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class GitDirCheckTests
{
    [Fact]
    public void Check_OrdinaryRepository_PassesPinned()
    {
        using var root = new TempDirectory();
        var repo = new TempGitRepo(root.Path);
        repo.Write("a.txt", "a\n").Commit();

        var verdict = GitDirCheck.Check(repo.Path);

        Assert.Null(verdict.Problem);
        using var pinned = Assert.IsType<PinnedGitDir>(verdict.GitDir);
        Assert.True(File.Exists(Path.Combine(pinned.Path, "HEAD")));
        Assert.StartsWith("/proc/self/fd/", pinned.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EmptyAlternatesFile_Passes()
    {
        using var root = new TempDirectory();
        var repo = new TempGitRepo(root.Path);
        File.WriteAllText(Path.Combine(repo.Path, ".git", "objects", "info", "alternates"), "");

        var verdict = GitDirCheck.Check(repo.Path);

        Assert.Null(verdict.Problem);
        verdict.GitDir!.Dispose();
    }

    [Theory]
    [InlineData("objects/info/alternates", "../extra-objects\n", "alternates")]
    [InlineData("objects/info/alternates", "# only a comment\n", "alternates")]
    [InlineData("objects/info/http-alternates", "https://example.invalid/objects\n", "http-alternates")]
    [InlineData("commondir", ".\n", "commondir")]
    [InlineData("commondir", "abc\0def\n", "commondir")]
    public void Check_PointerFileWithContent_IsRefusedWhateverItSays(string file, string content, string named)
    {
        using var root = new TempDirectory();
        var repo = new TempGitRepo(root.Path);
        File.WriteAllText(Path.Combine(repo.Path, ".git", file), content);

        var verdict = GitDirCheck.Check(repo.Path);

        Assert.Null(verdict.GitDir);
        Assert.Contains(named, verdict.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("refs/alias", "heads")] // inside, still refused: git resolves links its own way
    [InlineData("hooks/loop", "hooks/loop")]
    [InlineData("objects/elsewhere", "/tmp")]
    public void Check_AnyLinkBelowTheGitDir_IsRefused(string link, string target)
    {
        using var root = new TempDirectory();
        var repo = new TempGitRepo(root.Path);
        File.CreateSymbolicLink(Path.Combine(repo.Path, ".git", link), target);

        Assert.Contains("symbolic link", GitDirCheck.Check(repo.Path).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_FifoAsCommondir_IsRefusedWithoutReadingIt()
    {
        using var root = new TempDirectory();
        var repo = new TempGitRepo(root.Path);
        var (code, _, error) = await ChildProcess.RunAsync("mkfifo", [Path.Combine(repo.Path, ".git", "commondir")], root.Path);
        Assert.True(code == 0, error);

        var check = Task.Run(() => GitDirCheck.Check(repo.Path));

        Assert.Same(check, await Task.WhenAny(check, Task.Delay(TimeSpan.FromSeconds(30)))); // bounds a hang, not a speed
        Assert.Contains("commondir", (await check).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FolderWithoutGit_IsNotARepository()
    {
        using var root = new TempDirectory();

        Assert.Contains("not a git repository", GitDirCheck.Check(root.Path).Problem, StringComparison.Ordinal);
    }
}
