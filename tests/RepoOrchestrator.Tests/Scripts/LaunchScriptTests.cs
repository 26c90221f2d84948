using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Scripts;

/// <summary>
/// The launch scripts for real: when the port is taken they name the holder and stop without touching it,
/// and the kit's start_orch.sh installed by vitaminize starts the orchestrator with the repository active.
/// </summary>
public sealed class LaunchScriptTests
{
    private static readonly bool CanNameHolder = OnPath("ss") || OnPath("lsof");

    [Fact]
    public async Task StartOrchSh_PortTaken_NamesTheHolderStopsAndNeverKillsIt()
    {
        await AssertRefusesTakenPort(Checkout.Combine("scripts", "start_orch.sh"));
    }

    [Fact]
    public async Task KitStartOrchSh_PortTaken_NamesTheHolderStopsAndNeverKillsIt()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        await VitaminizeAsync(app, "app");

        await AssertRefusesTakenPort(Path.Combine(repo.Path, "scripts", "start_orch.sh"));
    }

    [Fact]
    public async Task KitStartOrchSh_StartsTheInstalledOrchestratorWithTheRepoActive()
    {
        await using var app = new OrchestratorApp(envTokens: false);
        var repo = app.CreateRepo("app");
        app.CreateRepo("other");
        var token = Assert.Single((await Infrastructure.Cli.RunAsync(app, "token", "show")).OutputLines);
        using (var client = app.CreateClient(token))
        using (var response = await client.PostAsync(new Uri("/ui/repos/vitaminize?path=app", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The script, not vitaminize, must make "app" active again.
        Assert.Equal(0, (await Infrastructure.Cli.RunAsync(app, "repos", "select", "other")).ExitCode);
        var port = ChildProcess.FreePort();
        await using var script = ChildProcess.Start("bash", [Path.Combine(repo.Path, "scripts", "start_orch.sh")], repo.Path,
            new Dictionary<string, string?> { ["ORCH_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await script.WaitForLineAsync(l => l.Contains($"is listening on http://127.0.0.1:{port}", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var active = await http.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos/active", UriKind.Relative));
        Assert.EndsWith("/app", active.GetProperty("active_repo").GetString(), StringComparison.Ordinal);
        Assert.Contains($"Home (state, audit log, snapshots): {app.Home}", script.Output, StringComparison.Ordinal);
        // The banner says where every page is, and each address it prints answers.
        var local = $"http://127.0.0.1:{port}";
        Assert.Contains($"Dashboard: {local}/ ", script.Output, StringComparison.Ordinal);
        Assert.Contains($"MCP endpoint: {local}/mcp", script.Output, StringComparison.Ordinal);
        Assert.Contains($"API reference: {local}/docs; OpenAPI: {local}/openapi.json; GPT Actions: {local}/openapi/actions.json", script.Output, StringComparison.Ordinal);
        foreach (var page in new[] { "/", "/docs", "/openapi.json", "/openapi/actions.json" })
        {
            using var answer = await http.GetAsync(new Uri(page, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
    }

    private static async Task AssertRefusesTakenPort(string script)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var (code, output, error) = await ChildProcess.RunAsync("bash", [script], Path.GetTempPath(),
            new Dictionary<string, string?> { ["ORCH_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains($"start_orch.sh: port {port} is already in use by ", error, StringComparison.Ordinal);
        Assert.Contains("this script never kills a process", error, StringComparison.Ordinal);
        if (CanNameHolder)
        {
            Assert.Contains($"(pid {Environment.ProcessId})", error, StringComparison.Ordinal);
        }

        // The holder still listens and still accepts connections.
        using var client = new TcpClient();
        var accept = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(IPAddress.Loopback, port);
        using var accepted = await accept;
        Assert.True(accepted.Connected);
    }

    private static async Task VitaminizeAsync(OrchestratorApp app, string name)
    {
        using var client = app.CreateClient(TestRole.Admin);
        using var response = await client.PostAsync(new Uri($"/ui/repos/vitaminize?path={name}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool)));
}
