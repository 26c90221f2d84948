using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Configuration;

/// <summary>
/// Issue 20, home and root: with neither ORCH_HOME nor ORCH_REPO_ROOT the home is the per-user state folder (0700) and no
/// root is guessed; a set ORCH_HOME or ORCH_REPO_ROOT still wins (environment, file and command line as before).
/// </summary>
public sealed class DefaultHomeTests
{
    [Theory]
    [InlineData("/state", "/home/u", false, "/state/repo-orchestrator")]
    [InlineData(null, "/home/u", false, "/home/u/.local/state/repo-orchestrator")]
    [InlineData("relative/state", "/home/u", false, "/home/u/.local/state/repo-orchestrator")] // XDG: a relative value is ignored
    [InlineData("  ", "/home/u", false, "/home/u/.local/state/repo-orchestrator")]
    [InlineData(null, null, false, null)]
    public void Resolve_Unix_XdgStateHomeElseDotLocalState(string? xdg, string? home, bool windows, string? expected)
    {
        var env = new Dictionary<string, string?> { ["XDG_STATE_HOME"] = xdg, ["HOME"] = home };
        Assert.Equal(expected, DefaultHome.Resolve(k => env.GetValueOrDefault(k), windows));
    }

    [Fact]
    public void Resolve_Windows_LocalAppData()
    {
        if (!OperatingSystem.IsWindows())
        {
            // Path.IsPathFullyQualified is the platform's: a drive path is not absolute on Linux, so use this host's form.
            var env = new Dictionary<string, string?> { ["LOCALAPPDATA"] = "/users/u/AppData/Local", ["XDG_STATE_HOME"] = "/state" };
            Assert.Equal("/users/u/AppData/Local/repo-orchestrator", DefaultHome.Resolve(k => env.GetValueOrDefault(k), isWindows: true));
            Assert.Null(DefaultHome.Resolve(_ => null, isWindows: true));
            return;
        }

        var win = new Dictionary<string, string?> { ["LOCALAPPDATA"] = @"C:\Users\u\AppData\Local" };
        Assert.Equal(@"C:\Users\u\AppData\Local\repo-orchestrator", DefaultHome.Resolve(k => win.GetValueOrDefault(k), isWindows: true));
    }

    [Fact]
    public void Bind_NeitherHomeNorRoot_HomeIsTheStateFolderAndNoRootIsGuessed()
    {
        using var dir = new TempDirectory();
        var state = dir.Combine("state", "repo-orchestrator");
        var o = OrchestratorOptionsBinder.Bind(new ConfigurationBuilder().Build(), dir.Combine("checkout"), () => state);
        Assert.Equal(state, o.Home);
        Assert.True(o.HomeIsDefault);
        Assert.Null(o.RepoRoot);
        Assert.Equal(Path.Combine(state, ".orch_token"), o.TokenFile);
        Assert.Equal(Path.Combine(state, "logs", "orchestrator_audit.log"), o.AuditLogPath);
    }

    [Fact]
    public void Bind_HomeSetRootNot_HomeWinsAndStillNoRootIsGuessed()
    {
        using var dir = new TempDirectory();
        var config = new ConfigurationBuilder().AddInMemoryCollection([new("ORCH_HOME", dir.Combine("home"))]).Build();
        var o = OrchestratorOptionsBinder.Bind(config, dir.Path, () => throw new InvalidOperationException("the default must not be consulted"));
        Assert.Equal(dir.Combine("home"), o.Home);
        Assert.False(o.HomeIsDefault);
        Assert.Null(o.RepoRoot); // not the parent folder of the home: no guess
    }

    [Fact]
    public void Bind_RelativeHomeAndRoot_KeepTheirMeaning()
    {
        using var dir = new TempDirectory();
        var config = new ConfigurationBuilder().AddInMemoryCollection([new("ORCH_HOME", "home"), new("ORCH_REPO_ROOT", "../repos")]).Build();
        var o = OrchestratorOptionsBinder.Bind(config, dir.Path, () => null);
        Assert.Equal(dir.Combine("home"), o.Home); // relative to the working directory
        Assert.Equal(dir.Combine("repos"), o.RepoRoot); // relative to the home
    }

