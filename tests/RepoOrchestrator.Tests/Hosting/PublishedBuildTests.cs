using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json;
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
        ("GET", "/docs/scalar.js", null),
        ("GET", "/docs/scalar.aspnetcore.js", null),
        ("GET", "/docs/favicon.svg", null),
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
        ("GET", "/search?q=ticket", TestRole.Actions),
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
    public void Publish_IsSelfContainedAndTrimmed_AndLeavesCompilationToTheJit()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(build.Folder, "repo-orchestrator.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        Assert.True(options.TryGetProperty("includedFrameworks", out _), "the runtime is carried in the folder");
        Assert.False(options.TryGetProperty("frameworks", out _));
        var configProperties = options.GetProperty("configProperties");
        Assert.True(configProperties.GetProperty("System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault").GetBoolean());
        Assert.Equal(4194304, configProperties.GetProperty("System.GC.Gen0MaxBudget").GetInt32());
        Assert.Equal(1048576, configProperties.GetProperty("System.GC.RegionSize").GetInt32());
        Assert.Equal(0, configProperties.GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs").GetInt32());

        // Trimmed: the app's CoreLib is a fraction of the shared framework's one this test runs on.
        var shared = new FileInfo(typeof(object).Assembly.Location).Length;
        var published = new FileInfo(Path.Combine(build.Folder, "System.Private.CoreLib.dll")).Length;
        Assert.True(published < shared * 0.9, $"published CoreLib {published} B, shared {shared} B");

        // No ReadyToRun code (csproj: precompiled code keeps about 16 MiB more resident under load than what the JIT
        // compiles for the paths in use).
        foreach (var assembly in new[] { "repo-orchestrator.dll", "System.Private.CoreLib.dll", "Microsoft.AspNetCore.Server.Kestrel.Core.dll" })
        {
            using var pe = new PEReader(File.OpenRead(Path.Combine(build.Folder, assembly)));
            Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size == 0, $"{assembly} carries ReadyToRun code");
        }
    }

    [Fact]
    public async Task PublishedService_AnswersEveryKindOfRequestLikeTheInProcessService()
    {
        using var temp = new TempDirectory("orch-published");
        var (root, rules) = WriteRepositoryAndRules(temp);
        await using var services = await StartBoth(temp, root, rules);
        await SelectApp(services.InProcessBase);
        await SelectApp(services.Published.BaseAddress);

        foreach (var (method, path, role) in Requests)
        {
            await services.SameAnswer(method, path, Token(role));
        }

        // A redacted secret is what both builds serve; check the comparison saw it (not two identical failures).
        var service = services.Published;
        var actualBase = service.BaseAddress;
        var file = await Answer(actualBase, "GET", "/file?path=src/app.py", TestRole.Actions, service.Home);
        Assert.StartsWith("200 ", file, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", file, StringComparison.Ordinal);
        var search = await Answer(actualBase, "GET", "/search?q=ticket", TestRole.Actions, service.Home);
        Assert.StartsWith("200 ", search, StringComparison.Ordinal);
        Assert.Contains("[REDACTED", search, StringComparison.Ordinal); // the rules file's own rule, loaded by the trimmed Tomlyn
        Assert.DoesNotContain("INTERNAL-0123456789", search, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedService_RateLimitAndLockdown_AnswerLikeTheInProcessService()
    {
        using var temp = new TempDirectory("orch-published");
        var (root, rules) = WriteRepositoryAndRules(temp);
        (string, string?)[] settings =
        [
            ("ORCH_RATE_LIMIT_PER_MIN", "3"), ("ORCH_RATE_LIMIT_WINDOW_SECONDS", "86400"),
            ("ORCH_PANIC_AUTH_THRESHOLD", "2"), ("ORCH_PANIC_AUTH_WINDOW_SECONDS", "86400"),
        ];
        await using var services = await StartBoth(temp, root, rules, settings);

        // Identical sequences, each answer with the status it must have: the second invalid token turns panic mode on
        // (it and every later request without a valid token get 503; /health and valid tokens pass), and the fourth
        // request without a valid token from this (loopback) client is refused (429) before anything else, while each
        // valid token keeps its own window.
        (string Path, string? Bearer, int Status)[] sequence =
        [
            ("/status", OrchestratorApp.ActionsToken, 200),
            ("/status", "not-a-valid-token-0123456789", 401),
            ("/status", "another-invalid-token-0123456789", 503),
            ("/status", OrchestratorApp.AdminToken, 200),
            ("/health", null, 200),
            ("/status", null, 503),
            ("/status", OrchestratorApp.ActionsToken, 200),
            ("/status", null, 429),
            ("/status", OrchestratorApp.AdminToken, 200),
            ("/health", null, 200),
        ];
        foreach (var (path, bearer, status) in sequence)
        {
            Assert.StartsWith($"{status} ", await services.SameAnswer("GET", path, bearer), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PublishedExecutable_CommandLine_AnswersLikeTheBuiltOne()
    {
        using var temp = new TempDirectory("orch-published");
        var (root, _) = WriteRepositoryAndRules(temp);
        var badRules = temp.Combine("bad-rules.toml");
        File.WriteAllText(badRules, "[[rules]]\nid = \"broken\"\nregex = \"(unclosed\"\n");
        string[][] commands =
        [
            ["--version"], ["--help"], ["repos", "list"], ["repos", "select", "missing"], ["repos", "select", "app"],
            ["panic", "status"], ["audit", "tail", "-n", "5"], ["audit", "verify"],
            ["serve", "--ORCH_PORT=not-a-port"], ["serve", $"--ORCH_REDACTION_RULES={badRules}"],
        ];

        foreach (var command in commands)
        {
            var expected = await RunCli("dotnet", [Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.dll"), .. command], temp, "home-built", root);
            var actual = await RunCli(build.Executable, command, temp, "home-published", root);
            Assert.True(expected == actual, $"{string.Join(' ', command)}\n--- built:\n{expected}\n--- published:\n{actual}");
        }
    }

    [Fact]
    public async Task PublishedService_McpToolsAndResults_MatchTheInProcessService()
    {
        using var temp = new TempDirectory("orch-published");
        var (root, rules) = WriteRepositoryAndRules(temp);
        await using var services = await StartBoth(temp, root, rules);

        var expected = await McpTranscript(services.InProcessBase, services.InProcess.Home);
        var actual = await McpTranscript(services.Published.BaseAddress, services.Published.Home);

        Assert.Equal(expected, actual);
        Assert.Contains(McpToolNames.ReadFile, actual, StringComparison.Ordinal);
        Assert.Contains("[REDACTED", actual, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedService_WithOAuthOff_NeverLoadsEntityFrameworkOrOpenIddict()
    {
        using var temp = new TempDirectory("orch-published");
        var (root, rules) = WriteRepositoryAndRules(temp);
        string[] requests = ["/health", "/status", "/file?path=src/app.py", "/tree?path=.", "/search?q=main", "/openapi.json"];

        await using (var off = await StartPublished(temp, root, rules, ("ORCH_OAUTH", "off")))
        {
            await SelectApp(off.BaseAddress);
            using var http = Client(off.BaseAddress, OrchestratorApp.AdminToken);
            foreach (var path in requests)
            {
                using var answer = await http.GetAsync(new Uri(path, UriKind.Relative));
                Assert.True(answer.IsSuccessStatusCode, $"{path}: {answer.StatusCode}");
            }

            // Memory: compiling OAuth's registration loads both (several MiB resident) even when it returns at once.
            Assert.Empty(OAuthAssembliesMapped(off.Process.Id));
        }

        // The same look at the process sees them when OAuth is on (ORCH_PUBLIC_URL is https here), so it is not blind.
        await using var on = await StartPublished(temp, root, rules, ("ORCH_HOME", temp.Combine("home-oauth-on")));
        Assert.Contains(OAuthAssembliesMapped(on.Process.Id), name => name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
    }

    /// <summary>EF Core and OpenIddict assemblies the process has mapped (from /proc/PID/maps).</summary>
    private static string[] OAuthAssembliesMapped(int pid) =>
        [.. File.ReadLines($"/proc/{pid}/maps")
            .Select(line => Path.GetFileName(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last()))
            .Where(name => name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || name.StartsWith("OpenIddict", StringComparison.Ordinal))
            .Distinct()];

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
        // The documented command with the documented properties. Its build step is the Release build of src/ this
        // test run already made (the trimmed publish builds in a temp folder of its own, see PublishedBuild), so
        // `--no-build` only skips compiling the same sources a second time.
        await PublishedBuild.PublishAsDocumentedAsync(folder, "-p:PublishSelfContained=false", "-p:PublishTrimmed=false", "--no-build");
        Assert.Contains("-p:PublishSelfContained=false -p:PublishTrimmed=false",
            Regex.Replace(File.ReadAllText(Checkout.Combine("docs", "OPERATIONS.md")), @"`?\s+`?", " "), StringComparison.Ordinal);

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "repo-orchestrator.runtimeconfig.json")));
        Assert.True(config.RootElement.GetProperty("runtimeOptions").TryGetProperty("frameworks", out _), "runs on the shared runtime");
        Assert.False(File.Exists(Path.Combine(folder, "System.Private.CoreLib.dll")));

        // Served as documented (`dotnet out/repo-orchestrator.dll`), and the read path answers like the trimmed build.
        var (root, rules) = WriteRepositoryAndRules(temp);
        await using var trimmed = await StartPublished(temp, root, rules);
        await using var shared = await StartPublished(temp, root, rules, "dotnet", [Path.Combine(folder, "repo-orchestrator.dll")], ("ORCH_HOME", temp.Combine("home-shared")));
        await SelectApp(trimmed.BaseAddress);
        await SelectApp(shared.BaseAddress);

        foreach (var path in new[] { "/health", "/file?path=src/app.py", "/search?q=ticket", "/openapi.json" })
        {
            var expected = await Answer(trimmed.BaseAddress, "GET", path, TestRole.Actions, trimmed.Home);
            Assert.Equal(expected, await Answer(shared.BaseAddress, "GET", path, TestRole.Actions, shared.Home));
            Assert.StartsWith("200 ", expected, StringComparison.Ordinal);
        }
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

        // A gitleaks-style rules file with every kind of field (strings, arrays, numbers, tables), read by the trimmed
        // Tomlyn at start: a rule with a secret group, entropy and its own allowlist, and a global allowlist.
        var rules = temp.Combine("rules.toml");
        File.WriteAllText(rules, """
            [[rules]]
            id = "internal-ticket"
            regex = '''(ticket )(INTERNAL-[0-9]{10})'''
            secretGroup = 2
            entropy = 1.5
            keywords = ["internal-"]
            [rules.allowlist]
            regexes = ['''INTERNAL-0000000000''']
            stopwords = ["example"]
            [allowlist]
            stopwords = ["placeholder"]
            """);
        return (root, rules);
    }

    /// <summary>The in-process service with the settings <see cref="StartPublished"/> gives the published one.</summary>
    private static OrchestratorApp InProcess(TempDirectory temp, string root, string rules, params (string Key, string? Value)[] settings)
    {
        var app = new OrchestratorApp(root, temp.Combine("home-in-process"))
            .With("ORCH_HEADLESS", "true").With("ORCH_REDACTION_RULES", rules).With("ORCH_PUBLIC_URL", PublicUrl);
        foreach (var (key, value) in settings)
        {
            app.With(key, value);
        }

        return app;
    }

    /// <summary>The in-process service on Kestrel and the published one, started with the same settings.</summary>
    private async Task<ServicePair> StartBoth(TempDirectory temp, string root, string rules, params (string Key, string? Value)[] settings)
    {
        var inProcess = InProcess(temp, root, rules, settings);
        try
        {
            var inProcessBase = inProcess.StartKestrel();
            return new ServicePair(inProcess, inProcessBase, await StartPublished(temp, root, rules, settings));
        }
        catch
        {
            await inProcess.DisposeAsync();
            throw;
        }
    }

    private static async Task SelectApp(Uri baseAddress)
    {
        using var http = Client(baseAddress, OrchestratorApp.AdminToken);
        using var selected = await http.PostAsync(new Uri("/ui/repos/select?path=app", UriKind.Relative), null);
        Assert.Equal(System.Net.HttpStatusCode.OK, selected.StatusCode);
    }

    private Task<PublishedService> StartPublished(TempDirectory temp, string root, string rules, params (string Key, string? Value)[] settings) =>
        StartPublished(temp, root, rules, null, null, settings);

    /// <summary>Starts `serve` of the published build (or of <paramref name="executable"/> with <paramref name="arguments"/> before it).</summary>
    private async Task<PublishedService> StartPublished(
        TempDirectory temp, string root, string rules, string? executable, string[]? arguments, params (string Key, string? Value)[] settings)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ORCH_HOME"] = temp.Combine("home-published"),
            ["ORCH_REPO_ROOT"] = root,
            ["ORCH_PORT"] = "0", // the OS picks a free port; the banner names it
            ["ORCH_TOKEN"] = OrchestratorApp.AdminToken,
            ["ORCH_ACTIONS_TOKEN"] = OrchestratorApp.ActionsToken,
            ["ORCH_RATE_LIMIT_PER_MIN"] = "100000",
            ["ORCH_HEADLESS"] = "true",
            ["ORCH_REDACTION_RULES"] = rules,
            ["ORCH_PUBLIC_URL"] = PublicUrl,
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var home = environment["ORCH_HOME"]!;
        var process = ChildProcess.Start(executable ?? build.Executable, [.. arguments ?? [], "serve"], temp.Path, environment);
        try
        {
            var banner = await process.WaitForLineAsync(l => Listening().IsMatch(l), TimeSpan.FromSeconds(60));
            return new PublishedService(process, new Uri(Listening().Match(banner).Groups["url"].Value), home);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    private static HttpClient Client(Uri baseAddress, string? bearer)
    {
        var http = new HttpClient { BaseAddress = baseAddress };
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return http;
    }

    private static string? Token(TestRole? role) => role switch
    {
        TestRole.Admin => OrchestratorApp.AdminToken,
        TestRole.Actions => OrchestratorApp.ActionsToken,
        _ => null,
    };

    private static Task<string> Answer(Uri baseAddress, string method, string path, TestRole? role, string home) =>
        Answer(baseAddress, method, path, Token(role), home);

    /// <summary>Status, content headers and body of one request, with what differs between runs normalised.</summary>
    private static async Task<string> Answer(Uri baseAddress, string method, string path, string? bearer, string home)
    {
        using var http = Client(baseAddress, bearer);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {response.Content.Headers.ContentType}\n");
        // Every header but the clock's and the static files' dates (each build copied wwwroot at its own time).
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers)
                     .Where(h => h.Key is not ("Date" or "Last-Modified" or "ETag"))
                     .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            var value = name == "Retry-After" ? "<seconds>" : string.Join(", ", values);
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\n");
        }

        return Normalise(text.Append(body).ToString(), baseAddress, home);
    }

    /// <summary>Exit code, stdout and stderr of one command-line run, with the home folder normalised.</summary>
    private static async Task<string> RunCli(string executable, string[] arguments, TempDirectory temp, string homeName, string root)
    {
        var home = temp.Combine(homeName);
        var (code, output, error) = await ChildProcess.RunAsync(executable, arguments, temp.Path, new Dictionary<string, string?>
        {
            ["ORCH_HOME"] = home,
            ["ORCH_REPO_ROOT"] = root,
        });
        // Stack frames of a logged start failure differ between JIT and ReadyToRun code; the messages may not.
        var text = StackFrame().Replace($"exit {code}\n--- stdout:\n{output}--- stderr:\n{error}", "");
        return Normalise(text, new Uri("http://127.0.0.1:9325"), home);
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
            (McpToolNames.GetStatus, []),
            (McpToolNames.ListRepos, []),
            (McpToolNames.SelectRepo, [("path", "app")]),
            (McpToolNames.ReadFile, [("path", "README.md"), ("start_line", "not-a-number")]),
            (McpToolNames.ReadFile, [("path", "src/app.py")]),
            (McpToolNames.ReadFile, [("path", "../outside.txt")]),
            (McpToolNames.ListTree, [("path", "."), ("max_depth", 2)]),
            (McpToolNames.Search, [("query", "ticket")]),
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
        text = IndexUse().Replace(text, "<index>"); // whether the background index was ready yet is timing, not behaviour
        text = IndexBuild().Replace(text, "<n>");
        return Uptime().Replace(text, "<n>");
    }

    [GeneratedRegex("(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")]
    private static partial Regex CorrelationId();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"is listening on (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    [GeneratedRegex("CHAIN:[0-9a-f]{64}")]
    private static partial Regex Chain();

    [GeneratedRegex(@"^\s+(at .*|--- End of .*)\n", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"(?<=uptime_seconds[^:]{0,12}:)[0-9.]+")] // also inside an MCP text block's escaped JSON
    private static partial Regex Uptime();

    [GeneratedRegex(@"(?<=index(_state)?(\\+u0022|\\*""|\s|:){1,8})(ready|building)\b")] // "index":"ready", also escaped as \u0022 in MCP text
    private static partial Regex IndexUse();

    [GeneratedRegex(@"(?<=index_build_ms[^:]{0,12}:)[0-9]+")]
    private static partial Regex IndexBuild();

    private sealed record PublishedService(ChildProcess Process, Uri BaseAddress, string Home) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }

    private sealed record ServicePair(OrchestratorApp InProcess, Uri InProcessBase, PublishedService Published) : IAsyncDisposable
    {
        /// <summary>Sends one request to both; their normalised answers must be equal. Returns the published one's.</summary>
        public async Task<string> SameAnswer(string method, string path, string? bearer)
        {
            var expected = await Answer(InProcessBase, method, path, bearer, InProcess.Home);
            var actual = await Answer(Published.BaseAddress, method, path, bearer, Published.Home);
            Assert.True(expected == actual, $"{method} {path}\n--- in process:\n{expected}\n--- published:\n{actual}\n--- published stderr:\n{Published.Process.Error}");
            return actual;
        }

        public async ValueTask DisposeAsync()
        {
            await Published.DisposeAsync();
            await InProcess.DisposeAsync();
        }
    }
}
