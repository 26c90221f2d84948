using ModelContextProtocol.Client;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>`repo-orchestrator mcp`: the real executable over stdio, driven by the SDK's stdio client.</summary>
public sealed class McpStdioTests
{
    [Fact]
    public async Task Stdio_RealExecutable_ListsEveryToolAndActsAsLocalAdmin()
    {
        using var root = new TempDirectory("orch-stdio");
        var repo = new TempGitRepo(root.Path, "app");
        var home = root.Combine(".orch-home");
        var stderr = new List<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "repo-orchestrator",
            Command = "dotnet",
            Arguments = [Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.dll"), "mcp", $"--ORCH_HOME={home}", $"--ORCH_REPO_ROOT={root.Path}"],
            WorkingDirectory = root.Path,
            StandardErrorLines = line =>
            {
                lock (stderr)
                {
                    stderr.Add(line);
                }
            },
        });

        var options = new McpClientOptions { ClientInfo = new ModelContextProtocol.Protocol.Implementation { Name = "stdio-test", Version = "9.9" } };
        await using (var client = await McpClient.CreateAsync(transport, options))
        {
            var tools = await client.ListToolsAsync();
            var expected = McpToolNames.ReadTools.Concat(McpToolNames.AdminTools).Order(StringComparer.Ordinal);
            Assert.Equal(expected, tools.Select(t => t.Name).Order(StringComparer.Ordinal));

            var selected = await client.CallAsync(McpToolNames.SelectRepo, ("path", repo.Name));
            Assert.NotEqual(true, selected.IsError);
            var listed = await client.CallAsync(McpToolNames.ListRepos);
            Assert.EndsWith("/app", listed.StructuredContent!.Value.GetProperty("active_repo").GetString(), StringComparison.Ordinal);
        }

        // Same ORCH_HOME state and audit log as the service; the operator is audited as admin:stdio.
        var audit = await File.ReadAllTextAsync(Path.Combine(home, "logs", "orchestrator_audit.log"));
        Assert.Contains("OP:MCP_SELECT", audit, StringComparison.Ordinal);
        Assert.Contains("ACTOR:admin:stdio", audit, StringComparison.Ordinal);
        Assert.Contains("| MCP_CLIENT:stdio-test/9.9", audit, StringComparison.Ordinal); // the client's own initialize names it
        // Logs went to stderr (stdout carried only frames, or the client above would have failed to parse them).
        lock (stderr)
        {
            Assert.Contains(stderr, line => line.Contains("Application started", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Stdio_BadConfiguration_ExitsWithOneLineOnStderr()
    {
        using var root = new TempDirectory("orch-stdio");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.dll"), "mcp", $"--ORCH_HOME={root.Path}", "--ORCH_REPO_ROOT=" + root.Combine("missing") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        })!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Equal("", stdout);
        Assert.Contains("ORCH_REPO_ROOT", stderr, StringComparison.Ordinal);
    }
}