    [Fact]
    public void Bind_NoPerUserFolder_NamesOrchHome()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => OrchestratorOptionsBinder.Bind(new ConfigurationBuilder().Build(), Path.GetTempPath(), () => null));
        Assert.StartsWith("ORCH_HOME is invalid: it accepts a folder this user can write; set it", ex.Failures.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_DefaultHome_IsCreatedAndTightenedTo0700()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        var home = dir.Combine("state", "repo-orchestrator");
        var o = Options(home, isDefault: true);
        Assert.False(new OrchestratorOptionsValidator().Validate(null, o).Failed);
        Assert.Equal(HomeFiles.FolderMode, File.GetUnixFileMode(home));

        File.SetUnixFileMode(home, HomeFiles.FolderMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Assert.False(new OrchestratorOptionsValidator().Validate(null, o).Failed);
        Assert.Equal(HomeFiles.FolderMode, File.GetUnixFileMode(home));
    }

    [Fact]
    public void Validator_ExplicitHome_KeepsTheOperatorsMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        var home = Directory.CreateDirectory(dir.Combine("mine")).FullName;
        const UnixFileMode open = HomeFiles.FolderMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        File.SetUnixFileMode(home, open);
        Assert.False(new OrchestratorOptionsValidator().Validate(null, Options(home, isDefault: false)).Failed);
        Assert.Equal(open, File.GetUnixFileMode(home));
    }

    [Fact]
    public void Validator_DefaultHomeIsALink_FailsClosed()
    {
        using var dir = new TempDirectory();
        var elsewhere = Directory.CreateDirectory(dir.Combine("elsewhere")).FullName;
        var home = dir.Combine("repo-orchestrator");
        Directory.CreateSymbolicLink(home, elsewhere);
        var result = new OrchestratorOptionsValidator().Validate(null, Options(home, isDefault: true));
        Assert.True(result.Failed);
        Assert.Contains("ORCH_HOME is invalid: the default home", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("is a link", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_NoRoot_IsNotAFailure()
    {
        using var dir = new TempDirectory();
        Assert.False(new OrchestratorOptionsValidator().Validate(null, Options(dir.Combine("home"), isDefault: false)).Failed);
    }

    [Theory]
    [InlineData("home")]
    [InlineData("home/repos")]
    [InlineData("link-to-home")]
    public async Task Start_RootIsOrInsideTheHome_StopsWithOneLine(string root)
    {
        using var dir = new TempDirectory();
        var home = Directory.CreateDirectory(dir.Combine("home")).FullName;
        Directory.CreateDirectory(dir.Combine("home", "repos"));
        Directory.CreateSymbolicLink(dir.Combine("link-to-home"), home);

        var ex = await Assert.ThrowsAsync<RepoOrchestrator.Hosting.StartupCheckException>(() => StartAsync(home, dir.Combine(root)));

        Assert.Equal("ORCH_REPO_ROOT is invalid: The repository root cannot be the service's home (ORCH_HOME) or a folder inside it; "
            + "name the folder that holds your repositories.", ex.Message);
        // A command on the same settings refuses too, rather than list the home's folders.
        var list = await Infrastructure.Cli.RunAsync(["repos", "list", $"--ORCH_HOME={home}", $"--ORCH_REPO_ROOT={dir.Combine(root)}"]);
        Assert.Equal(1, list.ExitCode);
        Assert.StartsWith("ORCH_REPO_ROOT is invalid: The repository root cannot be the service's home", list.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RootIsTheFileSystemRoot_StopsWithOneLine()
    {
        using var dir = new TempDirectory();
        var ex = await Assert.ThrowsAsync<RepoOrchestrator.Hosting.StartupCheckException>(() => StartAsync(dir.Combine("home"), Path.GetPathRoot(dir.Path)!));
        Assert.StartsWith("ORCH_REPO_ROOT is invalid: The file system's root cannot be the repository root", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RootContainsTheHome_Starts()
    {
        using var dir = new TempDirectory();
        await using var app = RepoOrchestrator.Hosting.OrchestratorApplication.Build([$"--ORCH_HOME={dir.Combine(".orch")}", $"--ORCH_REPO_ROOT={dir.Path}", "--ORCH_PORT=0"]);
        await app.StartAsync();
        await app.StopAsync();
    }

    private static async Task StartAsync(string home, string root)
    {
        await using var app = RepoOrchestrator.Hosting.OrchestratorApplication.Build([$"--ORCH_HOME={home}", $"--ORCH_REPO_ROOT={root}", "--ORCH_PORT=0"]);
        await app.StartAsync();
    }

    private static OrchestratorOptions Options(string home, bool isDefault) => new()
    {
        Home = home,
        HomeIsDefault = isDefault,
        AuditLogPath = Path.Combine(home, "logs", "orchestrator_audit.log"),
    };
}
