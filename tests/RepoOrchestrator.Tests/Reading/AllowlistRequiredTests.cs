using System.Net;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Reading;

public sealed class AllowlistRequiredTests
{
    private static readonly (string, string)[] Files =
    [
        ("docs/guide.md", "guide needle\n"), ("docs/api/ref.md", "ref needle\n"), ("src/app.py", "app needle\n"), ("src/other.py", "other needle\n"),
    ];

    [Fact]
    public async Task Reads_CurrentFormatWithFileAndFolderEntries_AreLimitedToThem()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        app.With("ORCH_ALLOWLIST_REQUIRE", "true");
        await app.RepoWith(Files);
        WriteAllowlist(app, """{"paths":[{"path":"docs","expires_at":"2026-01-01T01:00:00Z"},{"path":"src/app.py","expires_at":"2026-01-01T01:00:00Z"},{"path":"src/other.py","expires_at":"2025-12-31T00:00:00Z"}]}""");
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(["docs/api/ref.md", "docs/guide.md", "src/app.py"], await TreeFiles(client));
        Assert.Equal(["docs/api/ref.md", "docs/guide.md", "src/app.py"], await SearchFiles(client));
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/file?path=docs/api/ref.md")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/file?path=src/app.py")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Get("/file?path=src/other.py")).StatusCode);
    }

    [Fact]
    public async Task Reads_LegacyFormat_ValidForTheTtlThenNothing()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        app.With("ORCH_ALLOWLIST_REQUIRE", "true").With("ORCH_ALLOWLIST_TTL", "240");
        await app.RepoWith(Files);
        WriteAllowlist(app, $$"""{"timestamp": {{app.Time.GetUtcNow().ToUnixTimeSeconds()}}, "paths":["src/app.py", "docs/api"]}""");
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(["docs/api/ref.md", "src/app.py"], await TreeFiles(client));
        Assert.Equal(["docs/api/ref.md", "src/app.py"], await SearchFiles(client));
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/file?path=src/app.py")).StatusCode);

        app.Time.Advance(TimeSpan.FromSeconds(241));

        Assert.Empty(await TreeFiles(client));
        Assert.Empty(await SearchFiles(client));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Get("/file?path=src/app.py")).StatusCode);
    }

    [Fact]
    public async Task Diff_AllowlistRequired_ShowsOnlyAllowlistedFiles()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        app.With("ORCH_ALLOWLIST_REQUIRE", "true");
        var repo = await app.RepoWith(Files);
        repo.Write("src/app.py", "app changed\n").Write("src/other.py", "other changed\n").Commit("change");
        WriteAllowlist(app, """{"paths":[{"path":"src/app.py","expires_at":"2026-01-01T01:00:00Z"}]}""");
        using var client = app.CreateClient(TestRole.Actions);

        var patch = await (await client.Get("/diff?base=HEAD~1&mode=patch")).Content.ReadAsStringAsync();

        Assert.Contains("+app changed", patch, StringComparison.Ordinal);
        Assert.DoesNotContain("other", patch, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"paths": 5}""")]
    [InlineData("[]")]
    public async Task Reads_MalformedAllowlist_AllowNothingAndNeverFail(string content)
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_ALLOWLIST_REQUIRE", "true");
        await app.RepoWith(Files);
        WriteAllowlist(app, content);
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Empty(await TreeFiles(client));
        Assert.Empty(await SearchFiles(client));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Get("/file?path=src/app.py")).StatusCode);
    }

    [Fact]
    public async Task Reads_AllowlistNotRequired_IgnoreTheAllowlist()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(Files);
        WriteAllowlist(app, """{"paths":[]}""");
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(4, (await TreeFiles(client)).Length);
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/file?path=src/other.py")).StatusCode);
    }

    private static void WriteAllowlist(OrchestratorApp app, string json) =>
        File.WriteAllText(Path.Combine(app.Home, "allowed_paths.json"), json);

    private static async Task<string[]> TreeFiles(HttpClient client) =>
        (await (await client.Get("/tree")).Json()).GetProperty("files").EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static async Task<string[]> SearchFiles(HttpClient client) =>
        (await (await client.Get("/search?q=needle")).Json()).GetProperty("results").EnumerateArray()
            .Select(e => e.GetProperty("file").GetString()!).ToArray();
}
