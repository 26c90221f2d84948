using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;

namespace RepoOrchestrator.Tests.Hosting;

/// <summary>
/// The published build is trimmed (csproj): members nobody references statically are removed from the framework.
/// These tests run it as a real process and compare every kind of answer with the in-process service, byte for
/// byte apart from what differs between any two runs (correlation ids, times, uptime, audit chain values).
/// </summary>
[Collection(PublishedBuildUsers.Name)]
public sealed partial class PublishedBuildTests(PublishedBuild build)
{
    /// <summary>The address both services advertise in their OpenAPI document (each listens on its own port).</summary>
    private const string PublicUrl = "https://orchestrator.example.test";

    private static readonly (string Method, string Path, TestRole? Role)[] Requests =
    [
        ("GET", "/health", null),
        ("GET", "/", null),
        ("GET", "/css/dashboard.css", null),
        ("GET", "/js/main.js", null),
        ("GET", "/openapi.json", null),
        ("GET", "/docs", null),
        ("GET", "/status", null),
        ("GET", "/status", TestRole.Actions),
        ("GET", "/ui/status", TestRole.Admin),
        ("GET", "/ui/audit", TestRole.Actions),
        ("GET", "/file?path=src/app.py", TestRole.Actions),
        ("GET", "/file?path=README.md&start_line=2&end_line=3", TestRole.Actions),
        ("GET", "/file?path=README.md&start_line=abc", TestRole.Actions),
        ("GET", "/file?path=../outside.txt", TestRole.Actions),
        ("GET", "/file?path=missing.txt", TestRole.Actions),
        ("GET", "/tree?max_depth=3", TestRole.Actions),
        ("GET", "/tree?max_depth=9", TestRole.Actions),
        ("GET", "/search?q=INTERNAL", TestRole.Actions),
        ("GET", "/search?q=hello&ext=md", TestRole.Actions),
        ("GET", "/search?q=x", TestRole.Actions),
        ("GET", "/diff?base=HEAD~1", TestRole.Actions),
        ("GET", "/diff?base=HEAD~1&mode=patch", TestRole.Actions),
        ("GET", "/diff?base=no-such-ref", TestRole.Actions),
        ("GET", "/ui/repos", TestRole.Admin),
        ("GET", "/ui/repos/active", TestRole.Admin),
        ("POST", "/ui/repos/select?path=missing", TestRole.Admin),
        ("GET", "/ui/allowlist", TestRole.Admin),
        ("GET", "/ui/security/events", TestRole.Admin),
        ("GET", "/ui/service/status", TestRole.Admin),
        ("GET", "/ui/audit?limit=0", TestRole.Admin),
        ("GET", "/ui/audit?limit=100", TestRole.Admin),
        ("GET", "/no/such/endpoint", TestRole.Admin),
    ];

