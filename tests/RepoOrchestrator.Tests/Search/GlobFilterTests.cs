using RepoOrchestrator.Search;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Tests.Search;

/// <summary>Search's include and exclude globs, and the budget that bounds what hostile globs can cost.</summary>
public sealed class GlobFilterTests
{
    private static PathGlob Glob(string pattern)
    {
        Assert.True(PathGlob.TryParse(pattern, out var glob, out var error), error);
        return glob;
    }

    [Fact]
    public void Allows_ByNameWithoutSlash_ByPathWithOne()
    {
        var filter = new GlobFilter([Glob("*.py"), Glob("docs/**")], [Glob("test_*")]);

        Assert.True(filter.Allows("src/deep/app.py"));
        Assert.True(filter.Allows("docs/guide/intro.md"));
        Assert.False(filter.Allows("src/test_app.py"));
        Assert.False(filter.Allows("src/app.ts"));
    }

    [Fact]
    public void HostileGlobs_SpendTheBudget_ThenSelectNothing()
    {
        var bait = Glob(string.Concat(Enumerable.Repeat("*a", 127)) + "*");
        var filter = new GlobFilter([bait, bait], []);
        var name = new string('a', 250) + "b";

        var calls = 0;
        while (!filter.Exhausted && calls < 1_000_000)
        {
            filter.Allows(name);
            calls++;
        }

        Assert.True(filter.Exhausted);
        Assert.True(calls < 10_000, $"{calls} matches before the budget ran out"); // each match is charged its worst case
        Assert.False(filter.Allows("a.py")); // spent: nothing more is selected (the search says partial)
    }
}
