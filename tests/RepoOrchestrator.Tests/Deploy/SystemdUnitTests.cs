using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Deploy;

/// <summary>
/// deploy/repo-orchestrator.service: hardened, runs the self-contained published build's own launcher as a notify
/// service (no /usr/bin/dotnet), and systemd accepts it with the root drop-in, whose [Service] header it needs.
/// </summary>
public sealed class SystemdUnitTests
{
    private static readonly string UnitPath = Checkout.Combine("deploy", "repo-orchestrator.service");
    private static readonly string DropInPath = Checkout.Combine("deploy", "repo-orchestrator.service.d", "root.conf");
    private const string Launcher = "/opt/repo-orchestrator/repo-orchestrator";

    [Fact]
    public void Unit_IsHardenedAndRunsThePublishedService()
    {
        var keys = File.ReadAllLines(UnitPath)
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => (Key: l[..l.IndexOf('=', StringComparison.Ordinal)], Value: l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .ToList();
        string Single(string key) => Assert.Single(keys, k => k.Key == key).Value;

        Assert.Equal("notify", Single("Type"));
        Assert.Equal(Launcher + " serve", Single("ExecStart"));
        Assert.DoesNotContain("/usr/bin/dotnet", string.Join('\n', keys.Select(k => k.Value)), StringComparison.Ordinal);
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

    [Fact]
    public void DropIn_HasItsServiceHeader_AndSetsTheRoot()
    {
        var lines = File.ReadAllLines(DropInPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal("[Service]", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("Environment=ORCH_REPO_ROOT=/", StringComparison.Ordinal));
    }

    [RequiresProgramFact("/usr/bin/systemd-analyze", "/bin/systemd-analyze")]
    public async Task Unit_WithTheDropIn_SystemdAnalyzeVerify_ReportsNothing()
    {
        using var dir = new TempDirectory("orch-unit");
        var (code, output, error) = await VerifyAsync(dir, File.ReadAllText(DropInPath));

        Assert.True(code == 0, error);
        Assert.Equal("", error.Trim());
        Assert.Equal("", output.Trim());
    }

    [RequiresProgramFact("/usr/bin/systemd-analyze", "/bin/systemd-analyze")]
    public async Task DropIn_WithoutItsHeader_IsWhatSystemdWarnsAbout()
    {
        // The check above would catch a header-less drop-in: systemd reads it and says the setting is ignored.
        using var dir = new TempDirectory("orch-unit");
        var (_, output, error) = await VerifyAsync(dir, "Environment=ORCH_REPO_ROOT=/srv/repos\n");
        Assert.Contains("Assignment outside of section", output + error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> VerifyAsync(TempDirectory dir, string dropIn)
    {
        var analyze = RequiresProgramFactAttribute.Find(["/usr/bin/systemd-analyze", "/bin/systemd-analyze"])!;
        // systemd checks that ExecStart's program exists and is executable: a stand-in launcher at a temp path.
        var launcher = dir.Combine("repo-orchestrator");
        File.Copy(File.Exists("/usr/bin/true") ? "/usr/bin/true" : "/bin/true", launcher);
        var unit = dir.WriteFile("repo-orchestrator.service", File.ReadAllText(UnitPath).Replace(Launcher + " ", launcher + " ", StringComparison.Ordinal));
        Directory.CreateDirectory(dir.Combine("repo-orchestrator.service.d"));
        await File.WriteAllTextAsync(dir.Combine("repo-orchestrator.service.d", "root.conf"), dropIn);
        return await ChildProcess.RunAsync(analyze, ["verify", unit], dir.Path);
    }
}
