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
        catch (IOException ex)
        {
            return "<" + ex.GetType().Name + ">";
        }
    }
}
