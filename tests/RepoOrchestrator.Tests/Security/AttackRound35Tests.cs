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

    /// <summary>
    /// A token scoped to `*-docs` (every documentation repository) reads inside `payments`, a repository out of its scope:
    /// `repo` accepts any folder under the root as a repository name, a subfolder of another repository included, and the
    /// scope's `*` (FileSystemName.MatchesSimpleExpression) also matches '/', so `payments/api-docs` is "in scope".
    /// docs/SECURITY.md says patterns match `*` and `?` within a name. Expected: 403, as for `repo=payments`.
    /// </summary>
    [Fact]
    public async Task ScopedToken_WildcardPattern_DoesNotReachASubfolderOfARepositoryOutOfScope()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "one\n"));
        var payments = app.CreateRepo("payments");
        payments.Write("api-docs/internal.md", "payments internal notes\n").Write("src/ledger.py", "ledger = 1\n").Commit("payments");
        var token = app.Service<NamedTokenStore>().Create("docs-reader", OrchestratorRole.Actions, RepositoryScope.Parse("*-docs", out _)!, null, null).Value;
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var whole = await client.Get("/file?repo=payments&path=api-docs/internal.md");
        using var inside = await client.Get("/file?repo=payments/api-docs&path=internal.md");
        var body = await inside.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, whole.StatusCode); // the repository itself is out of scope
        Assert.DoesNotContain("payments internal notes", body, StringComparison.Ordinal);
        Assert.True(inside.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{(int)inside.StatusCode}: {body}");
    }

    /// <summary>
    /// ORCH_ALLOWLIST_REQUIRE with the allowlist `docs` (a folder of the active repository `app`): `app/internal/docs/plan.md`
    /// is not allowlisted (its path in the active repository is `internal/docs/plan.md`, and /file refuses it), but
    /// `repo=app/internal` makes the subfolder a repository of its own, the allowlist's relative entries are read against
    /// it, and the same file is served as `docs/plan.md`. Expected: 403 (a subfolder of a repository is not another
    /// repository, or the allowlist keeps meaning the active repository's paths).
    /// </summary>
    [Fact]
    public async Task AllowlistRequired_RepoParameterNamingASubfolder_IsRefused()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        app.With("ORCH_ALLOWLIST_REQUIRE", "true");
        await app.RepoWith(("docs/guide.md", "public guide\n"), ("internal/docs/plan.md", "internal plan, not allowlisted\n"));
        File.WriteAllText(Path.Combine(app.Home, "allowed_paths.json"), """{"paths":[{"path":"docs","expires_at":"2026-01-01T01:00:00Z"}]}""");
        using var client = app.CreateClient(TestRole.Actions);

        using var allowed = await client.Get("/file?path=docs/guide.md");
        using var refused = await client.Get("/file?path=internal/docs/plan.md");
        using var viaRepo = await client.Get("/file?repo=app/internal&path=docs/plan.md");
        var body = await viaRepo.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("internal plan", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, viaRepo.StatusCode);
        Assert.Contains("inside the repository 'app'", body, StringComparison.Ordinal); // says what to name instead
    }

    [Theory]
    [InlineData("*-docs", "payments/api-docs", false)]
    [InlineData("*-docs", "api-docs", true)]
    [InlineData("team/*", "team/api", true)]
    [InlineData("team/*", "team/api/sub", false)]
    [InlineData("t?am/api", "team/api", true)]
    [InlineData("*", "team/api", false)]
    public void RepositoryScope_Wildcards_MatchWithinOneName(string pattern, string name, bool allowed)
    {
        Assert.Equal(allowed, RepositoryScope.Parse(pattern, out _)!.Allows(name));
    }
}
