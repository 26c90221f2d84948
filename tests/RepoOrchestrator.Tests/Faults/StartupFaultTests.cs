using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Faults;

/// <summary>
/// The real executable started on a broken home or configuration: one line on stderr naming what and the fix, exit
/// code 2, no stack trace anywhere, and nothing left listening.
/// </summary>
public sealed class StartupFaultTests
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.dll");

    public static TheoryData<string, string> BrokenHomes => new()
    {
        { "snapshots-file", "Configuration error: ORCH_HOME is invalid: {home}/.orch_snapshots is a file, not a folder; remove it" },
        { "snapshots-link", "Configuration error: ORCH_HOME is invalid: {home}/.orch_snapshots is a link, not a folder; remove it" },
        { "audit-folder", "Configuration error: ORCH_AUDIT_LOG_PATH is invalid: {home}/logs/orchestrator_audit.log is a folder; point it at a file" },
        { "rules-missing", "Configuration error: ORCH_REDACTION_RULES is invalid: the file {home}/missing.toml does not exist" },
        { "short-token", "Configuration error: ORCH_TOKEN is invalid: a token needs at least 16 characters (got 9)" },
        { "short-token-file", "Configuration error: ORCH_TOKEN is invalid: the token in {home}/.orch_token has fewer than 16 characters; remove the file" },
        { "state-garbage-header", "Cannot start: The state store {home}/orchestrator.db is corrupt (" },
        { "state-corrupt-page", "Cannot start: The state store {home}/orchestrator.db is corrupt (" },
    };

    [Theory]
    [MemberData(nameof(BrokenHomes))]
    public async Task Serve_BrokenHome_OneLineExit2NoStackTrace(string fault, string expectedStart)
    {
        using var temp = new TempDirectory("orch-start");
        var home = Directory.CreateDirectory(temp.Combine("home")).FullName;
        var env = Environment(temp, home);
        Break(fault, home, env);

        var (code, output, error) = await ChildProcess.RunAsync("dotnet", [Dll], temp.Path, env, timeoutSeconds: 60);

        AssertOneLine(code, output, error, expectedStart.Replace("{home}", home, StringComparison.Ordinal));
        if (fault.StartsWith("state-", StringComparison.Ordinal))
        {
            Assert.Contains($"mv {home}/orchestrator.db {home}/orchestrator.db.corrupt", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Serve_PortInUse_OneLineExit2()
    {
        using var temp = new TempDirectory("orch-start");
        using var holder = new TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var env = Environment(temp, temp.Combine("home"));
        env["ORCH_PORT"] = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (code, output, error) = await ChildProcess.RunAsync("dotnet", [Dll], temp.Path, env, timeoutSeconds: 60);

        AssertOneLine(code, output, error, "Cannot listen: ");
        Assert.Contains("ORCH_PORT", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing-root", "Configuration error: ORCH_REPO_ROOT is invalid: the folder")]
    [InlineData("short-token", "Configuration error: ORCH_TOKEN is invalid: a token needs at least 16 characters (got 9)")]
    [InlineData("state-garbage-header", "Cannot start: The state store")]
    public async Task Mcp_BrokenConfiguration_OneLineExit2NoStackTrace(string fault, string expectedStart)
    {
        using var temp = new TempDirectory("orch-start");
        var home = Directory.CreateDirectory(temp.Combine("home")).FullName;
        var env = Environment(temp, home);
        if (fault == "missing-root")
        {
            env["ORCH_REPO_ROOT"] = temp.Combine("nowhere");
        }
        else
        {
            Break(fault, home, env);
        }

        var (code, output, error) = await ChildProcess.RunAsync("dotnet", [Dll, "mcp"], temp.Path, env, timeoutSeconds: 60);

        AssertOneLine(code, output, error, expectedStart);
    }

    [TmpfsFact]
    public async Task Serve_ReadOnlyLogsFolder_OneLineExit2()
    {
        using var temp = new TempDirectory("orch-start");
        var home = Directory.CreateDirectory(temp.Combine("home")).FullName;
        using var logs = TmpfsMount.Create("64k", readOnly: true, at: Path.Combine(home, "logs"));

        var (code, output, error) = await ChildProcess.RunAsync("dotnet", [Dll], temp.Path, Environment(temp, home), timeoutSeconds: 60);

        AssertOneLine(code, output, error, $"Cannot start: ORCH_AUDIT_LOG_PATH is invalid: its folder {home}/logs is not writable");
    }

    internal static Dictionary<string, string?> Environment(TempDirectory temp, string home) => new()
    {
        ["ORCH_HOME"] = home,
        ["ORCH_REPO_ROOT"] = Directory.CreateDirectory(temp.Combine("repos")).FullName,
        ["ORCH_PORT"] = ChildProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ORCH_HEADLESS"] = "true",
    };

    internal static void AssertOneLine(int code, string output, string error, string expectedStart)
    {
        Assert.True(code == 2, $"exit {code}\nstdout:\n{output}\nstderr:\n{error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(expectedStart, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
    }

    internal static void Break(string fault, string home, Dictionary<string, string?> env)
    {
        switch (fault)
        {
            case "snapshots-file":
                File.WriteAllText(Path.Combine(home, ".orch_snapshots"), "x");
                break;
            case "snapshots-link":
                Directory.CreateSymbolicLink(Path.Combine(home, ".orch_snapshots"), Path.GetTempPath());
                break;
            case "audit-folder":
                Directory.CreateDirectory(Path.Combine(home, "logs", "orchestrator_audit.log"));
                break;
            case "rules-missing":
                env["ORCH_REDACTION_RULES"] = Path.Combine(home, "missing.toml");
                break;
            case "short-token":
                env["ORCH_TOKEN"] = "too-short";
                break;
            case "short-token-file":
                File.WriteAllText(Path.Combine(home, ".orch_token"), "short\n");
                break;
            case "state-garbage-header":
                CorruptState.WriteGarbageHeader(Path.Combine(home, "orchestrator.db"));
                break;
            case "state-corrupt-page":
                CorruptState.WriteCorruptPage(Path.Combine(home, "orchestrator.db"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }
    }
}
