using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Deploy;

/// <summary>deploy/repo-orchestrator.service: hardened, runs the published dll as a notify service, and systemd accepts it.</summary>
public sealed class SystemdUnitTests
{
    private static readonly string UnitPath = Checkout.Combine("deploy", "repo-orchestrator.service");

    [Fact]
    public void Unit_IsHardenedAndRunsThePublishedService()
    {
        var keys = File.ReadAllLines(UnitPath)
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => (Key: l[..l.IndexOf('=', StringComparison.Ordinal)], Value: l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .ToList();
        string Single(string key) => Assert.Single(keys, k => k.Key == key).Value;

        Assert.Equal("notify", Single("Type"));
        // The self-contained build's launcher in /opt: no /usr/bin/dotnet needed.
        Assert.Equal("/opt/repo-orchestrator/repo-orchestrator serve", Single("ExecStart"));
        Assert.Equal("yes", Single("NoNewPrivileges"));
        Assert.Equal("strict", Single("ProtectSystem"));
        Assert.Equal("read-only", Single("ProtectHome"));
        Assert.Equal("yes", Single("PrivateTmp"));
        Assert.Equal("", Single("CapabilityBoundingSet"));
        Assert.Equal("0077", Single("UMask"));
        var home = keys.Where(k => k.Key == "Environment" && k.Value.StartsWith("ORCH_HOME=", StringComparison.Ordinal))
            .Select(k => k.Value["ORCH_HOME=".Length..]).Single();
        Assert.Equal(home, Single("ReadWritePaths"));
        Assert.Equal(home, Single("WorkingDirectory"));
        Assert.Equal("/var/lib/" + Single("StateDirectory"), home);
        Assert.Contains(keys, k => k == ("Environment", "ORCH_SERVICE_NAME=repo-orchestrator"));

        // The polkit rule lets exactly this unit's user restart and stop exactly this unit.
        var rule = File.ReadAllText(Checkout.Combine("deploy", "50-repo-orchestrator.rules"));
        Assert.Contains("action.lookup(\"unit\") == \"repo-orchestrator.service\"", rule, StringComparison.Ordinal);
        Assert.Contains($"subject.user == \"{Single("User")}\"", rule, StringComparison.Ordinal);
    }

    [RequiresProgramFact("/usr/bin/systemd-analyze", "/bin/systemd-analyze")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Unit_SystemdAnalyzeVerify_ReportsNothing()
    {
        var analyze = RequiresProgramFactAttribute.Find(["/usr/bin/systemd-analyze", "/bin/systemd-analyze"])!;

        // systemd checks that ExecStart's program exists and is executable: point it at a stand-in launcher.
        using var dir = new TempDirectory("orch-unit");
        var launcher = dir.WriteFile("repo-orchestrator", "#!/bin/sh\n");
        File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var unit = dir.WriteFile("repo-orchestrator.service", File.ReadAllText(UnitPath)
            .Replace("ExecStart=/opt/repo-orchestrator/repo-orchestrator ", "ExecStart=" + launcher + " ", StringComparison.Ordinal));

        var (code, output, error) = await ChildProcess.RunAsync(analyze, ["verify", unit], dir.Path);

        Assert.True(code == 0, error);
        Assert.Equal("", error.Trim());
        Assert.Equal("", output.Trim());
    }
}