    [Fact]
    public void Publish_IsSelfContainedTrimmedAndPrecompiled()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(build.Folder, "repo-orchestrator.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        Assert.True(options.TryGetProperty("includedFrameworks", out _), "the runtime is carried in the folder");
        Assert.False(options.TryGetProperty("frameworks", out _));
        var configProperties = options.GetProperty("configProperties");
        Assert.True(configProperties.GetProperty("System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault").GetBoolean());
        Assert.Equal(4194304, configProperties.GetProperty("System.GC.Gen0MaxBudget").GetInt32());

        // Trimmed: the app's CoreLib is a fraction of the shared framework's one this test runs on.
        var shared = new FileInfo(typeof(object).Assembly.Location).Length;
        var published = new FileInfo(Path.Combine(build.Folder, "System.Private.CoreLib.dll")).Length;
        Assert.True(published < shared * 0.9, $"published CoreLib {published} B, shared {shared} B");

        // Precompiled: the service's own assembly carries ReadyToRun code.
        using var pe = new PEReader(File.OpenRead(Path.Combine(build.Folder, "repo-orchestrator.dll")));
        Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "repo-orchestrator.dll has no ReadyToRun code");
    }

    [Fact]
    public async Task PublishedService_AnswersEveryKindOfRequestLikeTheInProcessService()
    {
        using var temp = new TempDirectory("orch-published");
        var (root, rules) = WriteRepositoryAndRules(temp);
        await using var inProcess = new OrchestratorApp(root, temp.Combine("home-in-process"))
            .With("ORCH_HEADLESS", "true").With("ORCH_REDACTION_RULES", rules).With("ORCH_PUBLIC_URL", PublicUrl);
        var expectedBase = inProcess.StartKestrel();
        await using var service = await StartPublished(temp, root, rules);
        var actualBase = service.BaseAddress;

        foreach (var target in new[] { expectedBase, actualBase })
        {
            using var http = Client(target, TestRole.Admin);
            using var selected = await http.PostAsync(new Uri("/ui/repos/select?path=app", UriKind.Relative), null);
            Assert.Equal(System.Net.HttpStatusCode.OK, selected.StatusCode);
        }

        foreach (var (method, path, role) in Requests)
        {
            var expected = await Answer(expectedBase, method, path, role, inProcess.Home);
            var actual = await Answer(actualBase, method, path, role, service.Home);
            Assert.True(expected == actual, $"{method} {path}\n--- in process:\n{expected}\n--- published:\n{actual}\n--- published stderr:\n{service.Process.Error}");
        }

        // A redacted secret is what both builds serve; check the comparison saw it (not two identical failures).
        var file = await Answer(actualBase, "GET", "/file?path=src/app.py", TestRole.Actions, service.Home);
        Assert.StartsWith("200 ", file, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", file, StringComparison.Ordinal);
        Assert.DoesNotContain("INTERNAL-0123456789", await Answer(actualBase, "GET", "/search?q=INTERNAL", TestRole.Actions, service.Home), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedService_McpToolsAndResults_MatchTheInProcessService()
    {
        using var temp = new TempDirectory("orch-published");
        var (root, rules) = WriteRepositoryAndRules(temp);
        await using var inProcess = new OrchestratorApp(root, temp.Combine("home-in-process"))
            .With("ORCH_HEADLESS", "true").With("ORCH_REDACTION_RULES", rules).With("ORCH_PUBLIC_URL", PublicUrl);
        var expectedBase = inProcess.StartKestrel();
        await using var service = await StartPublished(temp, root, rules);

        var expected = await McpTranscript(expectedBase, inProcess.Home);
        var actual = await McpTranscript(service.BaseAddress, service.Home);

        Assert.Equal(expected, actual);
        Assert.Contains(McpToolNames.ReadFile, actual, StringComparison.Ordinal);
        Assert.Contains("[REDACTED", actual, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedExecutable_McpOverStdio_ListsTheSameToolsAsHttp()
    {
        using var temp = new TempDirectory("orch-published");
        var (root, _) = WriteRepositoryAndRules(temp);
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "repo-orchestrator",
            Command = build.Executable,
            Arguments = ["mcp", $"--ORCH_HOME={temp.Combine("home-stdio")}", $"--ORCH_REPO_ROOT={root}"],
            WorkingDirectory = temp.Path,
        });

        await using var client = await McpClient.CreateAsync(transport);
        var tools = await client.ListToolsAsync();
        var selected = await client.CallAsync(McpToolNames.SelectRepo, ("path", "app"));
        var read = await client.CallAsync(McpToolNames.ReadFile, ("path", "src/app.py"));

        Assert.Equal(McpToolNames.ReadTools.Concat(McpToolNames.AdminTools).Order(StringComparer.Ordinal), tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.NotEqual(true, selected.IsError);
        Assert.NotEqual(true, read.IsError);
        Assert.Contains("def main():", read.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", read.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FrameworkDependentPublish_AsDocumented_RunsOnTheSharedRuntime()
    {
        using var temp = new TempDirectory("orch-published-fdd");
        var folder = temp.Combine("out");
        var (code, output, error) = await ChildProcess.RunAsync(
            "dotnet",
            ["publish", Checkout.Combine("src", "RepoOrchestrator"), "-c", "Release", "-o", folder, "-nologo",
             "-p:PublishSelfContained=false", "-p:PublishTrimmed=false", "-p:PublishReadyToRun=false"],
            Checkout.Root, timeoutSeconds: 600);
        Assert.True(code == 0, $"{output}\n{error}");
        Assert.Contains("-p:PublishSelfContained=false -p:PublishTrimmed=false -p:PublishReadyToRun=false",
            Regex.Replace(File.ReadAllText(Checkout.Combine("docs", "OPERATIONS.md")), @"`?\s+`?", " "), StringComparison.Ordinal);

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "repo-orchestrator.runtimeconfig.json")));
        Assert.True(config.RootElement.GetProperty("runtimeOptions").TryGetProperty("frameworks", out _), "runs on the shared runtime");
        Assert.False(File.Exists(Path.Combine(folder, "System.Private.CoreLib.dll")));

        var (root, _) = WriteRepositoryAndRules(temp);
        var (listed, text, stderr) = await ChildProcess.RunAsync(
            "dotnet", [Path.Combine(folder, "repo-orchestrator.dll"), "repos", "list"], temp.Path,
            new Dictionary<string, string?> { ["ORCH_HOME"] = temp.Combine("home"), ["ORCH_REPO_ROOT"] = root });
        Assert.True(listed == 0, stderr);
        Assert.Contains("  app", text, StringComparison.Ordinal);
    }

    private static (string Root, string Rules) WriteRepositoryAndRules(TempDirectory temp)
    {
        var root = temp.Combine("repos");
        var repo = new TempGitRepo(root, "app")
            .Write("src/app.py", "def main():\n    key = \"AKIAIOSFODNN7EXAMPLE\"\n    return 1\n")
            .Write("README.md", "hello\nticket INTERNAL-0123456789\n")
            .Write("docs/guide.md", "# Guide\nhello again\n");
        repo.Commit("first");
        repo.Write("README.md", "hello\nticket INTERNAL-0123456789\nmore\n").Commit("second");

        // A gitleaks-style rules file: read through Tomlyn's reflection-based model binding at start.
        var rules = temp.Combine("rules.toml");
        File.WriteAllText(rules, "[[rules]]\nid = \"internal-ticket\"\nregex = '''INTERNAL-[0-9]{10}'''\nkeywords = [\"internal-\"]\n");
        return (root, rules);
    }

    private async Task<PublishedService> StartPublished(TempDirectory temp, string root, string rules)
    {
        var home = temp.Combine("home-published");
        var port = ChildProcess.FreePort();
        var process = ChildProcess.Start(build.Executable, ["serve"], temp.Path, new Dictionary<string, string?>
        {
            ["ORCH_HOME"] = home,
            ["ORCH_REPO_ROOT"] = root,
            ["ORCH_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["ORCH_TOKEN"] = OrchestratorApp.AdminToken,
            ["ORCH_ACTIONS_TOKEN"] = OrchestratorApp.ActionsToken,
            ["ORCH_RATE_LIMIT_PER_MIN"] = "100000",
            ["ORCH_HEADLESS"] = "true",
            ["ORCH_REDACTION_RULES"] = rules,
            ["ORCH_PUBLIC_URL"] = PublicUrl,
        });
        try
        {
            await process.WaitForLineAsync(l => l.Contains($"is listening on http://127.0.0.1:{port}", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new PublishedService(process, new Uri($"http://127.0.0.1:{port}"), home);
    }

    private static HttpClient Client(Uri baseAddress, TestRole? role)
    {
        var http = new HttpClient { BaseAddress = baseAddress };
        if (role is { } r)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", r == TestRole.Admin ? OrchestratorApp.AdminToken : OrchestratorApp.ActionsToken);
        }

        return http;
    }

    /// <summary>Status, content headers and body of one request, with what differs between runs normalised.</summary>
    private static async Task<string> Answer(Uri baseAddress, string method, string path, TestRole? role, string home)
    {
        using var http = Client(baseAddress, role);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {response.Content.Headers.ContentType}\n")
            .Append(body)
            .ToString();
        return Normalise(text, baseAddress, home);
    }

    private static async Task<string> McpTranscript(Uri baseAddress, string home)
    {
        await using var client = await McpTestClient.ConnectAsync(baseAddress, TestRole.Admin);
        var transcript = new StringBuilder();
        var tools = await client.ListToolsAsync();
        foreach (var tool in tools.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            transcript.AppendLine(JsonSerializer.Serialize(tool.ProtocolTool, McpJsonUtilities.DefaultOptions));
        }

        (string Tool, (string, object?)[] Arguments)[] calls =
        [
            (McpToolNames.SelectRepo, [("path", "app")]),
            (McpToolNames.ReadFile, [("path", "src/app.py")]),
            (McpToolNames.ReadFile, [("path", "../outside.txt")]),
            (McpToolNames.ListTree, [("path", "."), ("max_depth", 2)]),
            (McpToolNames.Search, [("query", "INTERNAL")]),
            (McpToolNames.GitDiff, [("base", "HEAD~1")]),
        ];
        foreach (var (tool, arguments) in calls)
        {
            var result = await client.CallAsync(tool, arguments);
            transcript.Append(tool).Append(": ").AppendLine(JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions));
        }

        return Normalise(transcript.ToString(), baseAddress, home);
    }

    private static string Normalise(string text, Uri baseAddress, string home)
    {
        text = text.Replace(home, "<home>", StringComparison.Ordinal)
            .Replace(baseAddress.GetLeftPart(UriPartial.Authority), "<base>", StringComparison.Ordinal);
        text = CorrelationId().Replace(text, "<id>");
        text = Timestamp().Replace(text, "<time>");
        text = Chain().Replace(text, "CHAIN:<chain>");
        return Uptime().Replace(text, "\"uptime_seconds\":<n>");
    }

    [GeneratedRegex("(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")]
    private static partial Regex CorrelationId();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")]
    private static partial Regex Timestamp();

    [GeneratedRegex("CHAIN:[0-9a-f]{64}")]
    private static partial Regex Chain();

    [GeneratedRegex("\"uptime_seconds\":[0-9.]+")]
    private static partial Regex Uptime();

    private sealed record PublishedService(ChildProcess Process, Uri BaseAddress, string Home) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
