using System.Net;
using System.Net.Sockets;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Scripts;

/// <summary>
/// scripts/manage_service.ps1 under PowerShell 7 on Linux against a stand-in `sc` (the OS service manager is the one
/// thing faked): the exact sc.exe arguments it sends, the quoting of paths with spaces, and what it does when sc fails.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ManageServicePs1Tests
{
    private const string Sid = "S-1-5-80-1111-2222-3333-4444-5555";
    private static readonly string Script = Checkout.Combine("scripts", "manage_service.ps1");

    [Fact]
    public async Task Install_CreatesTheServiceWithItsSettingsOnAQuotedCommandLine()
    {
        using var sc = new FakeServiceControlManager();
        using var folders = new TempDirectory("svc");
        var installDir = PublishedFolder(folders, "Repo Orchestrator's build", withExe: true);
        var repos = Directory.CreateDirectory(folders.Combine("my repos")).FullName;
        var home = folders.Combine("state home");

        var (code, output, error) = await Run(sc, "-Action", "install", "-InstallDir", installDir, "-RepoRoot", repos, "-OrchHome", home, "-Port", "9444");

        Assert.True(code == 0, error);
        var binary = $"\"{installDir}/repo-orchestrator.exe\" serve \"--ORCH_HOME={home}\" \"--ORCH_REPO_ROOT={repos}\" --ORCH_SERVICE_NAME=RepoOrchestrator --ORCH_PORT=9444";
        Assert.Equal(["query", "create", "description", "failure", "showsid", "sdshow", "sdset"], sc.Verbs);
        Assert.Equal(
            ["create", "RepoOrchestrator", "binPath=", binary, "start=", "auto", "obj=", @"NT SERVICE\RepoOrchestrator", "DisplayName=", "Repo Orchestrator"],
            sc.Calls[1]);
        Assert.Equal(["failure", "RepoOrchestrator", "reset=", "86400", "actions=", "restart/5000/restart/5000/restart/30000"], sc.Calls[3]);
        // The service account may query, start and stop its own service: one more ACE in the DACL, before the SACL.
        Assert.Equal(
            ["sdset", "RepoOrchestrator", $"D:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;BA)(A;;RPWPLCRC;;;{Sid})S:(AU;FA;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;WD)"],
            sc.Calls[6]);
        Assert.Equal(binary, sc.BinaryPath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home));
        Assert.Equal($"Installed RepoOrchestrator ({binary}); home {home}, repositories under {repos}. Start it with -Action start.\n", output);
    }

    [Fact]
    public async Task Install_WithoutExe_RunsTheDllWithDotnetFromPath()
    {
        using var sc = new FakeServiceControlManager();
        using var folders = new TempDirectory("svc");
        var installDir = PublishedFolder(folders, "build", withExe: false);
        var dotnet = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "dotnet")).First(File.Exists);

        // run_as_service.bat passes each folder as "<folder>\." so that a trailing backslash cannot escape its quote.
        var (code, _, error) = await Run(sc, "-Action", "install", "-InstallDir", installDir + "/.", "-RepoRoot", folders.Path + "/.", "-OrchHome", folders.Combine("home"));

        Assert.True(code == 0, error);
        Assert.Equal(
            $"\"{dotnet}\" {installDir}/repo-orchestrator.dll serve --ORCH_HOME={folders.Combine("home")} --ORCH_REPO_ROOT={folders.Path} --ORCH_SERVICE_NAME=RepoOrchestrator --ORCH_PORT=9325",
            sc.BinaryPath);
    }

    [Fact]
    public async Task Install_AlreadyInstalled_ChangesNothing()
    {
        using var sc = new FakeServiceControlManager();
        sc.Install("\"C:\\old\\repo-orchestrator.exe\" serve");
        using var folders = new TempDirectory("svc");

        var (code, output, _) = await Run(sc, "-Action", "install", "-InstallDir", folders.Path, "-RepoRoot", folders.Path, "-OrchHome", folders.Combine("home"));

        Assert.Equal(0, code);
        Assert.Equal("Service RepoOrchestrator already exists; nothing to install.\n", output);
        Assert.Equal(["query"], sc.Verbs);
        Assert.Equal("\"C:\\old\\repo-orchestrator.exe\" serve", sc.BinaryPath);
    }

    [Fact]
    public async Task Install_StepAfterCreateFails_DeletesTheHalfInstalledServiceAndSaysWhy()
    {
        using var sc = new FakeServiceControlManager();
        sc.Environment["FAKE_SC_FAIL"] = "sdset";
        using var folders = new TempDirectory("svc");
        var installDir = PublishedFolder(folders, "build", withExe: true);

        var (code, output, error) = await Run(sc, "-Action", "install", "-InstallDir", installDir, "-RepoRoot", folders.Path, "-OrchHome", folders.Combine("home"));

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("manage_service.ps1: sc sdset RepoOrchestrator failed (1053): [SC] sdset FAILED 1053: The service did not respond", error, StringComparison.Ordinal);
        Assert.Contains("the half-installed service RepoOrchestrator was deleted again (sc delete)", error, StringComparison.Ordinal);
        Assert.Equal("delete", sc.Verbs[^1]);
        Assert.Null(sc.State);
    }

    [Theory]
    [InlineData("missing-dll", "repo-orchestrator.dll not found: publish first with 'dotnet publish src/RepoOrchestrator -c Release -o ")]
    [InlineData("no-root", "install needs -InstallDir <published folder> and -RepoRoot <folder holding the repositories>.")]
    [InlineData("quote", "holds a quote or a control character; choose another folder.")]
    public async Task Install_BadInput_SaysWhatToFixAndCreatesNothing(string problem, string expected)
    {
        using var sc = new FakeServiceControlManager();
        using var folders = new TempDirectory("svc");
        var installDir = problem == "missing-dll" ? folders.Path : PublishedFolder(folders, "build", withExe: true);
        string[] arguments = problem switch
        {
            "no-root" => ["-Action", "install", "-InstallDir", installDir, "-OrchHome", folders.Combine("home")],
            "quote" => ["-Action", "install", "-InstallDir", installDir, "-RepoRoot", folders.Path, "-OrchHome", folders.Combine("a\"b")],
            _ => ["-Action", "install", "-InstallDir", installDir, "-RepoRoot", folders.Path, "-OrchHome", folders.Combine("home")],
        };

        var (code, output, error) = await Run(sc, arguments);

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("create", sc.Verbs);
        Assert.False(Directory.Exists(folders.Combine("home")));
    }

    [Fact]
    public async Task Lifecycle_StatusStartRestartStopUninstall_EachOneScCallSequence()
    {
        using var sc = new FakeServiceControlManager();
        var port = ChildProcess.FreePort();
        sc.Install($"\"C:\\svc\\repo-orchestrator.exe\" serve \"--ORCH_HOME=C:\\Program Data\\orch\" --ORCH_REPO_ROOT=D:\\repos --ORCH_SERVICE_NAME=RepoOrchestrator --ORCH_PORT={port}");

        Assert.Equal((0, "RepoOrchestrator is STOPPED.\n"), await Step(sc, "status"));
        Assert.Equal((0, $"RepoOrchestrator started on port {port}.\n"), await Step(sc, "start"));
        Assert.Equal(["query", "qc", "start", "query"], sc.Verbs);
        Assert.Equal("RUNNING", sc.State);
        Assert.Equal((0, "RepoOrchestrator is already running.\n"), await Step(sc, "start"));
        Assert.Equal((0, $"RepoOrchestrator restarted on port {port}.\n"), await Step(sc, "restart"));
        Assert.Equal(["query", "query", "stop", "query", "qc", "start", "query"], sc.Verbs);
        Assert.Equal((0, "RepoOrchestrator stopped.\n"), await Step(sc, "stop"));
        Assert.Equal("STOPPED", sc.State);
        Assert.Equal((0, "RepoOrchestrator removed; C:\\Program Data\\orch (tokens, state, audit log) was kept.\n"), await Step(sc, "uninstall"));
        Assert.Equal(["query", "qc", "query", "delete"], sc.Verbs);
        Assert.Equal((1, "RepoOrchestrator is not installed.\n"), await Step(sc, "status"));
    }

    [Fact]
    public async Task Start_PortOfTheInstalledServiceTaken_NamesItNeverCallsStartNeverKills()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var sc = new FakeServiceControlManager();
        sc.Install($"\"C:\\svc\\repo-orchestrator.exe\" serve --ORCH_PORT={port}");

        var (code, output, error) = await Run(sc, "-Action", "start");

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains($"manage_service.ps1: port {port} is already in use by ", error, StringComparison.Ordinal);
        Assert.Contains("this script never kills a process", error, StringComparison.Ordinal);
        Assert.DoesNotContain("start", sc.Verbs);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
    }

    [Theory]
    [InlineData("start", "", "sc start RepoOrchestrator failed (1053): [SC] start FAILED 1053: The service did not respond to the start or control request in a timely fashion.")]
    [InlineData("", "STOPPED", "RepoOrchestrator is STOPPED, not RUNNING: see the Windows event log (Application, source RepoOrchestrator)")]
    [InlineData("denied", "", "sc query RepoOrchestrator was refused (access denied): run this from an elevated (Administrator) PowerShell.")]
    public async Task Start_ScFailsOrServiceStopsAgain_ExitsOneWithScsWords(string fail, string startState, string expected)
    {
        using var sc = new FakeServiceControlManager();
        sc.Install($"\"C:\\svc\\repo-orchestrator.exe\" serve --ORCH_PORT={ChildProcess.FreePort()}");
        sc.Environment["FAKE_SC_FAIL"] = fail;
        sc.Environment["FAKE_SC_START_STATE"] = startState.Length > 0 ? startState : "RUNNING";

        var (code, output, error) = await Run(sc, "-Action", "start");

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("manage_service.ps1: " + expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileServiceName_RefusedBeforeAnyScCall()
    {
        using var sc = new FakeServiceControlManager();

        var (code, _, error) = await Run(sc, "-Action", "status", "-ServiceName", "x\" binPath= evil");

        Assert.NotEqual(0, code);
        Assert.Contains("ServiceName", error, StringComparison.Ordinal);
        Assert.Empty(sc.Calls);
    }

    private static async Task<(int Code, string Output)> Step(FakeServiceControlManager sc, string action)
    {
        sc.ForgetCalls();
        var (code, output, error) = await Run(sc, "-Action", action);
        Assert.True(error.Length == 0, error);
        return (code, output);
    }

    private static Task<(int ExitCode, string Output, string Error)> Run(FakeServiceControlManager sc, params string[] arguments) =>
        PowerShell.RunAsync(Script, arguments, Path.GetTempPath(), sc.Environment);

    private static string PublishedFolder(TempDirectory folders, string name, bool withExe)
    {
        folders.WriteFile(Path.Combine(name, "repo-orchestrator.dll"), "");
        if (withExe)
        {
            folders.WriteFile(Path.Combine(name, "repo-orchestrator.exe"), "");
        }

        return folders.Combine(name);
    }
}
