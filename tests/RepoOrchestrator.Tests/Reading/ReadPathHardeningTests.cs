using System.Net;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Reading;

public sealed class ReadPathHardeningTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Reads_RepositoryConfigThatWouldRunPrograms_RunNothingAndDiffStillWorks()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        repo.Write("a.txt", "one\n").Write(".gitattributes", "*.txt diff=evil\n").Commit("one");
        repo.Write("a.txt", "one\ntwo\n").Commit("two");

        // Every trap creates the marker file when git runs it.
        var marker = Path.Combine(app.Root, "PWNED");
        var script = Path.Combine(app.Root, "trap.sh");
        File.WriteAllText(script, $"#!/bin/sh\ntouch '{marker}'\ncat \"$1\" 2>/dev/null\nexit 0\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        repo.Git("config", "core.fsmonitor", script);
        repo.Git("config", "diff.evil.textconv", script);
        repo.Git("config", "diff.evil.command", script);
        repo.Git("config", "diff.external", script);
        repo.Git("config", "core.pager", script);
        repo.Git("config", "pager.diff", script);
        foreach (var hook in new[] { "post-checkout", "pre-commit", "post-index-change", "reference-transaction", "pre-auto-gc" })
        {
            File.Copy(script, Path.Combine(repo.Path, ".git", "hooks", hook));
            File.SetUnixFileMode(Path.Combine(repo.Path, ".git", "hooks", hook), (UnixFileMode)0b111_101_101);
        }

        // The traps are live: plain git runs them.
        RepoOrchestrator.Tests.Git.HostileRepositories.PlainGit(repo.Path, "diff", "HEAD~1", "HEAD");
        Assert.True(File.Exists(marker), "the trap should fire under plain git");
        File.Delete(marker);

        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/tree", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/file?path=a.txt", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/search?q=two", UriKind.Relative))).StatusCode);
        using var stat = await client.GetAsync(new Uri("/diff?base=HEAD~1", UriKind.Relative));
        using var patch = await client.GetAsync(new Uri("/diff?base=HEAD~1&mode=patch", UriKind.Relative));

        Assert.Contains("a.txt | 1 +", await stat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("+two", await patch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "a repository-configured program ran");
    }
}
