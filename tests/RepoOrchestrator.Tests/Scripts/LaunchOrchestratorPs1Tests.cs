using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Scripts;

/// <summary>
/// The launch_orchestrator.ps1 scripts under PowerShell 7 on Linux against the real service (temp home and root, a
/// free port): the checkout's script with ORCH_INSTALL_DIR, and the kit's script installed by vitaminize.
/// </summary>
public sealed class LaunchOrchestratorPs1Tests
{
    private static readonly string CheckoutScript = Checkout.Combine("scripts", "launch_orchestrator.ps1");
    private static readonly bool CanNameHolder = File.Exists("/usr/bin/ss") || File.Exists("/bin/ss") || File.Exists("/usr/sbin/ss");

    [Fact]
    public async Task CheckoutLauncher_InstallDir_ServesWithTheArgumentsItIsGiven()
    {
        await using var app = new OrchestratorApp();
        app.CreateRepo("app");
        var port = ChildProcess.FreePort();
        var environment = new Dictionary<string, string?>
        {
            ["ORCH_INSTALL_DIR"] = LauncherInstallDir,
            ["ORCH_HOME"] = app.Home,
            ["ORCH_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["ORCH_TOKEN"] = OrchestratorApp.AdminToken,
            ["ORCH_HEADLESS"] = "true",
        };

        // The root comes as an extra argument, the way the script's header shows (--ORCH_REPO_ROOT=D:\repos).
        await using var script = PowerShell.Start(CheckoutScript, ["--ORCH_REPO_ROOT=" + app.Root], Path.GetTempPath(), environment);
        await script.WaitForLineAsync(l => l.Contains($"is listening on http://127.0.0.1:{port}", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        // The banner goes on after its first line: wait for the line rather than read the output so far.
        await script.WaitForLineAsync(l => l == $"Home (state, audit log, snapshots): {app.Home}", TimeSpan.FromSeconds(30));
        using var http = Client(port, OrchestratorApp.AdminToken);
        var repos = await http.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos", UriKind.Relative));
        Assert.Contains("\"app\"", repos.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckoutLauncher_InstallDirWithoutTheDll_SaysWhatToSetAndStartsNothing()
    {
        using var empty = new TempDirectory("install");

        var (code, output, error) = await PowerShell.RunAsync(CheckoutScript, [], empty.Path,
            new Dictionary<string, string?> { ["ORCH_INSTALL_DIR"] = empty.Path, ["ORCH_PORT"] = ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture) });

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Equal($"launch_orchestrator.ps1: {empty.Path}/repo-orchestrator.dll not found; set ORCH_INSTALL_DIR to the folder that holds repo-orchestrator.dll (dotnet publish src/RepoOrchestrator -c Release -o <folder>).\n", error);
    }

    [Theory]
    [InlineData("checkout")]
    [InlineData("kit")]
    public async Task Launcher_PortTaken_NamesTheHolderStopsAndNeverKillsIt(string which)
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        var script = CheckoutScript;
        if (which == "kit")
        {
            await VitaminizeAsync(app, "app");
            script = Path.Combine(repo.Path, "scripts", "launch_orchestrator.ps1");
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var (code, output, error) = await PowerShell.RunAsync(script, [], Path.GetTempPath(),
            new Dictionary<string, string?> { ["ORCH_PORT"] = port.ToString(CultureInfo.InvariantCulture), ["ORCH_INSTALL_DIR"] = LauncherInstallDir });

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains($"launch_orchestrator.ps1: port {port} is already in use by ", error, StringComparison.Ordinal);
        Assert.Contains("this script never kills a process", error, StringComparison.Ordinal);
        if (CanNameHolder)
        {
            Assert.Contains($"(pid {Environment.ProcessId})", error, StringComparison.Ordinal);
        }

        using var client = new TcpClient();
        var accept = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(IPAddress.Loopback, port);
        using var accepted = await accept;
        Assert.True(accepted.Connected);
    }

    [Fact]
    public async Task KitLauncher_StartsTheInstalledOrchestratorWithTheRepoActive()
    {
        // A repository whose folder name PowerShell would read as a wildcard pattern, with a space and a quote.
        await using var app = new OrchestratorApp(envTokens: false);
        var repo = app.CreateRepo("it's [app] 1");
        app.CreateRepo("other");
        var token = Assert.Single((await Infrastructure.Cli.RunAsync(app, "token", "show")).OutputLines);
        await VitaminizeAsync(app, "it's [app] 1", token);
        Assert.Equal(0, (await Infrastructure.Cli.RunAsync(app, "repos", "select", "other")).ExitCode);
        var port = ChildProcess.FreePort();

        await using var script = PowerShell.Start(Path.Combine(repo.Path, "scripts", "launch_orchestrator.ps1"), [], repo.Path,
            new Dictionary<string, string?> { ["ORCH_PORT"] = port.ToString(CultureInfo.InvariantCulture) });
        await script.WaitForLineAsync(l => l.Contains($"is listening on http://127.0.0.1:{port}", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        using var http = Client(port, token);
        var active = await http.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos/active", UriKind.Relative));
        Assert.EndsWith("/it's [app] 1", active.GetProperty("active_repo").GetString(), StringComparison.Ordinal);
        await script.WaitForLineAsync(l => l == $"Home (state, audit log, snapshots): {app.Home}", TimeSpan.FromSeconds(30));
        await script.WaitForLineAsync(l => l.StartsWith($"Dashboard: http://127.0.0.1:{port}/ ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("checkout", "99999")]
    [InlineData("kit", "nine")]
    public async Task Launcher_BadPort_SaysWhatToSet(string which, string badPort)
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        var script = CheckoutScript;
        if (which == "kit")
        {
            await VitaminizeAsync(app, "app");
            script = Path.Combine(repo.Path, "scripts", "launch_orchestrator.ps1");
        }

        var (code, output, error) = await PowerShell.RunAsync(script, [], Path.GetTempPath(),
            new Dictionary<string, string?> { ["ORCH_PORT"] = badPort, ["ORCH_INSTALL_DIR"] = LauncherInstallDir });

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Equal($"launch_orchestrator.ps1: ORCH_PORT must be a port number (1-65535), not '{badPort}'.\n", error);
    }

    /// <summary>The folder holding the repo-orchestrator.dll the tests run (what vitaminize writes into the kit).</summary>
    private static string LauncherInstallDir => Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);

    private static HttpClient Client(int port, string token)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task VitaminizeAsync(OrchestratorApp app, string name, string? token = null)
    {
        using var client = token is null ? app.CreateClient(TestRole.Admin) : app.CreateClient(token);
        using var response = await client.PostAsync(new Uri($"/ui/repos/vitaminize?path={Uri.EscapeDataString(name)}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
