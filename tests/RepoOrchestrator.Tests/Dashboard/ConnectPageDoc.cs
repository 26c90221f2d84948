using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RepoOrchestrator.Tests.Docs;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>
/// What the "Connect an agent" page must show for each client, derived from docs/AGENTS.md (the tested source of truth):
/// the documented blocks with the documented address and token file replaced by this service's. Page and doc cannot drift.
/// </summary>
public static partial class ConnectPageDoc
{
    public const string DocumentedBase = "http://127.0.0.1:9325";
    public const string DocumentedTokenFile = "/path/to/orch-home/.orch_actions_token";

    /// <summary>The snippet ids the page shows, in page order.</summary>
    public static readonly string[] SnippetIds =
        ["claude-code", "claude-desktop", "claude-desktop-remote", "vscode", "cursor", "chatgpt-action", "chatgpt-connector"];

    private static string Doc => File.ReadAllText(Checkout.Combine("docs", "AGENTS.md"));

    /// <summary>Each JSON snippet as the doc shows it, for a service at <paramref name="serviceUrl"/>.</summary>
    public static Dictionary<string, JsonNode> JsonSnippets(string serviceUrl)
    {
        var blocks = DocBlocks.Fenced(Doc, "json").Select(b => JsonNode.Parse(b.Replace(DocumentedBase, serviceUrl, StringComparison.Ordinal))!).ToList();
        JsonNode Server(JsonNode root, string key) => root[key]!.AsObject().Single().Value!;
        var remote = RemoteFragment().Match(Doc);
        Assert.True(remote.Success, "AGENTS.md lost the mcp-remote configuration");
        var remoteServer = JsonNode.Parse("{" + remote.Groups[1].Value + ", " + remote.Groups[2].Value + "}")!;
        return new(StringComparer.Ordinal)
        {
            ["vscode"] = blocks.Single(b => b["servers"] is not null),
            ["cursor"] = blocks.Single(b => b["mcpServers"] is not null && Server(b, "mcpServers")["url"] is not null),
            ["claude-desktop"] = blocks.Single(b => b["mcpServers"] is not null && Server(b, "mcpServers")["command"] is not null),
            ["claude-desktop-remote"] = new JsonObject
            {
                ["mcpServers"] = new JsonObject { ["repo-orchestrator"] = JsonNode.Parse(remoteServer.ToJsonString().Replace(DocumentedBase, serviceUrl, StringComparison.Ordinal)) },
            },
        };
    }

    /// <summary>The Claude Code command as the doc shows it (one line), reading the token from <paramref name="tokenFile"/>.</summary>
    public static string ClaudeCodeCommand(string serviceUrl, string tokenFile)
    {
        var command = Assert.Single(DocCommands.Extract(Doc), c => c.StartsWith("claude mcp add", StringComparison.Ordinal));
        Assert.Contains(DocumentedTokenFile, command, StringComparison.Ordinal);
        return command.Replace(DocumentedBase, serviceUrl, StringComparison.Ordinal).Replace(DocumentedTokenFile, tokenFile, StringComparison.Ordinal);
    }

    /// <summary>A shell command shown over several lines (ending in ` \`) as one line, the way DocCommands reads the doc.</summary>
    public static string OneLine(string command) => string.Join(' ', command.Split(" \\\n").Select(part => part.Trim()));

    /// <summary>The address the doc says to import a GPT Action from, and the connector URL, for <paramref name="serviceUrl"/>.</summary>
    public static (string Action, string Connector) Urls(string serviceUrl)
    {
        Assert.Contains(".trycloudflare.com/openapi/actions.json", Doc, StringComparison.Ordinal);
        Assert.Contains(".trycloudflare.com/mcp", Doc, StringComparison.Ordinal);
        return (serviceUrl + "/openapi/actions.json", serviceUrl + "/mcp");
    }

    [GeneratedRegex("`(\"command\": \"npx\", \"args\": \\[[^`]*\\])`[^`]*`(\"env\": \\{[^`]*\\})`", RegexOptions.CultureInvariant)]
    private static partial Regex RemoteFragment();
}
