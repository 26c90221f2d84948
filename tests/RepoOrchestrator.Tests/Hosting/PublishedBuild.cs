using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Hosting;

/// <summary>
/// One `dotnet publish src/RepoOrchestrator -c Release` per test run, into a temp folder: the build operators
/// deploy and bench/ measures (self-contained and trimmed; see the csproj).
/// </summary>
public sealed class PublishedBuild : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("orch-publish");

    public string Folder => _temp.Combine("out");

    /// <summary>The published apphost (the native launcher next to repo-orchestrator.dll).</summary>
    public string Executable => Path.Combine(Folder, OperatingSystem.IsWindows() ? "repo-orchestrator.exe" : "repo-orchestrator");

    public Task InitializeAsync() => PublishAsync(Folder);

    /// <summary>`dotnet publish src/RepoOrchestrator -c Release -o <paramref name="folder"/>` with extra MSBuild properties.</summary>
    public static async Task PublishAsync(string folder, params string[] properties)
    {
        var (code, output, error) = await ChildProcess.RunAsync(
            "dotnet", ["publish", Checkout.Combine("src", "RepoOrchestrator"), "-c", "Release", "-o", folder, "-nologo", .. properties],
            Checkout.Root, timeoutSeconds: 600);
        if (code != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({code}):\n{output}\n{error}");
        }
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Tests that publish the service share one publish and never run two at once (publishes of one project share
/// its obj/ folder). The collection runs on its own, after the others: a trimming publish keeps both cores of a
/// CI machine busy for half a minute, which the timing of other tests should not have to absorb.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PublishedBuildUsers : ICollectionFixture<PublishedBuild>
{
    public const string Name = "Published build";
}
