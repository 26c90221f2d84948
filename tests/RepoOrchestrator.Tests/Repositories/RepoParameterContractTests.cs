using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Repositories;

/// <summary>
/// Issue 17, "scope on every read": every read endpoint and every read tool takes an optional `repo`, resolved under the
/// root and held to the token's repository scope. The lists are derived from the running service (the endpoint table and
/// tools/list), so a read added without the parameter, or without a row here, fails this test by name.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RepoParameterContractTests
{
    /// <summary>Reader endpoints that read no repository.</summary>
    internal static readonly HashSet<string> RepositoryFree = new(StringComparer.Ordinal) { "/status", "/ui/status", "/mcp" };

    /// <summary>A valid query (without repo) for each read endpoint, against the repositories <see cref="Setup"/> makes.</summary>
    internal static readonly Dictionary<string, string> SampleQueries = new(StringComparer.Ordinal)
    {
        ["/tree"] = "", ["/file"] = "path=a.py", ["/files"] = "path=a.py", ["/search"] = "q=print", ["/diff"] = "base=HEAD~1",
        ["/git/log"] = "", ["/git/show"] = "path=a.py", ["/git/blame"] = "path=a.py",
    };

    internal static readonly Dictionary<string, (string, object?)[]> SampleArguments = new(StringComparer.Ordinal)
    {
        [McpToolNames.ListTree] = [], [McpToolNames.ReadFile] = [("path", "a.py")], [McpToolNames.ReadFiles] = [("paths", new[] { "a.py" })],
        [McpToolNames.Search] = [("query", "print")], [McpToolNames.GitDiff] = [("base", "HEAD~1")], [McpToolNames.GitLog] = [],
        [McpToolNames.GitShow] = [("path", "a.py")], [McpToolNames.GitBlame] = [("path", "a.py")],
    };

    private static async Task<(OrchestratorApp App, string AlphaOnly)> Setup()
    {
        var app = new OrchestratorApp();
        foreach (var name in new[] { "alpha", "beta" })
        {
            var repo = app.CreateRepo(name);
            repo.Write("a.py", $"print('{name} one')\n").Commit("one");
            repo.Write("a.py", $"print('{name} two')\n").Commit("two");
            if (name == "beta")
            {
                await app.SelectAsync(repo); // the active repository is one the scoped token may not read
            }
        }

        var alphaOnly = app.Service<NamedTokenStore>().Create("alpha-only", OrchestratorRole.Actions, RepositoryScope.Parse("alpha", out _)!, null, null).Value;
        return (app, alphaOnly);
    }

    internal static IEnumerable<string> ReadRoutes(OrchestratorApp app) =>
        app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.Contains("{*", StringComparison.Ordinal)) // the fallback serves no read
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == OrchestratorClaims.ReaderPolicy))
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(r => !RepositoryFree.Contains(r))
            .Distinct();

    [Fact]
    public async Task EveryReadEndpoint_TakesRepo_AndHoldsItToTheTokensScope()
    {
        var (app, alphaOnly) = await Setup();
        await using var _ = app;
        using var scoped = app.CreateClient(alphaOnly);
        using var unscoped = app.CreateClient(TestRole.Actions);
        var routes = ReadRoutes(app).ToList();
        Assert.NotEmpty(routes);
        foreach (var route in routes)
        {
            var endpoint = app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().First(e => "/" + e.RoutePattern.RawText!.TrimStart('/') == route);
            Assert.True(endpoint.Metadata.GetMetadata<ReadsRepositoryMetadata>() is not null, $"{route} reads without the repo parameter (.ReadsRepository())");
            Assert.True(SampleQueries.TryGetValue(route, out var query), $"{route} has no sample query in this test: add one");
            var url = route + "?" + query + (query.Length > 0 ? "&" : "");

            await Expect(scoped, url + "repo=beta", HttpStatusCode.Forbidden, "not one of them");
            await Expect(scoped, url.TrimEnd('&', '?'), HttpStatusCode.Forbidden, "not one of them"); // the active one is beta
            await Expect(scoped, url + "repo=alpha", HttpStatusCode.OK, null);
            await Expect(unscoped, url + "repo=alpha", HttpStatusCode.OK, null);
            await Expect(unscoped, url + "repo=nope", HttpStatusCode.NotFound, "'repo'");
            foreach (var bad in new[] { "../alpha", "/etc", "alpha/..", "alpha%00" })
            {
                await Expect(unscoped, url + "repo=" + bad, HttpStatusCode.BadRequest, "'repo'");
            }
        }

        // The audit says which repository a read named.
        Assert.Contains(app.AuditLines("LIST_TREE"), l => l.Contains("| REPO:alpha", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RepoNamesTheRepositoryRead_NotTheActiveOne()
    {
        var (app, _) = await Setup();
        await using var __ = app;
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal("print('alpha two')\n", await (await client.Get("/file?path=a.py&repo=alpha")).Content.ReadAsStringAsync());
        Assert.Equal("print('beta two')\n", await (await client.Get("/file?path=a.py")).Content.ReadAsStringAsync());
        var hits = (await (await client.Get("/search?q=two&repo=alpha")).Json()).GetProperty("results");
        Assert.Contains("alpha", hits[0].GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryReadTool_TakesRepo_AndHoldsItToTheTokensScope()
    {
        var (app, alphaOnly) = await Setup();
        await using var owned = app;
        await using var scoped = await app.ConnectInProcessAsync(alphaOnly);
        var tools = await scoped.ListToolsAsync();
        foreach (var tool in tools.Where(t => t.Name is not (McpToolNames.GetStatus or McpToolNames.Fetch))) // fetch's id names its repository
        {
            Assert.True(tool.JsonSchema.GetProperty("properties").TryGetProperty(RequestedRepository.Parameter, out _), $"{tool.Name} has no repo argument");
            Assert.True(SampleArguments.TryGetValue(tool.Name, out var arguments), $"{tool.Name} has no sample arguments in this test: add them");

            var other = await scoped.CallAsync(tool.Name, [.. arguments, ("repo", "beta")]);
            var active = await scoped.CallAsync(tool.Name, arguments);
            var mine = await scoped.CallAsync(tool.Name, [.. arguments, ("repo", "alpha")]);

            Assert.True(other.IsError == true && other.Text().Contains("403", StringComparison.Ordinal), $"{tool.Name} repo=beta: {other.Text()}");
            Assert.True(active.IsError == true && active.Text().Contains("403", StringComparison.Ordinal), $"{tool.Name} (active beta): {active.Text()}");
            Assert.True(mine.IsError != true, $"{tool.Name} repo=alpha: {mine.Text()}");
        }
    }

    [Fact]
    public async Task Fetch_TheRepositoryInItsId_IsHeldToTheTokensScope()
    {
        var (app, alphaOnly) = await Setup();
        await using var owned = app;
        await using var scoped = await app.ConnectInProcessAsync(alphaOnly);

        var other = await scoped.CallAsync(McpToolNames.Fetch, ("id", "beta:a.py#L1"));
        var mine = await scoped.CallAsync(McpToolNames.Fetch, ("id", "alpha:a.py#L1"));
        var climbing = await scoped.CallAsync(McpToolNames.Fetch, ("id", "../alpha:a.py"));

        Assert.True(other.IsError == true && other.Text().Contains("403", StringComparison.Ordinal), other.Text());
        Assert.NotEqual(true, mine.IsError);
        Assert.Contains("alpha two", mine.StructuredContent!.Value.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(climbing.IsError == true && climbing.Text().Contains("400", StringComparison.Ordinal), climbing.Text());
    }

    private static async Task Expect(HttpClient client, string url, HttpStatusCode status, string? detail)
    {
        using var response = await client.Get(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{url}: {(int)response.StatusCode} {body}");
        if (detail is not null)
        {
            Assert.Contains(detail, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }
}
