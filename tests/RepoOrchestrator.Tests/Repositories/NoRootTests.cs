using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Repositories;

/// <summary>
/// Issue 20: without ORCH_REPO_ROOT and without a stored root the service starts, guesses nothing, and every read and
/// repository request (HTTP and MCP) answers 409 with a detail that says how to set one; /status says so too.
/// </summary>
public sealed class NoRootTests
{
    private const string Undeclared = "a failure its ProducesProblems declaration does not list";

    [Theory]
    [InlineData("GET", "/tree", TestRole.Actions)]
    [InlineData("GET", "/file?path=README.md", TestRole.Actions)]
    [InlineData("GET", "/search?q=hello", TestRole.Actions)]
    [InlineData("GET", "/diff", TestRole.Actions)]
    [InlineData("GET", "/git/log", TestRole.Actions)]
    [InlineData("GET", "/tree?repo=app", TestRole.Actions)]
    [InlineData("GET", "/ui/repos", TestRole.Admin)]
    [InlineData("POST", "/ui/repos/select?path=app", TestRole.Admin)]
    [InlineData("POST", "/ui/repos/open?path=app", TestRole.Admin)]
    [InlineData("POST", "/ui/repos/vitaminize?path=app", TestRole.Admin)]
    public async Task Request_NoRoot_Is409SayingHowToSetOne(string method, string url, TestRole role)
    {
        var logs = new CapturingLoggerProvider();
        await using var app = NoRootApp().WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        app.CreateRepo("app"); // a folder that would be a repository under a guessed root
        using var client = app.CreateClient(role);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative)));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(RepositoryRoot.NotSetDetail, await response.Detail());
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Undeclared, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RootFolderRemovedWhileRunning_Is409NotA500()
    {
        using var root = new TempDirectory("orch-root-gone");
        using var home = new TempDirectory("orch-home");
        await using var app = new OrchestratorApp(root: root.Path, home: home.Path);
        using var client = app.CreateClient(TestRole.Admin);
        Directory.Delete(root.Path, recursive: true);

        using var response = await client.Get("/ui/repos");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var detail = await response.Detail();
        Assert.Equal(RepositoryRoot.GoneDetail, detail);
        Assert.DoesNotContain(root.Path, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RootFolderReplacedByAFileWhileRunning_Is409Gone()
    {
        using var parent = new TempDirectory("orch-root-file");
        var root = Path.Join(parent.Path, "repos");
        Directory.CreateDirectory(root);
        using var home = new TempDirectory("orch-home");
        await using var app = new OrchestratorApp(root: root, home: home.Path);
        using var client = app.CreateClient(TestRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/ui/repos")).StatusCode); // accepted once: the next use checks again

        Directory.Delete(root);
        File.WriteAllText(root, "not a folder\n");
        using var response = await client.Get("/ui/repos");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(RepositoryRoot.GoneDetail, await response.Detail());
    }

    [Fact]
    public async Task Status_NoRoot_ReportsNullRootAndTheHint()
    {
        await using var app = NoRootApp();
        using var client = app.CreateClient(TestRole.Admin);

        var status = await (await client.Get("/status")).Json();
        Assert.False(status.GetProperty("root_set").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("root").ValueKind);
        var hint = status.GetProperty("root_hint").GetString()!;
        Assert.Contains("ORCH_REPO_ROOT", hint, StringComparison.Ordinal);
        Assert.Contains("repo-orchestrator repos root <folder>", hint, StringComparison.Ordinal);
        Assert.Equal(hint, (await (await client.Get("/ui/status")).Json()).GetProperty("root_hint").GetString());
        Assert.Equal(JsonValueKind.Null, (await (await client.Get("/ui/repos/active")).Json()).GetProperty("active_repo").ValueKind);
    }

    [Fact]
    public async Task Status_WithRoot_AdminSeesTheMaskedRootReaderOnlyThatOneIsSet()
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);
        using var reader = app.CreateClient(TestRole.Actions);

        var forAdmin = await (await admin.Get("/status")).Json();
        var forReader = await (await reader.Get("/status")).Json();

        Assert.True(forAdmin.GetProperty("root_set").GetBoolean());
        Assert.Equal(PathMasking.Mask(app.Root), forAdmin.GetProperty("root").GetString());
        Assert.Equal(JsonValueKind.Null, forAdmin.GetProperty("root_hint").ValueKind);
        Assert.True(forReader.GetProperty("root_set").GetBoolean());
        Assert.Equal(JsonValueKind.Null, forReader.GetProperty("root").ValueKind); // no host path for the read-only token
    }

    [Theory]
    [InlineData(McpToolNames.ListTree, TestRole.Actions)]
    [InlineData(McpToolNames.ReadFile, TestRole.Actions)]
    [InlineData(McpToolNames.ListRepos, TestRole.Admin)]
    [InlineData(McpToolNames.SelectRepo, TestRole.Admin)]
    public async Task McpTool_NoRoot_IsError409SayingHowToSetOne(string tool, TestRole role)
    {
        await using var app = NoRootApp();
        app.CreateRepo("app");
        await using var client = await app.ConnectInProcessAsync(role);

        var result = tool switch
        {
            McpToolNames.ReadFile => await client.CallAsync(tool, ("path", "README.md")),
            McpToolNames.SelectRepo => await client.CallAsync(tool, ("path", "app")),
            _ => await client.CallAsync(tool),
        };

        Assert.True(result.IsError);
        Assert.StartsWith("Error 409: ", result.Text(), StringComparison.Ordinal);
        Assert.Contains(RepositoryRoot.NotSetDetail, result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task McpStatus_NoRoot_CarriesTheHint()
    {
        await using var app = NoRootApp();
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(McpToolNames.GetStatus);

        Assert.NotEqual(true, result.IsError);
        Assert.False(result.StructuredContent!.Value.GetProperty("root_set").GetBoolean());
        Assert.Contains("repos root <folder>", result.StructuredContent.Value.GetProperty("root_hint").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A host with a home but neither ORCH_REPO_ROOT nor a stored root.</summary>
    internal static OrchestratorApp NoRootApp() => new OrchestratorApp().With("ORCH_REPO_ROOT", null);
}
