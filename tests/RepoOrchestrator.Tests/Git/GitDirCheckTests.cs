using RepoOrchestrator.Git;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Git;

/// <summary>What <see cref="GitDirCheck"/> lets through: git data inside the repository only, judged by real paths.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class GitDirCheckTests
{
    [Fact]
    public void Check_OrdinaryRepository_PassesWithItsRealGitDir()
    {
        using var root = new TempDirectory();
        var repo = new TempGitRepo(root.Path);
        repo.Write("a.txt", "a\n").Commit();

        var verdict = GitDirCheck.Check(repo.Path);

        Assert.Null(verdict.Problem);
        Assert.Equal(Path.Combine(repo.Path, ".git"), verdict.GitDir);
    }

    [Fact]
    public void Check_AlternatesAndLinksInsideTheGitDir_Pass()
    {
        using var root = new TempDirectory();
        var repo = new TempGitRepo(root.Path);
        var git = Path.Combine(repo.Path, ".git");
        Directory.CreateDirectory(Path.Combine(git, "extra-objects"));
        File.WriteAllText(Path.Combine(git, "objects", "info", "alternates"), "# a comment\n../extra-objects\n");
        File.CreateSymbolicLink(Path.Combine(git, "refs", "alias"), "heads");

        Assert.Null(GitDirCheck.Check(repo.Path).Problem);
    }

    [Theory]
    [InlineData("../../../elsewhere/objects", "alternates")]
    [InlineData("\"/quoted/path\"", "alternates")]
    [InlineData("../../../elsewhere", "commondir")]
    public void Check_PointerLeavingTheGitDir_IsRefused(string line, string file)
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "elsewhere", "objects"));
        var repo = new TempGitRepo(root.Path);
        var path = file == "commondir" ? Path.Combine(repo.Path, ".git", "commondir") : Path.Combine(repo.Path, ".git", "objects", "info", "alternates");
        File.WriteAllText(path, line + "\n");

        var verdict = GitDirCheck.Check(repo.Path);

        Assert.Null(verdict.GitDir);
        Assert.Contains("outside", verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_DanglingOrLoopingLinkInTheGitDir_IsRefused()
    {
        using var root = new TempDirectory();
        var repo = new TempGitRepo(root.Path);
        var hooks = Path.Combine(repo.Path, ".git", "hooks");
        File.CreateSymbolicLink(Path.Combine(hooks, "loop-a"), Path.Combine(hooks, "loop-b"));
        File.CreateSymbolicLink(Path.Combine(hooks, "loop-b"), Path.Combine(hooks, "loop-a"));

        Assert.Contains("symbolic link", GitDirCheck.Check(repo.Path).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_FifoAsCommondir_IsRefusedWithoutWaitingForAWriter()
    {
        using var root = new TempDirectory();
        var repo = new TempGitRepo(root.Path);
        var (code, _, error) = await ChildProcess.RunAsync("mkfifo", [Path.Combine(repo.Path, ".git", "commondir")], root.Path);
        Assert.True(code == 0, error);

        var check = Task.Run(() => GitDirCheck.Check(repo.Path));

        Assert.Same(check, await Task.WhenAny(check, Task.Delay(TimeSpan.FromSeconds(30)))); // bounds a hang, not a speed
        Assert.Contains("commondir cannot be read", (await check).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FolderWithoutGit_IsNotARepository()
    {
        using var root = new TempDirectory();

        Assert.Contains("not a git repository", GitDirCheck.Check(root.Path).Problem, StringComparison.Ordinal);
    }
}
