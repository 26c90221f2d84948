using System.Net;
using ModelContextProtocol.Client;
using RepoOrchestrator.Git;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Git;

/// <summary>The git sandbox against the operator's side: their environment, home configuration and file ownership.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class GitSandboxTests
{
    [Fact]
    public void Environment_OfGit_IsBuiltNotInherited()
    {
        var inherited = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/bin:/bin",
            ["HOME"] = "/home/operator",
            ["GIT_DIR"] = "/elsewhere/.git",
            ["GIT_EXTERNAL_DIFF"] = "/tmp/evil",
            ["GIT_CONFIG_PARAMETERS"] = "'diff.external'='/tmp/evil'",
        };

        var environment = GitSandbox.Environment(name => inherited.GetValueOrDefault(name));

        Assert.Equal("/usr/bin:/bin", environment["PATH"]);
        Assert.Equal("/dev/null", environment["HOME"]);
        Assert.Equal("/dev/null", environment["GIT_CONFIG_GLOBAL"]);
        Assert.Equal("1", environment["GIT_CONFIG_NOSYSTEM"]);
        Assert.Equal("1", environment["GIT_NO_REPLACE_OBJECTS"]);
        Assert.Equal("", environment["GIT_ALLOW_PROTOCOL"]); // no transport, whatever the repository allows
        Assert.DoesNotContain(environment.Keys, key => key is "GIT_DIR" or "GIT_EXTERNAL_DIFF" or "GIT_CONFIG_PARAMETERS");
    }

    [Fact]
    public void GlobalOptions_NameTheGitDirWithNoWorkTreeAndOverrideEveryProgramKey()
    {
        var options = GitSandbox.GlobalOptions("/srv/repos/app");

        Assert.Contains("--git-dir=.", options); // the pinned git dir is the process's working directory
        Assert.DoesNotContain(options, o => o.StartsWith("--work-tree", StringComparison.Ordinal));
        Assert.Contains("safe.directory=/srv/repos/app", options);
        foreach (var key in (string[])["core.bare", "core.useReplaceRefs", "core.fsmonitor", "core.hooksPath", "core.pager", "core.sshCommand", "diff.external", "diff.submodule", "protocol.allow", "gpg.program"])
        {
            Assert.Contains(options, o => o.StartsWith(key + "=", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The real executable (stdio MCP) started with a hostile operator environment: a ~/.gitconfig and
    /// $XDG_CONFIG_HOME/git/config that name the trap, GIT_* variables that point git elsewhere or run programs.
    /// </summary>
    [Fact]
    public async Task GitDiff_HostileOperatorEnvironment_RunsNothingAndReadsOnlyTheRepository()
    {
        using var root = new TempDirectory("orch-root");
        using var outside = new TempDirectory("orch-outside");
        var world = new HostileRepositories(root.Path, outside.Path);
        var repo = new TempGitRepo(root.Path, "app");
        repo.Write("a.txt", "one\n").Commit("one");
        repo.Write("a.txt", "one\ntwo\n").Commit("two");
        var home = outside.Combine("home");
        var config = $"[diff]\n\texternal = {world.Trap}\n[core]\n\tpager = {world.Trap}\n\tfsmonitor = {world.Trap}\n";
        Directory.CreateDirectory(Path.Combine(home, ".config", "git"));
        File.WriteAllText(Path.Combine(home, ".gitconfig"), config);
        File.WriteAllText(Path.Combine(home, ".config", "git", "config"), config);
        var hostile = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
            ["GIT_EXTERNAL_DIFF"] = world.Trap,
            ["GIT_CONFIG_COUNT"] = "1",
            ["GIT_CONFIG_KEY_0"] = "diff.external",
            ["GIT_CONFIG_VALUE_0"] = world.Trap,
            ["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = Path.Combine(world.Victim.Path, ".git", "objects"),
            ["GIT_INDEX_FILE"] = Path.Combine(world.Victim.Path, ".git", "index"),
        };

        // Live: plain git under this environment runs the trap.
        var live = HostileRepositories.PlainGit(repo.Path, hostile, "diff", "HEAD~1", "HEAD");
        Assert.True(File.Exists(world.Marker), live.Output);
        File.Delete(world.Marker);

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "repo-orchestrator",
            Command = "dotnet",
            Arguments = [Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.dll"), "mcp", $"--ORCH_HOME={root.Combine(".orch-home")}", $"--ORCH_REPO_ROOT={root.Path}"],
            WorkingDirectory = root.Path,
            EnvironmentVariables = hostile,
        });
        await using var client = await McpClient.CreateAsync(transport);
        Assert.NotEqual(true, (await client.CallAsync(McpToolNames.SelectRepo, ("path", "app"))).IsError);

        var patch = await client.CallAsync(McpToolNames.GitDiff, ("base", "HEAD~1"), ("head", "HEAD"), ("mode", "patch"));

        Assert.NotEqual(true, patch.IsError);
        Assert.Contains("+two", patch.Text(), StringComparison.Ordinal);
        Assert.False(File.Exists(world.Marker), "a program from the operator's git configuration or environment ran");
    }

    /// <summary>The documented systemd setup: the service runs as another user than the repository's owner.</summary>
    [RootOnlyFact]
    public async Task Diff_RepositoryOwnedByAnotherUser_IsRead()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        repo.Write("a.txt", "one\n").Commit("one");
        repo.Write("a.txt", "one\ntwo\n").Commit("two");
        await app.SelectAsync(repo);
        using var chown = System.Diagnostics.Process.Start("chown", ["-R", "65534:65534", repo.Path]);
        await chown.WaitForExitAsync();
        Assert.Equal(0, chown.ExitCode);
        var plain = HostileRepositories.PlainGit(repo.Path, new Dictionary<string, string?>(StringComparer.Ordinal) { ["HOME"] = repo.Path }, "rev-parse", "HEAD");
        Assert.Contains("dubious ownership", plain.Output, StringComparison.Ordinal); // live: plain git refuses it
        using var http = app.CreateClient(TestRole.Actions);

        using var response = await http.Get("/diff?base=HEAD~1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("a.txt | 1 +", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
