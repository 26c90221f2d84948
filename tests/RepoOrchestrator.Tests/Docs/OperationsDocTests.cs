using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using RepoOrchestrator.Tests.Hosting;
using RepoOrchestrator.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RepoOrchestrator.Tests.Docs;

/// <summary>
/// Every command of every ```sh block of docs/OPERATIONS.md, run as written with ORCH_HOME / ORCH_REPO_ROOT /
/// ORCH_PORT exported to temporary values: the dev start script, the publish, the published service, curl against
/// it, every command-line command, the stop and the archive. The test fails when the document shows a command this
/// list does not run, or stops showing one it does. Nothing is written into the checkout: the publish is the test
/// run's one <see cref="PublishedBuild"/> (the documented command with `out` in a temp folder), and the commands
/// after it run in a temp workspace whose `out` is that build, so `out/` and the incident archive land there.
/// </summary>
[Collection(PublishedBuildUsers.Name)]
public sealed class OperationsDocTests(PublishedBuild build, ITestOutputHelper log)
{
    private const string Dll = "dotnet out/repo-orchestrator.dll";
    private const string Bearer = "-H \"Authorization: Bearer $(dotnet out/repo-orchestrator.dll token show)\"";
    private const string Base = "http://127.0.0.1:$ORCH_PORT";

    private static readonly string[] Documented =
    [
        "scripts/start_orch.sh",
        PublishedBuild.DocumentedCommand,
        Dll,
        $"curl -s {Bearer} {Base}/ui/service/status",
        $"curl -s {Base}/health",
        $"curl -s {Bearer} {Base}/status",
        $"curl -s {Bearer} {Base}/ui/status",
        $"{Dll} token show",
        $"{Dll} token show --actions",
        $"{Dll} token rotate",
        $"{Dll} audit tail -n 20",
        $"{Dll} audit verify",
        $"{Dll} panic status",
        $"{Dll} panic clear",
        $"curl -s -X POST {Bearer} \"{Base}/ui/security/resolve?action=clear_panic\"",
        $"{Dll} repos list",
        $"{Dll} repos select app",
        $"curl -s {Bearer} {Base}/ui/repos",
        $"curl -s -X POST {Bearer} \"{Base}/ui/repos/vitaminize?path=app\"",
        $"curl -s -i {Base}/health",
        "df -h \"$ORCH_HOME\"",
        "mv \"$ORCH_HOME/orchestrator.db\" \"$ORCH_HOME/orchestrator.db.corrupt\"",
        "rm -f \"$ORCH_HOME/orchestrator.db-wal\" \"$ORCH_HOME/orchestrator.db-shm\"",
        $"{Dll} audit tail -n 1000 | grep -E \"OP:PANIC_MODE_ON|OP:PANIC_CLEARED\"",
        $"curl -s {Bearer} {Base}/ui/security/events",
        "(cd \"$ORCH_HOME\" && tar -czf \"$OLDPWD/orchestrator-incident.tar.gz\" logs orchestrator.db*)",
    ];

