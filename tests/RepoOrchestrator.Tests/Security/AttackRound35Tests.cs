using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Attack round 35 (stop 35): breaks an attack review found; each test failed on the product as it was.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AttackRound35Tests
{
    /// <summary>
    /// The repository's own config names files outside it that git then reads to the end: `diff.orderFile` (every diff) and
    /// `core.attributesFile` (every diff). Neither is overridden by the sandbox, so `/dev/zero` makes the git child
    /// read zeros into memory until ORCH_SUBPROCESS_TIMEOUT kills it: about 0.7 GB a second on this machine (2.8 GB after
    /// 4 s measured with plain git), some 7 GB per request at the default 10 s, and a read-only agent can send several at
    /// once. A FIFO named there stalls every git read for the whole timeout instead. Expected: the sandbox pins these keys
    /// (as it does core.hooksPath or diff.external), so the diff answers at once, as without the key (Git/GitSandbox.cs).
    /// </summary>
    [Theory]
    [InlineData("diff.orderFile", "/diff?base=HEAD~1&head=HEAD&mode=patch")]
    [InlineData("core.attributesFile", "/diff?base=HEAD~1&head=HEAD&mode=patch")]
    [InlineData("diff.orderFile", "/git/show?mode=patch")]
    public async Task RepositoryConfig_NamingAnEndlessFileOutside_IsNotRead(string key, string url)
    {
        await using var app = new OrchestratorApp().With("ORCH_SUBPROCESS_TIMEOUT", "1"); // 1 s: at most ~0.7 GB per git child here
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write("a.txt", "one\ntwo\n").Commit("two");
        repo.Git("config", key, "/dev/zero"); // outside the repository, and endless
        using var client = app.CreateClient(TestRole.Actions);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.Get(url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} after {clock.ElapsedMilliseconds} ms: {body}");
        Assert.Contains("two", body, StringComparison.Ordinal);
    }
}
