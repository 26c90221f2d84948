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
    // A made-up password value: no rule catches it on its own (too short and too plain for the entropy rule), only the
    // name before it (on the line above) makes it a secret.
    private const string Value = "Zq8vLm2xPw9rTn4k";

    public static TheoryData<string, string> NextLineForms => new()
    {
        { "config.yml", $"db:\n  password: |\n    {Value}\n" },
        { "config2.yml", $"password: >-\n  {Value}\n" },
        { "config3.yml", $"passwords:\n  - {Value}\n" },
        { "settings.json", $"{{\n  \"password\":\n    \"{Value}\"\n}}\n" },
        { "web.xml", $"<config>\n<password>\n{Value}\n</password>\n</config>\n" },
        { "app.properties", $"db.password=\\\n    {Value}\n" },
        { "netrc.txt", $"machine example.com\n  login bob\n  password {Value}\n" },
    };

    /// <summary>
    /// /file redacts a value written on the line after its secret name (docs/SECURITY.md "Values on the next lines"); /diff
    /// redacted the patch text as it was: every line carries git's '+', '-' or ' ' prefix, so the multi-line rules
    /// (indentation of a YAML block, the line after a key) never saw the form and the value was served in clear. Each
    /// hunk line is now its file's line as /file serves it (Diff/PatchLines.cs).
    /// </summary>
    [Theory]
    [MemberData(nameof(NextLineForms))]
    public async Task Diff_Patch_ValueOnTheLineAfterItsSecretName_IsRedactedAsInFile(string file, string text)
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write(file, text).Commit("add config");
        using var client = app.CreateClient(TestRole.Actions);

        using var fileResponse = await client.Get($"/file?path={file}");
        var served = await fileResponse.Content.ReadAsStringAsync();
        using var diffResponse = await client.Get("/diff?base=HEAD~1&head=HEAD&mode=patch");
        var diff = await diffResponse.Content.ReadAsStringAsync();
        using var showResponse = await client.Get("/git/show?mode=patch");
        var show = await showResponse.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, fileResponse.StatusCode);
        Assert.DoesNotContain(Value, served, StringComparison.Ordinal); // /file: redacted
        Assert.Equal(HttpStatusCode.OK, diffResponse.StatusCode);
        Assert.Contains(file, diff, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, diff, StringComparison.Ordinal); // /diff: must be too
        Assert.DoesNotContain(Value, show, StringComparison.Ordinal); // /git/show of the commit: same diff
    }

    /// <summary>
    /// Even without git's line prefixes, a hunk holds only 3 lines of context: a change deep inside a YAML block under a
    /// secret key showed value lines whose key is not in the hunk, so nothing in the diff said they were a secret. /file
    /// (and /git/show of the file) redact them with the whole file in context; the diff of the same lines must not serve them.
    /// </summary>
    [Fact]
    public async Task Diff_Patch_ChangeDeepInsideASecretBlock_ServesNoValueLine()
    {
        await using var app = new OrchestratorApp();
        static string Block(string changed) => "db:\n  host: db.internal\n  private_key: |\n"
            + string.Concat(Enumerable.Range(1, 12).Select(i => $"    {(i == 9 ? changed : $"Kv{i:D2}q8LmXw2Pr9Tn4kHs")}\n"))
            + "  port: 5432\n";
        var repo = await app.RepoWith(("deploy.yml", Block("Kv09q8LmXw2Pr9Tn4kHs")));
        repo.Write("deploy.yml", Block("Rotated9q8LmXw2Pr9Tn")).Commit("rotate one line");
        using var client = app.CreateClient(TestRole.Actions);

        var served = await (await client.Get("/file?path=deploy.yml")).Content.ReadAsStringAsync();
        var diff = await (await client.Get("/diff?base=HEAD~1&head=HEAD&mode=patch")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("Kv07q8LmXw2Pr9Tn4kHs", served, StringComparison.Ordinal); // /file: the block is redacted
        Assert.DoesNotContain("Rotated9q8LmXw2Pr9Tn", served, StringComparison.Ordinal);
        Assert.Contains("deploy.yml", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("Rotated9q8LmXw2Pr9Tn", diff, StringComparison.Ordinal); // the changed value line
        Assert.DoesNotContain("Kv07q8LmXw2Pr9Tn4kHs", diff, StringComparison.Ordinal); // context lines of the same value
    }

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

    /// <summary>
    /// One /search with an 18-character regular expression over 60 lines of prose (7 KB: part of a README) costs seconds of CPU.
    /// NonBacktracking is linear in the line, but with a factor of the automaton's size: `(.*[a-z].{20}){4}Q` keeps about 90
    /// positions live on every letter, so on a line longer than its 84-character reach .NET simulates the NFA (measured
    /// 50-100 ms per 100-120 character line, about 1-2 KB/s). The only bound is SearchQuery.MatchTimeout, one second per
    /// LINE; nothing bounds the request, so a repository with 1 MB of docs is minutes of CPU for one request, and a
    /// read-only agent may send 100 a minute. The pattern has no trigram, so the index does not narrow it either.
    /// The search now stops (partial) after SearchQuery.RequestMatchBudget of regex work per request.
    /// </summary>
    [Fact]
    public async Task Search_Regex_LargeAutomatonOverProse_IsBoundedPerRequest()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_INDEX", "off");
        var prose = Prose(60);
        await app.RepoWith(("docs/guide.md", prose));
        using var client = app.CreateClient(TestRole.Actions);
        using var warm = await client.Get("/search?q=service"); // JIT and first-request costs out of the measurement

        using var response = await client.Get("/search?regex=true&q=" + Uri.EscapeDataString("(.*[a-z].{20}){4}Q"));

        // each line costs well under the one-second line limit: only the request's budget can make it partial
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"partial\":true", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Prose(int lines)
    {
        string[] words = ["the", "service", "reads", "a", "file", "from", "its", "snapshot", "and", "returns", "lines", "with", "every",
            "secret", "redacted", "before", "anything", "leaves", "process", "when", "index", "is", "ready", "search", "narrows", "candidates"];
        var random = new Random(35);
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            var line = new System.Text.StringBuilder();
            while (line.Length < 120)
            {
                line.Append(words[random.Next(words.Length)]).Append(random.Next(8) == 0 ? ", " : " ");
            }

            text.Append(line.ToString().TrimEnd()).Append(".\n");
        }

        return text.ToString();
    }
}
