using System.Text;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Tests.Security.Paths;

/// <summary>`.gitignore` as git reads it, bounded against a hostile repository that writes it.</summary>
public sealed class GitIgnoreRulesTests
{
    private static bool? Verdict(string gitignore, string path, bool isDirectory = false)
    {
        var budget = long.MaxValue;
        return GitIgnoreRules.Parse(gitignore).Match(path, path.LastIndexOf('/') + 1, isDirectory, ref budget);
    }

    [Theory]
    [InlineData("*.log", "a.log", false, true)]
    [InlineData("*.log", "deep/x/a.log", false, true)] // no slash: a name at any depth
    [InlineData("/build", "build", true, true)]
    [InlineData("/build", "src/build", true, null)] // leading slash: this folder only
    [InlineData("doc/*.txt", "doc/a.txt", false, true)]
    [InlineData("doc/*.txt", "x/doc/a.txt", false, null)] // a middle slash anchors too
    [InlineData("out/", "out", true, true)]
    [InlineData("out/", "out", false, null)] // trailing slash: folders only
    [InlineData("*.log\n!keep.log", "keep.log", false, false)] // the last match wins
    [InlineData("!keep.log\n*.log", "keep.log", false, true)]
    [InlineData("# *.log", "a.log", false, null)]
    [InlineData("\\#a.md", "#a.md", false, true)]
    [InlineData("\\!a.md", "!a.md", false, true)]
    [InlineData("a.md   ", "a.md", false, true)] // trailing spaces trimmed
    [InlineData("a.md\\ ", "a.md ", false, true)] // unless escaped
    [InlineData("a.md\r\n", "a.md", false, true)]
    [InlineData("**/logs", "x/y/logs", true, true)]
    [InlineData("logs/**", "logs/a/b.txt", false, true)]
    public void Match_FollowsGit(string gitignore, string path, bool isDirectory, bool? expected) =>
        Assert.Equal(expected, Verdict(gitignore, path, isDirectory));

    [Fact]
    public void Parse_HugeFile_KeepsAtMostMaxRules()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            text.Append("rule").Append(i).Append('\n');
        }

        var rules = GitIgnoreRules.Parse(text.ToString());

        Assert.Equal(GitIgnoreRules.MaxRules, rules.Count);
    }

    [Fact]
    public void Parse_BadAndOverlongPatterns_AreSkippedNotFatal()
    {
        var rules = GitIgnoreRules.Parse("[abc\n" + new string('x', PathGlob.MaxLength + 1) + "\n*.tmp\n");
        Assert.Equal(1, rules.Count);
    }

    [Fact]
    public void Filter_BudgetSpent_StopsHidingAndSaysSo()
    {
        // A hostile rule set: many patterns that each cost states x length. The walk's budget bounds the CPU; once
        // it is spent nothing more is hidden (a .gitignore never protects anything), and the filter says so.
        var text = string.Join('\n', Enumerable.Repeat(string.Concat(Enumerable.Repeat("*a", 100)) + "*b", 1000));
        var filter = new GitIgnoreFilter(budget: 10_000_000);
        filter.Push("", GitIgnoreRules.Parse(text + "\nsecret-ish.txt"));
        var name = new string('a', 200) + ".txt";

        var ignoredCount = 0;
        for (var i = 0; i < 100; i++)
        {
            ignoredCount += filter.IsIgnored(name, isDirectory: false) ? 1 : 0;
        }

        Assert.Equal(0, ignoredCount);
        Assert.True(filter.Exhausted);
        Assert.False(filter.IsIgnored("secret-ish.txt", isDirectory: false)); // spent: no more hiding, no more work
    }

    [Fact]
    public void Filter_DeeperFileDecidesFirst()
    {
        var filter = new GitIgnoreFilter();
        filter.Push("", GitIgnoreRules.Parse("*.gen.cs"));
        filter.Push("src", GitIgnoreRules.Parse("!keep.gen.cs"));

        Assert.False(filter.IsIgnored("src/keep.gen.cs", isDirectory: false));
        Assert.True(filter.IsIgnored("src/other.gen.cs", isDirectory: false));
        filter.Pop();
        Assert.True(filter.IsIgnored("src/keep.gen.cs", isDirectory: false));
    }
}
