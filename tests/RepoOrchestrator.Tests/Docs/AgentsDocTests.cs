using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol.Client;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;

namespace RepoOrchestrator.Tests.Docs;

/// <summary>
/// docs/AGENTS.md run as far as this machine allows (issue 20): every JSON configuration parses; each HTTP client
/// configuration (VS Code, Cursor) connects to a real service with exactly its URL and headers, the token put where
/// the placeholder is; the Claude Desktop stdio configuration starts the real `mcp` command with its arguments; the
/// Claude Code command's header, evaluated by bash from the token file it names, opens /mcp. Only the client
/// programs themselves (claude, VS Code, Cursor) are not here.
/// </summary>
public sealed partial class AgentsDocTests
{
    private const string DocumentedBase = "http://127.0.0.1:9325";

    private static string Doc => File.ReadAllText(Checkout.Combine("docs", "AGENTS.md"));

    [Fact]
    public void EveryJsonBlock_Parses()
    {
        var blocks = DocBlocks.Fenced(Doc, "json");
        Assert.True(blocks.Count >= 3, "AGENTS.md lost its client configurations");
        Assert.All(blocks, block => JsonDocument.Parse(block).Dispose());
    }

    [Fact]
    public async Task HttpClientConfigurations_ConnectAsWritten_WithTheReadOnlyToken()
    {
        await using var app = new OrchestratorApp();
        var address = app.StartKestrel();
        var servers = DocBlocks.Fenced(Doc, "json")
            .Select(b => JsonDocument.Parse(b).RootElement)
            .SelectMany(root => new[] { "servers", "mcpServers" }.Where(k => root.TryGetProperty(k, out _)).SelectMany(k => root.GetProperty(k).EnumerateObject()))
            .Select(p => p.Value)
            .Where(server => server.TryGetProperty("url", out _))
            .ToList();
        Assert.Equal(2, servers.Count); // VS Code and Cursor

        foreach (var server in servers)
        {
            var url = server.GetProperty("url").GetString()!;
            Assert.StartsWith(DocumentedBase + "/mcp", url, StringComparison.Ordinal);
            var headers = server.GetProperty("headers").EnumerateObject().ToDictionary(
                h => h.Name, h => Placeholder().Replace(h.Value.GetString()!, OrchestratorApp.ActionsToken), StringComparer.Ordinal);
            await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(url.Replace(DocumentedBase, address.ToString().TrimEnd('/'), StringComparison.Ordinal)),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = headers,
            }));
            var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
            Assert.Equal(McpToolNames.ReadTools.Order(StringComparer.Ordinal), tools.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task ClaudeDesktopStdioConfiguration_StartsTheMcpCommandAsWritten()
    {
        var server = DocBlocks.Fenced(Doc, "json").Select(b => JsonDocument.Parse(b).RootElement)
            .Where(root => root.TryGetProperty("mcpServers", out _))
            .SelectMany(root => root.GetProperty("mcpServers").EnumerateObject()).Select(p => p.Value)
            .Single(s => s.TryGetProperty("command", out _));
        using var root = new TempDirectory("orch-agents-doc");
        var args = server.GetProperty("args").EnumerateArray().Select(a => a.GetString()!
            .Replace("/path/to/src/RepoOrchestrator/bin/Release/net10.0/repo-orchestrator.dll", Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.dll"), StringComparison.Ordinal)
            .Replace("/path/to/orch-home", root.Combine(".orch-home"), StringComparison.Ordinal)
            .Replace("/path/to/repos", root.Path, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(args, a => a.Contains("/path/to", StringComparison.Ordinal));

        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "claude-desktop-as-documented",
            Command = server.GetProperty("command").GetString()!,
            Arguments = args,
            WorkingDirectory = root.Path,
        }));
        var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.Contains(McpToolNames.SelectRepo, tools); // stdio runs as the operator: admin tools too
    }

    [Fact]
    public async Task ClaudeCodeCommand_ItsHeaderFromTheTokenFile_OpensMcp()
    {
        var command = Assert.Single(DocCommands.Extract(Doc), c => c.StartsWith("claude mcp add", StringComparison.Ordinal));
        Assert.Contains($"--transport http repo-orchestrator {DocumentedBase}/mcp", command, StringComparison.Ordinal);
        var header = HeaderArgument().Match(command).Groups[1].Value;
        await using var app = new OrchestratorApp(envTokens: false);
        var address = app.StartKestrel();
        // The header as the shell would pass it to claude, with the token file the service wrote in its home.
        var evaluated = await ShellAsync("printf %s \"" + header.Replace("/path/to/orch-home", app.Home, StringComparison.Ordinal) + "\"");
        var separator = evaluated.IndexOf(": ", StringComparison.Ordinal);

        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(address, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string>(StringComparer.Ordinal) { [evaluated[..separator]] = evaluated[(separator + 2)..] },
        }));
        Assert.DoesNotContain(McpToolNames.SelectRepo, (await client.ListToolsAsync()).Select(t => t.Name)); // the read-only token
    }

    private static async Task<string> ShellAsync(string script)
    {
        var (code, output, error) = await ChildProcess.RunAsync("bash", ["-c", script], Path.GetTempPath());
        Assert.True(code == 0, error);
        return output.TrimEnd('\r', '\n'); // the child's output ends with a line break of its own
    }

    [GeneratedRegex(@"<read-only token>|\$\{input:orch-token\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex("--header \"([^\"]*\\$\\(cat [^)]*\\)[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderArgument();
}
