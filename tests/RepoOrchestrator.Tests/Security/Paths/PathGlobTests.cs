using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Tests.Security.Paths;

/// <summary>The one glob of tree, search and `.gitignore`: git's syntax, and a match that cannot be made to backtrack.</summary>
public sealed class PathGlobTests
{
    [Theory]
    [InlineData("*.cs", "a.cs", true)]
    [InlineData("*.cs", "src/a.cs", false)] // '*' never crosses '/'
    [InlineData("src/*.cs", "src/a.cs", true)]
    [InlineData("src/*.cs", "src/x/a.cs", false)]
    [InlineData("**/a.cs", "a.cs", true)]
    [InlineData("**/a.cs", "x/y/a.cs", true)]
    [InlineData("src/**", "src/a/b/c.ts", true)]
    [InlineData("src/**", "src", false)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/**/b", "a/xb", false)]
    [InlineData("a**b", "axxb", true)] // not a whole segment: a plain '*'
    [InlineData("a**b", "ax/xb", false)]
    [InlineData("?.md", "a.md", true)]
    [InlineData("?.md", "/.md", false)]
    [InlineData("[abc].md", "b.md", true)]
    [InlineData("[a-c].md", "d.md", false)]
    [InlineData("[!a-c].md", "d.md", true)]
    [InlineData("[^a-c].md", "a.md", false)]
    [InlineData("[]].md", "].md", true)]
    [InlineData("\\*.md", "*.md", true)]
    [InlineData("\\*.md", "a.md", false)]
    [InlineData("build", "build", true)]
    [InlineData("build", "builds", false)]
    [InlineData("*", "", true)]
    [InlineData("log[[:digit:]].txt", "log7.txt", true)]
    [InlineData("log[[:digit:]].txt", "logx.txt", false)]
    [InlineData("[[:upper:][:digit:]]*", "A1", true)]
    [InlineData("[![:alpha:]]*", "9a", true)]
    [InlineData("[![:alpha:]]*", "a9", false)]
    public void IsMatch_FollowsGitSyntax(string pattern, string path, bool expected)
    {
        Assert.True(PathGlob.TryParse(pattern, out var glob, out var error), error);
        Assert.Equal(expected, glob.IsMatch(path));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("[abc", "without its ']'")]
    [InlineData("a\\", "lone")]
    [InlineData("[z-a]", "backwards")]
    [InlineData("a\nb", "control character")]
    [InlineData("[[:nope:]]", "unknown character class")]
    public void TryParse_BadPattern_SaysWhy(string pattern, string reason)
    {
        Assert.False(PathGlob.TryParse(pattern, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_OverMaxLength_IsRefused()
    {
        Assert.True(PathGlob.TryParse(new string('a', PathGlob.MaxLength), out _, out _));
        Assert.False(PathGlob.TryParse(new string('a', PathGlob.MaxLength + 1), out _, out var error));
        Assert.Contains("longer than", error, StringComparison.Ordinal);
    }

    [Fact]
    public void IsMatch_BacktrackingBait_CostsAtMostStatesTimesLength()
    {
        // The classic wildmatch attack: each '*' could restart anywhere; a backtracking matcher takes exponential time.
        var pattern = string.Concat(Enumerable.Repeat("*a", 60)) + "*b";
        Assert.True(PathGlob.TryParse(pattern, out var glob, out _));
        var path = new string('a', 4096);

        Assert.False(glob.IsMatch(path));
        Assert.True(glob.IsMatch(path + "b"));
        // The bound the walk budgets by: states x length, whatever the pattern.
        Assert.True(glob.Cost(path.Length) <= (PathGlob.MaxLength + 1L) * (path.Length + 1));
    }

    [Fact]
    public void IsMatch_FolderRunBait_StaysCorrect()
    {
        Assert.True(PathGlob.TryParse("**/**/**/**/**/x", out var glob, out _));
        Assert.True(glob.IsMatch(string.Join('/', Enumerable.Repeat("d", 500)) + "/x"));
        Assert.False(glob.IsMatch(string.Join('/', Enumerable.Repeat("d", 500)) + "/y"));
    }
}
