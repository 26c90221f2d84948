using System.Net;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Repositories;

/// <summary>
/// "No root, no read" over the whole surface: every read endpoint (taken from the endpoint table, with and without `repo`)
/// and every read tool (taken from tools/list, `fetch` included) answers 409 saying how to set a root, for the read-only
/// token, while no root is set. A read added later without going through the root fails here by name.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NoRootContractTests
{
    [Fact]
    public async Task EveryReadEndpoint_NoRoot_Is409WithTheHint()
    {
        await using var app = NoRootTests.NoRootApp();
        app.CreateRepo("app").Write("a.py", "print('x')\n").Commit("one");
        using var reader = app.CreateClient(TestRole.Actions);
        var routes = RepoParameterContractTests.ReadRoutes(app).ToList();
        Assert.NotEmpty(routes);
        foreach (var route in routes)
        {
            Assert.True(RepoParameterContractTests.SampleQueries.TryGetValue(route, out var query), $"{route} has no sample query: add one to RepoParameterContractTests");
            foreach (var url in new[] { $"{route}?{query}", $"{route}?{query}&repo=app" })
            {
                using var response = await reader.Get(url);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{url}: {(int)response.StatusCode} {body}");
                Assert.Equal(RepositoryRoot.NotSetDetail, await response.Detail());
            }
        }
    }

    [Fact]
    public async Task EveryReadTool_NoRoot_IsError409WithTheHint()
    {
        await using var app = NoRootTests.NoRootApp();
        app.CreateRepo("app").Write("a.py", "print('x')\n").Commit("one");
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);
        var tools = (await client.ListToolsAsync()).Where(t => t.Name != McpToolNames.GetStatus).ToList();
        Assert.Contains(tools, t => t.Name == McpToolNames.Fetch);
        foreach (var tool in tools)
        {
            (string, object?)[] arguments = tool.Name == McpToolNames.Fetch
                ? [("id", "app:a.py#L1")]
                : RepoParameterContractTests.SampleArguments.TryGetValue(tool.Name, out var sample) ? sample
                : throw new Xunit.Sdk.XunitException($"{tool.Name} has no sample arguments: add them to RepoParameterContractTests");
            foreach (var call in new[] { arguments, [.. arguments, ("repo", "app")] })
            {
                if (tool.Name == McpToolNames.Fetch && call.Length > 1)
                {
                    continue; // fetch names its repository in its id
                }

                var result = await client.CallAsync(tool.Name, call);
                Assert.True(result.IsError == true && result.Text().StartsWith("Error 409: ", StringComparison.Ordinal), $"{tool.Name}: {result.Text()}");
                Assert.Contains(RepositoryRoot.NotSetDetail, result.Text(), StringComparison.Ordinal);
            }
        }
    }
}
