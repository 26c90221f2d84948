using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;

namespace RepoOrchestrator.Tests.Reading;

/// <summary>
/// Hard links inside the repository: a second name for a file outside it, or for one of the service's own files.
/// Refused by /file, /tree, /search and the MCP tools unless ORCH_ALLOW_HARDLINKS=true; the service's own files
/// stay refused with the option on.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class HardLinkTests
{
    private const string Token = "LINKTOKEN";
    private const string OutsideSecret = "OUTSIDE_SECRET_BYTES";

    [Fact]
    public async Task ReadPath_HardLinkToFileOutsideRepo_RefusedEverywhereNamingTheOption()
    {
        await using var app = new OrchestratorApp();
        var address = app.StartKestrel();
        var repo = await app.RepoWith(("plain.txt", $"plain {Token}\n"));
        var outside = Path.Combine(app.Root, "outside-secret.txt");
        await File.WriteAllTextAsync(outside, $"{OutsideSecret} {Token}\n");
        ReadPathTestKit.HardLink(outside, Path.Combine(repo.Path, "linked.txt"));
        using var client = app.CreateClient(TestRole.Actions);

        using var file = await client.Get("/file?path=linked.txt");
        Assert.Equal(HttpStatusCode.Forbidden, file.StatusCode);
        Assert.Equal(HardLinkException.Detail, await file.Detail());
        Assert.Contains("ORCH_ALLOW_HARDLINKS=true", HardLinkException.Detail, StringComparison.Ordinal);

        var tree = await (await client.Get("/tree")).Json();
        Assert.Equal(["plain.txt"], tree.GetProperty("files").EnumerateArray().Select(f => f.GetString()));

        using var search = await client.Get($"/search?q={Token}");
        var hits = (await search.Json()).GetProperty("results").EnumerateArray().Select(h => h.GetProperty("file").GetString()).ToList();
        Assert.Equal(["plain.txt"], hits);

        await using var mcp = await McpTestClient.ConnectAsync(address, TestRole.Actions);
        var read = await mcp.CallAsync(McpToolNames.ReadFile, ("path", "linked.txt"));
        Assert.True(read.IsError);
        Assert.StartsWith("Error 403: ", read.Text(), StringComparison.Ordinal);
        Assert.Contains("ORCH_ALLOW_HARDLINKS=true", read.Text(), StringComparison.Ordinal);
        var found = await mcp.CallAsync(McpToolNames.Search, ("query", Token));
        Assert.DoesNotContain(OutsideSecret, found.StructuredContent!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(1, found.StructuredContent.Value.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task ReadPath_HardLinkAllowedByOption_IsServedListedAndSearched()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_ALLOW_HARDLINKS", "true");
        var repo = await app.RepoWith(("plain.txt", $"plain {Token}\n"));
        var outside = Path.Combine(app.Root, "shared.txt");
        await File.WriteAllTextAsync(outside, $"shared {Token}\n");
        ReadPathTestKit.HardLink(outside, Path.Combine(repo.Path, "linked.txt"));
        using var client = app.CreateClient(TestRole.Actions);

        using var file = await client.Get("/file?path=linked.txt");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal($"shared {Token}\n", await file.Content.ReadAsStringAsync());
        var tree = await (await client.Get("/tree")).Json();
        Assert.Equal(["linked.txt", "plain.txt"], tree.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        var search = await (await client.Get($"/search?q={Token}")).Json();
        Assert.Equal(["linked.txt", "plain.txt"], search.GetProperty("results").EnumerateArray().Select(h => h.GetProperty("file").GetString()));
    }

    public static TheoryData<string> ServiceFileKinds() => new() { "audit-log", "state-database", "snapshot" };

    [Theory]
    [MemberData(nameof(ServiceFileKinds))]
    public async Task ReadPath_HardLinkToServiceFileWithHardLinksAllowed_IsStillRefused(string kind)
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_ALLOW_HARDLINKS", "true");
        var address = app.StartKestrel();
        var repo = await app.RepoWith(("plain.txt", $"plain {Token} SELECT\n"));
        using var client = app.CreateClient(TestRole.Actions);
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/file?path=plain.txt")).StatusCode); // writes a snapshot and audit lines
        var options = app.Service<OrchestratorOptions>();
        var target = kind switch
        {
            "audit-log" => options.AuditLogPath,
            "state-database" => options.StateDatabasePath,
            _ => Directory.EnumerateFiles(options.SnapshotDirectory).Single(f => !Path.GetFileName(f).StartsWith('.')),
        };
        ReadPathTestKit.HardLink(target, Path.Combine(repo.Path, "own.txt"));

        using var file = await client.Get("/file?path=own.txt");
        Assert.Equal(HttpStatusCode.Forbidden, file.StatusCode);
        Assert.Equal(PathGuard.DeniedDetail, await file.Detail());
        var tree = await (await client.Get("/tree")).Json();
        Assert.Equal(["plain.txt"], tree.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        foreach (var query in new[] { Token, "SELECT", "READ_SNAPSHOT" })
        {
            var search = await (await client.Get($"/search?q={query}")).Json();
            Assert.DoesNotContain(search.GetProperty("results").EnumerateArray(), h => h.GetProperty("file").GetString() == "own.txt");
        }

        await using var mcp = await McpTestClient.ConnectAsync(address, TestRole.Actions);
        var read = await mcp.CallAsync(McpToolNames.ReadFile, ("path", "own.txt"));
        Assert.True(read.IsError);
        Assert.StartsWith("Error 403: ", read.Text(), StringComparison.Ordinal);
        var found = await mcp.CallAsync(McpToolNames.Search, ("query", "READ_SNAPSHOT"));
        Assert.Equal(0, found.StructuredContent!.Value.GetProperty("results").GetArrayLength());
        Assert.Equal(JsonValueKind.Array, found.StructuredContent.Value.GetProperty("results").ValueKind);
    }
}
