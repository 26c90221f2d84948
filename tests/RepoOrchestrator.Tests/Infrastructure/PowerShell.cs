namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>
/// PowerShell 7 for the script tests, installed by ./test.sh as a .NET tool (`dotnet tool install --tool-path
/// &lt;Folder&gt; PowerShell --version <see cref="Version"/>`) into the per-user cache, outside the checkout, once for
/// every run and every checkout. A missing install fails the test with what to run: these tests must never pass
/// without PowerShell. Scripts run with -NoProfile -NonInteractive, no telemetry, no update check, no colour.
/// </summary>
public static class PowerShell
{
    /// <summary>The version ./test.sh installs (7.7.0 does not install here).</summary>
    public const string Version = "7.6.10";

    /// <summary>$XDG_CACHE_HOME (when absolute) or ~/.cache, then repo-orchestrator-tests/pwsh-&lt;version&gt;: the same rule as test.sh.</summary>
    public static string Folder { get; } = Path.Combine(CacheHome(), "repo-orchestrator-tests", "pwsh-" + Version);

    public static readonly IReadOnlyDictionary<string, string?> QuietEnvironment = new Dictionary<string, string?>
    {
        ["POWERSHELL_TELEMETRY_OPTOUT"] = "1",
        ["POWERSHELL_UPDATECHECK"] = "Off",
        ["POWERSHELL_CLI_TELEMETRY_OPTOUT"] = "1",
        ["NO_COLOR"] = "1",
        ["TERM"] = "dumb",
    };

    /// <summary>The pwsh launcher of the install, or a failed assertion saying how to install it.</summary>
    public static string Pwsh() => PwshIn(Folder);

    /// <summary>The pwsh launcher in <paramref name="folder"/>, or a failed assertion saying how to install it there.</summary>
    public static string PwshIn(string folder)
    {
        var path = Path.Combine(folder, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
        Assert.True(File.Exists(path),
            $"PowerShell {Version} is not installed at {folder}: run ./test.sh, or `dotnet tool install --tool-path {folder} PowerShell --version {Version}`.");
        return path;
    }

    /// <summary>Starts `pwsh -File <paramref name="script"/> <paramref name="arguments"/>` with the quiet environment plus <paramref name="environment"/>.</summary>
    public static ChildProcess Start(string script, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null) =>
        ChildProcess.Start(Pwsh(), ["-NoProfile", "-NonInteractive", "-File", script, .. arguments], workingDirectory, Merge(environment));

    /// <summary>Runs `pwsh -File <paramref name="script"/>` to the end and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(
        string script, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null, int timeoutSeconds = 120) =>
        ChildProcess.RunAsync(Pwsh(), ["-NoProfile", "-NonInteractive", "-File", script, .. arguments], workingDirectory, Merge(environment), timeoutSeconds);

    private static Dictionary<string, string?> Merge(IReadOnlyDictionary<string, string?>? environment)
    {
        var merged = new Dictionary<string, string?>(QuietEnvironment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return merged;
    }

    private static string CacheHome()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return xdg;
        }

        var home = Environment.GetEnvironmentVariable("HOME");
        return Path.Combine(string.IsNullOrEmpty(home) ? "/tmp" : home, ".cache");
    }
}
