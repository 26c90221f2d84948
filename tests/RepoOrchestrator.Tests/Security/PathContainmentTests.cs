using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Tests.Security;

public sealed class PathContainmentTests
{
    [Fact]
    public void ResolveChild_EveryEntryOfARealFolder_AgreesWithResolveRealPath()
    {
        using var fixture = new PathGuardFixture();
        var repo = PathContainment.ResolveRealPath(fixture.Repo)!;
        var names = Directory.EnumerateFileSystemEntries(repo).Select(Path.GetFileName).Append("missing.txt").ToList();
        Assert.Contains("loop1", names);
        foreach (var name in names)
        {
            var full = Path.Join(repo, name);
            var expected = Outcome(() => PathContainment.ResolveRealPath(full));
            var actual = Outcome(() => PathContainment.ResolveChild(repo, name!));
            Assert.True(expected == actual, $"{name}: ResolveRealPath gave {expected}, ResolveChild gave {actual}");
        }
    }

    [Fact]
    public void ResolveRealPath_KernelShortcut_AgreesWithTheComponentWalk()
    {
        using var fixture = new PathGuardFixture();
        var paths = Directory.EnumerateFileSystemEntries(fixture.Repo)
            .SelectMany(p => new[] { p, Path.Join(p, "main.cs"), Path.Join(p, "secret.txt"), Path.Join(p, "..", "app", "README.md") })
            .Append(fixture.Repo)
            .Append(Path.Join(fixture.Root, "missing", "x"))
            .ToList();
        Assert.Contains(paths, p => p.EndsWith("dir-out", StringComparison.Ordinal));
        foreach (var path in paths)
        {
            var expected = Outcome(() => PathContainment.ResolveByWalk(path));
            var actual = Outcome(() => PathContainment.ResolveRealPath(path));
            Assert.True(expected == actual, $"{path}: walk gave {expected}, ResolveRealPath gave {actual}");
        }
    }

    [Fact]
    public void ResolveRealFolder_IsTheRealPathOfFoldersOnly_AndAgreesWithTheWalk()
    {
        using var fixture = new PathGuardFixture();
        var paths = Directory.EnumerateFileSystemEntries(fixture.Repo)
            .SelectMany(p => new[] { p, Path.Join(p, "main.cs"), Path.Join(p, ".."), Path.Join(p, "..", "src") })
            .Append(fixture.Repo)
            .Append(Path.Join(fixture.Root, "missing"))
            .ToList();
        Assert.Contains(paths, p => p.EndsWith("dir-out", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.EndsWith("link-out.txt", StringComparison.Ordinal));
        var folders = 0;
        foreach (var path in paths)
        {
            var walked = Outcome(() => PathContainment.ResolveByWalk(path));
            var expected = Directory.Exists(walked) ? walked : walked.StartsWith('<') ? walked : "<null>";
            var actual = Outcome(() => PathContainment.ResolveRealFolder(path));
            Assert.True(expected == actual, $"{path}: walk gave {walked}, ResolveRealFolder gave {actual}");
            folders += Directory.Exists(actual) ? 1 : 0;
        }

        Assert.True(folders > 2, "the fixture must hold folders and links to folders");
        Assert.Null(PathContainment.ResolveRealFolder(Path.Join(fixture.Repo, "src", "main.cs"))); // a file is not a folder
        Assert.Equal(Path.Join(PathContainment.ResolveRealPath(fixture.Root), "outside"),
            PathContainment.ResolveRealFolder(Path.Join(fixture.Repo, "dir-out"))); // a link to a folder: the folder it leads to
    }

    [Fact]
    public void JoinIfNoLinks_PlainPath_IsTheJoinedPathAndAnyLinkOrMissingIsNull()
    {
        using var fixture = new PathGuardFixture();
        var repo = PathContainment.ResolveRealPath(fixture.Repo)!;

        Assert.Equal(Path.Join(repo, "src", "main.cs"), PathContainment.JoinIfNoLinks(repo, ["src", "main.cs"]));
        Assert.Null(PathContainment.JoinIfNoLinks(repo, ["docs-link", "guide.md"])); // a link inside the repository still takes the checked walk
        Assert.Null(PathContainment.JoinIfNoLinks(repo, ["out-back", "README.md"]));
        Assert.Null(PathContainment.JoinIfNoLinks(repo, ["src", "missing.cs"]));
        Assert.Null(PathContainment.JoinIfNoLinks(repo, []));
    }

    [Fact]
    public void ResolveChild_LinkOutOfTheFolder_ResolvesToItsRealTarget()
    {
        using var fixture = new PathGuardFixture();
        var repo = PathContainment.ResolveRealPath(fixture.Repo)!;
        var real = PathContainment.ResolveChild(repo, "link-out.txt");
        Assert.Equal(Path.Join(PathContainment.ResolveRealPath(fixture.Root), "outside", "secret.txt"), real);
        Assert.False(PathContainment.IsWithinOrEqual(repo, real!));
    }

    private static string Outcome(Func<string?> resolve)
    {
        try
        {
            return resolve() ?? "<null>";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "<" + ex.GetType().Name + ">";
        }
    }
}
