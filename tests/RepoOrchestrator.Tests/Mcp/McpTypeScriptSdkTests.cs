using System.Text.Json;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// The official MCP TypeScript SDK (tests/node/mcp-client.mjs) connects to /mcp on real Kestrel with a bearer token,
/// lists the tools and calls every one with the arguments of tests/node/mcp-tool-calls.json, over a real repository:
/// each listed tool has a fixture entry, each call succeeds with the expected text, for both roles.
/// </summary>
public sealed class McpTypeScriptSdkTests
{
    private const string Secret = "sk-proj-Xa81mQ2pLr7vKs9dN3tYbW4cE6fH0jUoZg5iA1qB7xC2vM8n";

    [Theory]
    [InlineData(TestRole.Actions)]
    [InlineData(TestRole.Admin)]
    public async Task TypeScriptSdk_ListsAndCallsEveryTool_AllSucceed(TestRole role)
    {
        var script = Path.Combine(NodeTools.Folder, "mcp-client.mjs");
        NodeTools.Package(Path.Combine("@modelcontextprotocol", "sdk", "package.json"));
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app")
            .Write("README.md", "# app\n")
            .Write("src/app.py", $"def greet(name):\n    return \"Hi \" + name\n\nOPENAI_API_KEY = \"{Secret}\"\n");
        repo.Commit("first");
        repo.Git("tag", "v1");
        repo.Write("src/app.py", $"def greet(name):\n    return \"Hello, \" + name + \"!\"\n\nOPENAI_API_KEY = \"{Secret}\"\n");
        repo.Commit("second");
        var address = app.StartKestrel();
        await app.SelectAsync(repo);
        using var temp = new TempDirectory("orch-mcp-sdk");

        var (code, output, error) = await NodeTools.RunAsync(
            script,
            [new Uri(address, "/mcp").ToString(), Path.Combine(NodeTools.Folder, "mcp-tool-calls.json")],
            temp.Path,
            new Dictionary<string, string?> { ["ORCH_MCP_TOKEN"] = role == TestRole.Admin ? OrchestratorApp.AdminToken : OrchestratorApp.ActionsToken });

        Assert.True(output.TrimStart().StartsWith('{'), $"the script printed no report (exit {code}): {error}");
        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        var expected = role == TestRole.Admin ? McpToolNames.ReadTools.Concat(McpToolNames.AdminTools) : McpToolNames.ReadTools;
        var listed = root.GetProperty("tools").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.True(root.GetProperty("missing").GetArrayLength() == 0, $"add these tools to tests/node/mcp-tool-calls.json: {error}");
        var calls = root.GetProperty("calls").EnumerateArray().ToList();
        Assert.Equal(listed.Order(StringComparer.Ordinal), calls.Select(c => c.GetProperty("tool").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(calls, call =>
        {
            var tool = call.GetProperty("tool").GetString();
            Assert.True(call.GetProperty("error").ValueKind == JsonValueKind.Null, $"{tool}: {call.GetProperty("error")}");
            Assert.True(call.GetProperty("isError").ValueKind == JsonValueKind.False, $"{tool}: {call.GetProperty("excerpt")}");
            Assert.True(call.GetProperty("missingText").GetArrayLength() == 0, $"{tool}: {call.GetProperty("missingText")} not in {call.GetProperty("excerpt")}");
        });
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal); // redacted through this door too
        Assert.True(code == 0, error);
    }

    [Fact]
    public async Task TypeScriptSdk_ToolWithoutFixture_FailsNamingIt()
    {
        var script = Path.Combine(NodeTools.Folder, "mcp-client.mjs");
        NodeTools.Package(Path.Combine("@modelcontextprotocol", "sdk", "package.json"));
        await using var app = new OrchestratorApp();
        var address = app.StartKestrel();
        using var temp = new TempDirectory("orch-mcp-sdk");
        var fixture = temp.WriteFile("calls.json", """{ "tools": { "get_status": { "arguments": {}, "expect": ["version"] } } }""");

        var (code, output, error) = await NodeTools.RunAsync(
            script, [new Uri(address, "/mcp").ToString(), fixture], temp.Path,
            new Dictionary<string, string?> { ["ORCH_MCP_TOKEN"] = OrchestratorApp.ActionsToken });

        Assert.NotEqual(0, code);
        using var report = JsonDocument.Parse(output);
        var missing = report.RootElement.GetProperty("missing").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains(McpToolNames.ReadFile, missing);
        Assert.DoesNotContain(McpToolNames.GetStatus, missing);
        Assert.Contains("No fixture entry for tool(s)", error, StringComparison.Ordinal);
        Assert.Contains(McpToolNames.ReadFile, error, StringComparison.Ordinal);
    }
}
