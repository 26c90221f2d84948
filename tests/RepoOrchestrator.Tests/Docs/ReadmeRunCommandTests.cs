using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Docs;

/// <summary>
/// Issue 20: the README's run command names the repository root explicitly (no guessed root: the checkout's parent folder
/// is not served) and stays one command; the README says where the home is instead of the working directory.
/// </summary>
public sealed class ReadmeRunCommandTests
{
    [Fact]
    public void RunCommand_IsOneCommandWithAnExplicitRoot()
    {
        var readme = File.ReadAllText(Checkout.Combine("README.md"));
        var section = readme[readme.IndexOf("## The two commands", StringComparison.Ordinal)..];
        var run = DocCommands.Extract(section)[0];

        Assert.Matches(@"^ORCH_REPO_ROOT=\S+ dotnet run --project src/RepoOrchestrator$", run);
        Assert.Contains("~/.local/state/repo-orchestrator", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("defaults to the working directory", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("defaults to its parent folder", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("$(cat .orch_token)", readme, StringComparison.Ordinal); // the token is no longer in the working directory
    }
}
