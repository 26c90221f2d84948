using System.Text.RegularExpressions;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Scripts;

/// <summary>
/// The .cmd/.bat scripts cannot run here (no cmd.exe): what can be shown is that each calls the same entry as the
/// .ps1 it mirrors, with the same defaults, in CRLF, and that no script of the checkout kills a process. Also that
/// test.sh installs the PowerShell the script tests look for.
/// </summary>
public sealed partial class WindowsCmdScriptTests
{
    [Fact]
    public void CheckoutStartOrchCmd_RunsWhatLaunchOrchestratorPs1Runs()
    {
        var cmd = Read("scripts", "start_orch.cmd");
        var ps1 = Read("scripts", "launch_orchestrator.ps1");

        Assert.Contains(@"dotnet ""%ORCH_INSTALL_DIR%\repo-orchestrator.dll"" serve %*", cmd, StringComparison.Ordinal);
        Assert.Contains("& dotnet $dll serve @args", ps1, StringComparison.Ordinal);
        Assert.Contains(@"dotnet run -c Release --project ""%CHECKOUT%\src\RepoOrchestrator"" -- serve %*", cmd, StringComparison.Ordinal);
        Assert.Contains("& dotnet run -c Release --project (Join-Path $checkout 'src/RepoOrchestrator') -- serve @args", ps1, StringComparison.Ordinal);
        AssertSameDefaults(cmd, ps1);
    }

    [Fact]
    public void KitStartOrchCmd_SelectsTheRepoThenServesLikeTheKitPs1()
    {
        var cmd = Read("src", "RepoOrchestrator", "kit", "scripts", "start_orch.cmd");
        var ps1 = Read("src", "RepoOrchestrator", "kit", "scripts", "launch_orchestrator.ps1");

        Assert.Contains(@"set ""INSTALLED_AT=__ORCH_INSTALL_DIR__""", cmd, StringComparison.Ordinal);
        Assert.Contains("$installedAt = '__ORCH_INSTALL_DIR__'", ps1, StringComparison.Ordinal);
        Assert.Contains(@"set ""INSTALLED_HOME=__ORCH_HOME__""", cmd, StringComparison.Ordinal);
        Assert.Contains("$installedHome = '__ORCH_HOME__'", ps1, StringComparison.Ordinal);
        Assert.Contains(@"dotnet ""%DLL%"" repos select ""%REPO%"" || exit /b 1" + "\r\n" + @"dotnet ""%DLL%"" serve", cmd, StringComparison.Ordinal);
        Assert.Contains("& dotnet $dll repos select $repo\nif ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }\n& dotnet $dll serve", ps1, StringComparison.Ordinal);
        Assert.Contains(@"ORCH_ALLOWLIST_PATH=%REPO%\.orchestrator\allowed_paths.json", cmd, StringComparison.Ordinal);
        Assert.Contains("Default 'ORCH_ALLOWLIST_PATH' (Join-Path $repo '.orchestrator/allowed_paths.json')", ps1, StringComparison.Ordinal);
        AssertSameDefaults(cmd, ps1);
    }

    [Fact]
    public void RunAsServiceBat_InstallsThenStartsThroughManageServicePs1WithParametersItHas()
    {
        var bat = Read("scripts", "run_as_service.bat");
        var ps1 = Read("scripts", "manage_service.ps1");

        Assert.Contains(@"-File ""%~dp0manage_service.ps1""", bat, StringComparison.Ordinal);
        // "%~f1\." never ends in \" (a trailing backslash would swallow the next argument).
        Assert.Contains(@"%PS% -Action install -InstallDir ""%~f1\."" -RepoRoot ""%~f2\."" || exit /b 1", bat, StringComparison.Ordinal);
        Assert.Contains("%PS% -Action start || exit /b 1", bat, StringComparison.Ordinal);
        Assert.Contains("[ValidateSet('install', 'uninstall', 'start', 'stop', 'restart', 'status')][string] $Action", ps1, StringComparison.Ordinal);
        Assert.Contains("[string] $InstallDir,", ps1, StringComparison.Ordinal);
        Assert.Contains("[string] $RepoRoot,", ps1, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCmdAndBat_HasCrlfLineEndings()
    {
        var files = Directory.EnumerateFiles(Checkout.Combine("scripts")).Concat(Directory.EnumerateFiles(Checkout.Combine("src", "RepoOrchestrator", "kit", "scripts")))
            .Where(f => f.EndsWith(".cmd", StringComparison.Ordinal) || f.EndsWith(".bat", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, files.Count);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.True(text.Replace("\r\n", "", StringComparison.Ordinal).IndexOf('\n', StringComparison.Ordinal) < 0, $"{file} has a line ending in LF only: cmd.exe misreads labels then.");
        }
    }

    [Fact]
    public void NoScript_KillsAProcess()
    {
        var scripts = Directory.EnumerateFiles(Checkout.Combine("scripts")).Concat(Directory.EnumerateFiles(Checkout.Combine("src", "RepoOrchestrator", "kit", "scripts")));

        foreach (var script in scripts)
        {
            var code = string.Join('\n', File.ReadAllLines(script).Where(l => !IsComment(l)));
            Assert.False(Killer().IsMatch(code), $"{script} kills a process.");
        }
    }

    [Fact]
    public void TestSh_InstallsThePowerShellTheTestsLookFor()
    {
        var testSh = Read("test.sh");

        Assert.Contains($"pwsh_version={PowerShell.Version}\n", testSh, StringComparison.Ordinal);
        Assert.Contains("dotnet tool install --tool-path \"$pwsh_tmp\" PowerShell --version \"$pwsh_version\"", testSh, StringComparison.Ordinal);
        Assert.Contains("pwsh_dir=\"$cache_home/repo-orchestrator-tests/pwsh-$pwsh_version\"", testSh, StringComparison.Ordinal);
        Assert.EndsWith(Path.Combine("repo-orchestrator-tests", "pwsh-" + PowerShell.Version), PowerShell.Folder, StringComparison.Ordinal);
    }

    [Fact]
    public void NoPowerShell_FailsSayingWhatToRun()
    {
        using var empty = new TempDirectory("no-pwsh");

        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => PowerShell.PwshIn(empty.Path));

        Assert.Contains($"PowerShell {PowerShell.Version} is not installed at {empty.Path}: run ./test.sh, or `dotnet tool install --tool-path {empty.Path} PowerShell --version {PowerShell.Version}`.",
            failure.Message, StringComparison.Ordinal);
    }

    private static void AssertSameDefaults(string cmd, string ps1)
    {
        Assert.Contains(@"set ""ORCH_HOST=127.0.0.1""", cmd, StringComparison.Ordinal);
        Assert.Contains(@"set ""ORCH_PORT=9325""", cmd, StringComparison.Ordinal);
        Assert.Matches(@"(\$env:ORCH_HOST = |Default 'ORCH_HOST' )'127\.0\.0\.1'", ps1);
        Assert.Matches(@"(\$env:ORCH_PORT = |Default 'ORCH_PORT' )'9325'", ps1);
    }

    private static bool IsComment(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.StartsWith('#') || trimmed.StartsWith("rem ", StringComparison.OrdinalIgnoreCase);
    }

    private static string Read(params string[] parts) => File.ReadAllText(Checkout.Combine(parts));

    [GeneratedRegex(@"\b(taskkill|Stop-Process|pkill|killall)\b|\bkill\s+-|\.Kill\(", RegexOptions.IgnoreCase)]
    private static partial Regex Killer();
}
