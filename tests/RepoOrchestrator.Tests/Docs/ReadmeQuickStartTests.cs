using RepoOrchestrator.Tests.Hosting;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Docs;

/// <summary>
/// Issue 20: the README's quick start runs as written. Its run command (from the checkout, `dotnet run` of the sources)
/// starts the service with a fresh per-user home, then its `curl … $(… token show) …/status` line answers, in bash.
/// Only the port differs (a free one, through ORCH_PORT, the README's address rewritten to it) and HOME points at a
/// temporary folder, so the home and the root the command names are the test's own.
/// </summary>
[Collection(PublishedBuildUsers.Name)]
public sealed class ReadmeQuickStartTests
{
    [Fact]
    public async Task RunCommand_ThenTheStatusCurl_WorkAsWritten()
    {
        var readme = File.ReadAllText(Checkout.Combine("README.md"));
        var section = readme[readme.IndexOf("## The two commands", StringComparison.Ordinal)..readme.IndexOf("## Dashboard", StringComparison.Ordinal)];
        var commands = DocCommands.Extract(section);
        var run = commands[0];
        var curl = Assert.Single(commands, c => c.StartsWith("curl ", StringComparison.Ordinal));

        using var temp = new TempDirectory("orch-readme");
        Directory.CreateDirectory(temp.Combine("src"));
        var port = ChildProcess.FreePort();
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = temp.Path,
            ["XDG_STATE_HOME"] = null,
            ["ORCH_HOME"] = null,
            ["ORCH_REPO_ROOT"] = null,
            ["ORCH_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ORCH_HEADLESS"] = "true",
        };

        await using var service = ChildProcess.Start("bash", ["-c", run], Checkout.Root, environment);
        await service.WaitForLineAsync(l => l.Contains($"is listening on http://127.0.0.1:{port}", StringComparison.Ordinal), TimeSpan.FromSeconds(240));
        var home = Path.Combine(temp.Path, ".local", "state", "repo-orchestrator");
        Assert.True(File.Exists(Path.Combine(home, ".orch_token")), "the default home is the per-user state folder");

        var (code, output, error) = await ChildProcess.RunAsync(
            "bash", ["-c", curl.Replace("127.0.0.1:9325", $"127.0.0.1:{port}", StringComparison.Ordinal) + " --fail --silent --show-error"],
            Checkout.Root, environment, timeoutSeconds: 240);

        Assert.True(code == 0, $"the README's curl exited {code}: {error}");
        Assert.Contains("\"version\":", output, StringComparison.Ordinal);
        Assert.Contains("\"root_set\":true", output, StringComparison.Ordinal);
    }
}
