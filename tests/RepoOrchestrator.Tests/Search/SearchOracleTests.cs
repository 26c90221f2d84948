using System.Text.Json;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Tests.Index;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Search;

/// <summary>
/// Issue 14, break 1: whether a search hits must not reveal a redacted value. Probed the way the attacker did,
/// with growing prefixes of the secret, over HTTP and MCP; the property is "no probe past the redacted boundary
/// hits, and no hit shows the secret", whatever the status codes.
/// </summary>
public sealed class SearchOracleTests
{
    private const string Password = "Xk9vQ2mP7rT4wZ";
    private static readonly string Stripe = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc";

    private static readonly (string Path, string Text)[] Files =
    [
        ("config.py", $"password = \"{Password}\"\nname = \"demo\"\n"),
        ("pay.js", $"const client = stripe('{Stripe}');\n"),
    ];

    [Theory]
    [InlineData("off", "")] // no index: every search scans
    [InlineData("on", "&gitignore=false")] // an agent can always ask for the scan
    public async Task Search_Scanned_WorkAndSkippedNeverDependOnARedactedValue(string index, string parameters)
    {
        // One file too costly to redact (over a call's share, with the password at its end) and one with the password.
        var dense = string.Concat(Enumerable.Repeat("password=Qm8zLk2Pw9Rt ", (int)RepoOrchestrator.Security.Redaction.RedactionBudget.MaxCandidates + 10));
        await using var app = new OrchestratorApp().With("ORCH_INDEX", index);
        var repo = app.CreateRepo();
        foreach (var (path, text) in Files)
        {
            repo.Write(path, text);
        }

        repo.Write("dense.txt", $"{dense}{Password}\n").Commit();
        // The index redacts every file in the background, and again any file changed within the racy window when next
        // checked: wait past that window and for the index, so the work counted below is the searches' own.
        await Task.Delay(TimeSpan.FromMilliseconds(RepoOrchestrator.Index.FileIndexer.RacyWindowNs / 1_000_000 + 300));
        await app.SelectAsync(repo);
        if (index == "on")
        {
            await app.WaitForIndexAsync();
        }

        using var client = app.CreateClient(TestRole.Actions);
        var engine = (RepoOrchestrator.Security.Redaction.RedactionEngine)app.Service<RepoOrchestrator.Security.Redaction.ITextRedactor>();

        async Task<(long Work, string Skipped, int Hits)> Probe(string query)
        {
            var before = engine.WorkUnits;
            using var response = await client.Get("/search?q=" + Uri.EscapeDataString(query) + parameters);
            var body = await response.Json();
            return (engine.WorkUnits - before, body.GetProperty("skipped").GetRawText(), body.GetProperty("results").GetArrayLength());
        }

        // Every file is served whole, whatever the query: the same work and the same skipped list for a part of the
        // password as for text found nowhere (with a raw prefilter, only the first read and redacted any file).
        var secret = await Probe(Password[2..9]);
        var nowhere = await Probe("Zq7Yw3J");

        Assert.Equal(0, secret.Hits);
        Assert.Equal(nowhere, secret); // SECURITY property
        Assert.Contains("dense.txt", secret.Skipped, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\uFEFF", "on", "")] // a byte order mark: a hidden character many Windows-written files start with
    [InlineData("\uFEFF", "on", "&gitignore=false")]
    [InlineData("\uFEFF", "off", "")]
    [InlineData("\u200B", "on", "&regex=true&context_lines=2")]
    public async Task SearchAndFile_DeepLineOfAYamlBlockSecret_AreServedAsTheWholeFileIs(string hidden, string index, string parameters)
    {
        // The secret line is 6 lines below its key: a line redacted with only a few lines of context around it does not
        // see the key. A file with a hidden character used to be searched line by line like that.
        const string Secret = "Qz7vLk2Pw9RtXm4N";
        await using var app = new OrchestratorApp().With("ORCH_INDEX", index);
        await app.RepoWith(("deploy/values.yaml",
            hidden + "config:\n  password: |\n    aaaa1\n    aaaa2\n    aaaa3\n    aaaa4\n    aaaa5\n    " + Secret + "\n    aaaa7\nname: demo\n"));
        if (index == "on")
        {
            await app.WaitForIndexAsync();
        }

        using var client = app.CreateClient(TestRole.Actions);

        using var search = await client.Get("/search?q=" + Uri.EscapeDataString(Secret[..6]) + parameters);
        using var slice = await client.Get("/file?path=deploy/values.yaml&start_line=8&end_line=8");
        using var whole = await client.Get("/file?path=deploy/values.yaml");

        Assert.Equal(0, (await search.Json()).GetProperty("results").GetArrayLength()); // SECURITY property
        Assert.DoesNotContain(Secret, await slice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await whole.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var served = await client.Get("/search?q=" + Uri.EscapeDataString("name: demo") + parameters);
        Assert.Equal(1, (await served.Json()).GetProperty("results").GetArrayLength()); // what is served is still found
    }

    [Fact]
    public async Task Search_PrefixProbesOfRedactedPassword_NeverHitPastTheBoundary()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(Files);
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Single(await HttpHits(client, "password = \"")); // the served part still hits
        for (var i = 1; i <= Password.Length; i++)
        {
            var hits = await HttpHits(client, "password = \"" + Password[..i]);
            Assert.Empty(hits); // SECURITY property: a probe reaching into the value is never a hit
        }

        for (var i = 0; i + 3 <= Password.Length; i++)
        {
            Assert.Empty(await HttpHits(client, Password.Substring(i, 3))); // nor any piece of the value alone
        }
    }

    [Fact]
    public async Task Search_PrefixProbesOfStripeKey_NeverHitPastTheBoundary()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(Files);
        using var client = app.CreateClient(TestRole.Actions);

        for (var i = 3; i <= Stripe.Length; i++)
        {
            Assert.Empty(await HttpHits(client, Stripe[..i]));
        }

        var served = Assert.Single(await HttpHits(client, "stripe('"));
        Assert.DoesNotContain("4eC39", served, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", served, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_MarkerQuery_MatchesOnlyWhatIsServed()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(Files);
        using var client = app.CreateClient(TestRole.Actions);

        // A query is matched against the text as served, marker included: it finds exactly the lines /file shows with
        // a marker, whatever the secret behind it was, and never a character of the secret.
        var hits = await HttpHits(client, "[REDACTED]");
        Assert.Equal(2, hits.Length);
        Assert.All(hits, h => Assert.Contains("[REDACTED]", h, StringComparison.Ordinal));
        Assert.All(hits, h => Assert.DoesNotContain(Password, h, StringComparison.Ordinal));
        Assert.Single(await HttpHits(client, "= \"[RED"));
    }

    [Theory]
    [InlineData("ACT")]
    [InlineData("RED")]
    [InlineData("TED]")]
    [InlineData("[RE")]
    public async Task Search_PiecesOfTheMarker_HitTheSameLinesWhateverTheSecretHolds(string piece)
    {
        // A raw prefilter would propose a redacted line only when its secret holds the piece ("ACT", "RED"...), so
        // whether the marker line hits would tell what the secret contains. Two repositories whose secrets differ
        // exactly in holding the piece must answer the same.
        var answers = new List<IReadOnlyList<string>>();
        foreach (var secret in new[] { "Zx9" + piece + "Qw7Lp2Rt5Vb8Nm3Kj6", "Zx9qqqqQw7Lp2Rt5Vb8Nm3Kj6" })
        {
            await using var app = new OrchestratorApp();
            await app.RepoWith(("app.py", $"password = \"{secret}\"\n"));
            using var client = app.CreateClient(TestRole.Actions);
            Assert.DoesNotContain(secret, await (await client.Get("/file?path=app.py")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
            answers.Add(await HttpHits(client, piece));
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.NotEmpty(answers[0]); // the marker itself holds the piece
    }

    [Fact]
    public async Task McpSearch_PrefixProbes_NeverHitPastTheBoundary()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        foreach (var (path, text) in Files)
        {
            repo.Write(path, text);
        }

        repo.Commit("secrets");
        var address = app.StartKestrel();
        await app.Service<RepositoryService>().SelectAsync(repo.Name, "test");
        await using var client = await McpTestClient.ConnectAsync(address, TestRole.Actions);

        for (var i = 1; i <= Password.Length; i++)
        {
            var result = await client.CallAsync(McpToolNames.Search, ("query", "password = \"" + Password[..i]));
            Assert.NotEqual(true, result.IsError);
            Assert.Equal(0, result.StructuredContent!.Value.GetProperty("results").GetArrayLength());
        }

        var stripe = await client.CallAsync(McpToolNames.Search, ("query", Stripe[..12]));
        Assert.Equal(0, stripe.StructuredContent!.Value.GetProperty("results").GetArrayLength());
        var open = await client.CallAsync(McpToolNames.Search, ("query", "password"));
        Assert.Equal(1, open.StructuredContent!.Value.GetProperty("results").GetArrayLength());
        Assert.DoesNotContain(Password, open.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_QueryHoldingASecretPrefix_IsNotInTheAuditLog()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(Files);
        using var client = app.CreateClient(TestRole.Actions);

        var probe = "password = \"" + Password[..9];
        await HttpHits(client, probe);

        var line = Assert.Single(app.AuditLines("SEARCH"));
        Assert.DoesNotContain(Password[..9], line, StringComparison.Ordinal);
        Assert.DoesNotContain("password", line, StringComparison.Ordinal);
        Assert.Contains("qsha256=" + ReadPathTestKit.Sha256(probe), line, StringComparison.Ordinal);
    }

    private static async Task<string[]> HttpHits(HttpClient client, string query)
    {
        var body = await (await client.Get("/search?q=" + Uri.EscapeDataString(query))).Json();
        var hits = body.GetProperty("results").EnumerateArray().Select(e => e.GetProperty("content").GetString()!).ToArray();
        foreach (var hit in hits)
        {
            Assert.DoesNotContain(Password, hit, StringComparison.Ordinal); // no hit ever shows the secret
            Assert.DoesNotContain(Stripe, hit, StringComparison.Ordinal);
        }

        return hits;
    }
}