    [Fact]
    public void OperationsDoc_ShowsExactlyTheCommandsThisTestRuns()
    {
        var shown = DocCommands.Extract(File.ReadAllText(Checkout.Combine("docs", "OPERATIONS.md")));

        Assert.Equal(Documented.Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OperationsDoc_EveryShellCommand_WorksAsDocumented()
    {
        using var temp = new TempDirectory("orch-doc");
        var home = temp.Combine("home");
        new TempGitRepo(temp.Combine("repos"), "app").Write("README.md", "hello\n").Commit();
        var port = ChildProcess.FreePort();
        var workspace = Directory.CreateDirectory(temp.Combine("workspace")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(workspace, "out"), build.Folder);
        var env = new Shell(workspace, new Dictionary<string, string?>
        {
            ["ORCH_HOME"] = home,
            ["ORCH_REPO_ROOT"] = temp.Combine("repos"),
            ["ORCH_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ORCH_HEADLESS"] = "true",
            ["ORCH_PANIC_AUTH_THRESHOLD"] = "2",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var archive = Path.Combine(workspace, "orchestrator-incident.tar.gz");
        var clock = Stopwatch.StartNew();

        // Development start from the checkout root (`dotnet run` of the sources), then Ctrl+C.
        await using (var dev = await StartServer("scripts/start_orch.sh", env with { Directory = Checkout.Root }, port, TimeSpan.FromSeconds(180)))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
            await dev.InterruptAsync(TimeSpan.FromSeconds(30));
        }

        log.WriteLine($"dev start/stop: {clock.Elapsed}");

        // The documented publish ran once for the test run (PublishedBuild); from here on the commands run in the
        // workspace, whose out/ is what it wrote.
        await using var service = await StartServer(Dll, env, port, TimeSpan.FromSeconds(60));
        Assert.Equal("{\"status\":\"ok\"}", (await Out($"curl -s {Base}/health", env)).Trim());
        Assert.Contains("\"uptime_seconds\":", await Out($"curl -s {Bearer} {Base}/status", env), StringComparison.Ordinal);
        Assert.Contains("\"service_status\":\"RUNNING (Dashboard)\"", await Out($"curl -s {Bearer} {Base}/ui/status", env), StringComparison.Ordinal);

        var admin = (await Out($"{Dll} token show", env)).Trim();
        var actions = (await Out($"{Dll} token show --actions", env)).Trim();
        Assert.Equal(64, admin.Length);
        Assert.Equal(64, actions.Length);
        Assert.NotEqual(admin, actions);

        Assert.Contains("  app", await Out($"{Dll} repos list", env), StringComparison.Ordinal);
        Assert.StartsWith("Active repository: ", await Out($"{Dll} repos select app", env), StringComparison.Ordinal);
        Assert.Contains("/app\"", await Out($"curl -s {Bearer} {Base}/ui/repos", env), StringComparison.Ordinal);
        Assert.Contains("\"created_files\":[\"scripts/start_orch.sh\"", await Out($"curl -s -X POST {Bearer} \"{Base}/ui/repos/vitaminize?path=app\"", env), StringComparison.Ordinal);
        Assert.Contains("OP:VITAMINIZE", await Out($"{Dll} audit tail -n 20", env), StringComparison.Ordinal);
        Assert.StartsWith("OK: ", await Out($"{Dll} audit verify", env), StringComparison.Ordinal);
        Assert.Contains("\"status\":\"headless\"", await Out($"curl -s {Bearer} {Base}/ui/service/status", env), StringComparison.Ordinal);

        await TriggerLockdown(http);
        Assert.StartsWith("Panic mode: ON since ", await Out($"{Dll} panic status", env), StringComparison.Ordinal);
        Assert.StartsWith("Panic mode cleared; ", await Out($"{Dll} panic clear", env), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/status", UriKind.Relative))).StatusCode);
        await TriggerLockdown(http);
        Assert.Contains("\"status\":\"success\"", await Out($"curl -s -X POST {Bearer} \"{Base}/ui/security/resolve?action=clear_panic\"", env), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/status", UriKind.Relative))).StatusCode);

        Assert.StartsWith("Rotated the admin token", await Out($"{Dll} token rotate", env), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(http, admin));
        Assert.Equal(HttpStatusCode.OK, await StatusWith(http, (await Out($"{Dll} token show", env)).Trim()));
        log.WriteLine($"commands: {clock.Elapsed}");

        // When things go wrong: the health answer with its status line, the disk, the lockdown history, the events.
        var health = await Out($"curl -s -i {Base}/health", env);
        Assert.StartsWith("HTTP/1.1 200", health, StringComparison.Ordinal);
        Assert.EndsWith("{\"status\":\"ok\"}", health.Trim(), StringComparison.Ordinal);
        Assert.Contains("Filesystem", await Out("df -h \"$ORCH_HOME\"", env), StringComparison.Ordinal);
        var history = await Out($"{Dll} audit tail -n 1000 | grep -E \"OP:PANIC_MODE_ON|OP:PANIC_CLEARED\"", env);
        Assert.Contains("OP:PANIC_MODE_ON", history, StringComparison.Ordinal);
        Assert.Contains("OP:PANIC_CLEARED", history, StringComparison.Ordinal);
        var rotated = (await Out($"{Dll} token show", env)).Trim();
        Assert.Contains("\"panic_mode\":false", await Out($"curl -s {Bearer} {Base}/ui/security/events", env), StringComparison.Ordinal);
        await TriggerLockdown(http); // lockdown is ON when the database is lost below

        Assert.Equal(0, await service.InterruptAsync(TimeSpan.FromSeconds(30)));
        var (code, _, error) = await Run("(cd \"$ORCH_HOME\" && tar -czf \"$OLDPWD/orchestrator-incident.tar.gz\" logs orchestrator.db*)", env);
        Assert.True(code == 0, error);
        var listing = await Out($"tar -tzf {archive}", env);
        Assert.Contains("logs/orchestrator_audit.log", listing, StringComparison.Ordinal);
        Assert.Contains("orchestrator.db", listing, StringComparison.Ordinal);
        Assert.DoesNotContain(".orch_token", listing, StringComparison.Ordinal);

        // Corrupt state: start-up refuses with one line; the documented remedy; lockdown comes back from the audit log.
        await using (var db = new FileStream(Path.Combine(home, "orchestrator.db"), FileMode.Open, FileAccess.Write))
        {
            db.Write(System.Text.Encoding.ASCII.GetBytes(new string('#', 100)));
        }

        var refused = await Run(Dll, env);
        Assert.Equal(2, refused.Code);
        Assert.StartsWith("Cannot start: The state store ", refused.Error.Trim(), StringComparison.Ordinal);
        Assert.Equal(0, (await Run("mv \"$ORCH_HOME/orchestrator.db\" \"$ORCH_HOME/orchestrator.db.corrupt\"", env)).Code);
        Assert.Equal(0, (await Run("rm -f \"$ORCH_HOME/orchestrator.db-wal\" \"$ORCH_HOME/orchestrator.db-shm\"", env)).Code);
        await using (var restarted = await StartServer(Dll, env, port, TimeSpan.FromSeconds(60)))
        {
            Assert.StartsWith("Panic mode: ON since ", await Out($"{Dll} panic status", env), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, await StatusWith(http, rotated));
            Assert.Equal(0, await restarted.InterruptAsync(TimeSpan.FromSeconds(30)));
        }

        log.WriteLine($"total: {clock.Elapsed}");
    }

    private static async Task TriggerLockdown(HttpClient http)
    {
        for (var i = 0; i < 2; i++)
        {
            // The request that crosses the threshold is already refused by the lockdown it turned on.
            Assert.True(await StatusWith(http, "wrong-token-but-long-enough-0123456789") is HttpStatusCode.Unauthorized or HttpStatusCode.ServiceUnavailable);
        }

        using var locked = await http.GetAsync(new Uri("/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
    }

    private static async Task<HttpStatusCode> StatusWith(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/ui/repos", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>
    /// Starts a long-running documented command in its own process group (so Ctrl+C can be sent to it like a terminal
    /// does), with SIGINT and SIGQUIT at their default: a suite started in the background of a non-interactive shell
    /// (`./test.sh &`) inherits them ignored, and .NET then keeps ignoring Ctrl+C, as a terminal's job would not.
    /// </summary>
    private static async Task<ChildProcess> StartServer(string command, Shell env, int port, TimeSpan timeout)
    {
        var child = ChildProcess.Start(
            "setsid", ["perl", "-e", "$SIG{INT} = $SIG{QUIT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", "bash", "-c", command],
            env.Directory, env.Variables);
        try
        {
            await child.WaitForLineAsync(l => l.Contains($"is listening on http://127.0.0.1:{port}", StringComparison.Ordinal), timeout);
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> Out(string command, Shell env)
    {
        var (code, output, error) = await Run(command, env);
        Assert.True(code == 0, $"`{command}` exited {code}: {error}");
        return output;
    }

    private static async Task<(int Code, string Output, string Error)> Run(string command, Shell env, int timeoutSeconds = 60)
    {
        return await ChildProcess.RunAsync("bash", ["-c", command], env.Directory, env.Variables, timeoutSeconds);
    }

    /// <summary>Where a documented command runs and what it finds exported.</summary>
    private sealed record Shell(string Directory, Dictionary<string, string?> Variables);
}
