using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ModelContextProtocol.Client;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;
using static RepoOrchestrator.Tests.Dashboard.ConnectPageSession;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>
/// connect.html in Chromium on real Kestrel (issue 20): every client's settings in docs/AGENTS.md's shapes, filled in with
/// this service's address, working as pasted, copied exactly, and never carrying a token.
/// </summary>
[Collection(DashboardBrowser.Name)]
public sealed partial class ConnectPageTests(ChromiumFixture chromium)
{
    private const string PublicUrl = "https://orch-7f3a9c.example-tunnel.test";

    [Fact]
    public async Task ConnectPage_WithPublicUrl_ShowsTheDocumentedSettingsForIt_AndNoToken()
    {
        var app = new OrchestratorApp().With("ORCH_PUBLIC_URL", PublicUrl).With("ORCH_ACTIONS_TOKEN", null);
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await SignInAsync(session);
        var snippets = await SnippetsAsync(session.Page);

        Assert.Equal(ConnectPageDoc.SnippetIds, snippets.Keys);
        Assert.All(snippets.Where(s => s.Key != "claude-desktop"), s => Assert.Contains(PublicUrl + "/", s.Value, StringComparison.Ordinal));
        foreach (var (id, expected) in ConnectPageDoc.JsonSnippets(PublicUrl))
        {
            Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(snippets[id])), $"{id} differs from docs/AGENTS.md:\n{snippets[id]}");
        }

        var tokenFile = Path.Combine(app.Home, ".orch_actions_token");
        Assert.Equal(ConnectPageDoc.ClaudeCodeCommand(PublicUrl, tokenFile), ConnectPageDoc.OneLine(snippets["claude-code"]));
        Assert.Equal(ConnectPageDoc.Urls(PublicUrl), (snippets["chatgpt-action"], snippets["chatgpt-connector"]));
        await Assertions.Expect(session.Page.Locator("#service-url")).ToHaveTextAsync(PublicUrl);
        await Assertions.Expect(session.Page.Locator("#oauth-state")).ToContainTextAsync("On");
        await Assertions.Expect(session.Page.Locator("#client-chatgpt-connector")).ToContainTextAsync("OAuth is on");
        await Assertions.Expect(session.Page.Locator("#client-chatgpt-action .client-note")).ToHaveCountAsync(0); // https: no tunnel warning

        await AssertCleanAsync(session, ActionsTokenFromFile(app));
    }

    [Fact]
    public async Task ConnectPage_WithoutPublicUrl_ShowsTheListenAddress_AndItsSettingsConnectAsPasted()
    {
        var port = FreePort();
        var app = new OrchestratorApp().With("ORCH_ACTIONS_TOKEN", null);
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app, port: port);
        var listen = $"http://127.0.0.1:{port}";
        Assert.Equal(listen + "/", session.BaseAddress.ToString());
        await SignInAsync(session);
        var snippets = await SnippetsAsync(session.Page);
        var token = ActionsTokenFromFile(app);

        foreach (var (id, expected) in ConnectPageDoc.JsonSnippets(listen))
        {
            Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(snippets[id])), $"{id} differs from docs/AGENTS.md:\n{snippets[id]}");
        }

        // VS Code and Cursor, pasted and given the read-only token where the placeholder is, reach the read tools.
        foreach (var id in new[] { "vscode", "cursor" })
        {
            var root = JsonNode.Parse(snippets[id])!;
            var server = (root["servers"] ?? root["mcpServers"])!["repo-orchestrator"]!;
            var headers = server["headers"]!.AsObject().ToDictionary(
                h => h.Key, h => Placeholder().Replace(h.Value!.GetValue<string>(), token), StringComparer.Ordinal);
            Assert.Equal(McpToolNames.ReadTools.Order(StringComparer.Ordinal), await ToolsAsync(new Uri(server["url"]!.GetValue<string>()), headers));
        }

        // Claude Code: the header, as bash evaluates it from the token file the command names, opens /mcp.
        var header = await EvaluateHeaderAsync(snippets["claude-code"]);
        Assert.Equal($"Authorization: Bearer {token}", header);
        Assert.Contains($"--transport http repo-orchestrator {listen}/mcp", snippets["claude-code"], StringComparison.Ordinal);
        Assert.NotEmpty(await ToolsAsync(new Uri(listen + "/mcp"), new(StringComparer.Ordinal) { ["Authorization"] = header["Authorization: ".Length..] }));

        await Assertions.Expect(session.Page.Locator("#client-chatgpt-connector")).ToContainTextAsync("OAuth is off");
        await Assertions.Expect(session.Page.Locator("#client-chatgpt-connector")).ToContainTextAsync("https ORCH_PUBLIC_URL");
        await Assertions.Expect(session.Page.Locator("#client-chatgpt-action")).ToContainTextAsync("not https");
        await AssertCleanAsync(session, token);
    }

    [Fact]
    public async Task CopyButtons_PutTheExactTextOnTheClipboard()
    {
        var app = new OrchestratorApp().With("ORCH_ACTIONS_TOKEN", null);
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = session.BaseAddress.ToString().TrimEnd('/') });
        await SignInAsync(session);
        var snippets = await SnippetsAsync(session.Page);

        foreach (var (id, text) in snippets)
        {
            var snippet = session.Page.Locator($".snippet:has(pre[data-snippet='{id}'])");
            await snippet.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
            await Assertions.Expect(snippet.Locator(".copy-status")).ToHaveTextAsync("Copied.");
            Assert.Equal(text, await session.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        }

        await AssertCleanAsync(session, ActionsTokenFromFile(app));
    }

    [Fact]
    public async Task CopyButton_WithoutAClipboard_SelectsTheText()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        // As on a plain-http LAN address, where browsers offer no clipboard API.
        await session.Page.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });");
        await SignInAsync(session);
        var text = (await SnippetsAsync(session.Page))["vscode"];
        var snippet = session.Page.Locator(".snippet:has(pre[data-snippet='vscode'])");

        await snippet.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();

        await Assertions.Expect(snippet.Locator(".copy-status")).ToContainTextAsync("Selected");
        Assert.Equal(text, await session.Page.EvaluateAsync<string>("() => window.getSelection().toString()"));
        await Assertions.Expect(snippet.Locator("pre")).ToBeFocusedAsync();
        await AssertCleanAsync(session, OrchestratorApp.ActionsToken);
    }

    [Fact]
    public async Task ConnectPage_SignedOut_AsksForTheAdminToken_AndRefusesTheReadOnlyOne()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await OpenAsync(session);
        await Assertions.Expect(session.Page.GetByLabel("Admin token", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.Locator("#connect")).ToBeHiddenAsync();
        Assert.DoesNotContain(session.Requests, r => r.Contains("/ui/", StringComparison.Ordinal)); // no call without a token

        await session.Page.GetByLabel("Admin token", new() { Exact = true }).FillAsync(OrchestratorApp.ActionsToken);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Show settings" }).ClickAsync();
        await Assertions.Expect(session.Page.Locator("#signin-error")).ToContainTextAsync("needs the admin token");
        await Assertions.Expect(session.Page.Locator("#connect")).ToBeHiddenAsync();
        Assert.Empty(await session.Page.EvaluateAsync<string>("() => sessionStorage.getItem('repo-orchestrator.token') ?? ''"));

        await session.Page.GetByLabel("Admin token", new() { Exact = true }).FillAsync("not-a-valid-token-0123456789");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Show settings" }).ClickAsync();
        await Assertions.Expect(session.Page.Locator("#signin-error")).ToContainTextAsync("refused");
        await Assertions.Expect(session.Page.Locator("#connect")).ToBeHiddenAsync();
        Assert.Empty(await CspViolationsAsync(session.Page));
    }

    [Fact]
    public async Task ConnectPage_RateLimited_SaysWhenToRetry_AndKeepsTheToken()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        // As the service's own limiter answers: 429 problem+json with Retry-After.
        await session.Page.RouteAsync("**/ui/status", route => route.FulfillAsync(new()
        {
            Status = 429,
            ContentType = "application/problem+json",
            Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Retry-After"] = "30" },
            Body = """{"status":429,"detail":"Rate limit exceeded."}""",
        }));

        await OpenAsync(session);
        await session.Page.GetByLabel("Admin token", new() { Exact = true }).FillAsync(OrchestratorApp.AdminToken);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Show settings" }).ClickAsync();

        await Assertions.Expect(session.Page.Locator("#signin-error")).ToContainTextAsync("Too many requests: slow down, retry in 30s");
        await Assertions.Expect(session.Page.Locator("#connect")).ToBeHiddenAsync();
        Assert.Equal(OrchestratorApp.AdminToken, await session.Page.EvaluateAsync<string>("() => sessionStorage.getItem('repo-orchestrator.token')"));
    }

    [Fact]
    public async Task Dashboard_ConnectLink_OpensThePageSignedIn_AndLeadsBack()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.Page.AddInitScriptAsync(CspRecorder);
        await session.SignInAsync();

        await session.Page.GetByRole(AriaRole.Link, new() { Name = "Connect an agent" }).ClickAsync();

        await Assertions.Expect(session.Page.Locator("#clients .client")).ToHaveCountAsync(6); // the tab's token: no second prompt
        await Assertions.Expect(session.Page.GetByLabel("Admin token", new() { Exact = true })).ToBeHiddenAsync();
        await session.Page.GetByRole(AriaRole.Link, new() { Name = "Back to dashboard" }).ClickAsync();
        await Assertions.Expect(session.Page.Locator("#panels")).ToBeVisibleAsync();
        await AssertCleanAsync(session, OrchestratorApp.ActionsToken);
    }

    [Fact]
    public async Task ClaudeCodeCommand_HostileTokenFilePath_StaysOneShellWord()
    {
        var app = new OrchestratorApp();
        var folder = Directory.CreateDirectory(Path.Combine(app.Home, "it's $(touch pwned) `touch pwned2` \"q\"; x")).FullName;
        var file = Path.Combine(folder, "token");
        app.With("ORCH_ACTIONS_TOKEN", null).With("ORCH_ACTIONS_TOKEN_FILE", file);
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await SignInAsync(session);
        using var work = new TempDirectory("orch-connect-shell");

        var header = await EvaluateHeaderAsync((await SnippetsAsync(session.Page))["claude-code"], work.Path);

        Assert.Equal($"Authorization: Bearer {ActionsTokenFromFile(app, file)}", header);
        Assert.Empty(Directory.GetFileSystemEntries(work.Path)); // no command in the path ran
    }

    /// <summary>No console error, no CSP violation, no request off the service, and no token anywhere on the page.</summary>
    private static async Task AssertCleanAsync(DashboardSession session, string actionsToken)
    {
        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(await CspViolationsAsync(session.Page));
        Assert.All(session.Requests, r => Assert.StartsWith(session.BaseAddress.ToString(), r, StringComparison.Ordinal));
        var everything = await EverythingAsync(session.Page);
        Assert.DoesNotContain(OrchestratorApp.AdminToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(actionsToken, everything, StringComparison.Ordinal);
    }

    /// <summary>The `--header "…"` argument of the Claude Code command, as bash would pass it to claude.</summary>
    private static async Task<string> EvaluateHeaderAsync(string command, string? workingDirectory = null)
    {
        var argument = HeaderArgument().Match(command);
        Assert.True(argument.Success, command);
        var (code, output, error) = await ChildProcess.RunAsync("bash", ["-c", "printf %s " + argument.Groups[1].Value], workingDirectory ?? Path.GetTempPath());
        Assert.True(code == 0, error);
        return output.TrimEnd('\r', '\n');
    }

    private static async Task<List<string>> ToolsAsync(Uri endpoint, Dictionary<string, string> headers)
    {
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        }));
        return [.. (await client.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"<read-only token>|\$\{input:orch-token\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex("--header (\"[^\\n]*\")$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderArgument();
}
