using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Hosting;

/// <summary>
/// The one `dotnet publish` of a test run, shared by every test that needs the published build (PublishedBuildTests,
/// OperationsDocTests): docs/OPERATIONS.md's command, run from the checkout root as written except that its output
/// folder and its intermediate files (`--artifacts-path`) are in a temp folder. So the publish writes nothing into
/// the checkout, not even src/RepoOrchestrator/obj: the restore for the publish's runtime identifier would otherwise
/// rewrite the assets file the checkout's own build uses, and the next `dotnet run` or build would restore again.
/// The build operators deploy and bench/ measures (self-contained and trimmed; see the csproj).
/// </summary>
public sealed class PublishedBuild : IAsyncLifetime
{
    /// <summary>The publish command of docs/OPERATIONS.md, word for word.</summary>
    public const string DocumentedCommand = "dotnet publish src/RepoOrchestrator -c Release -o out";

    private readonly TempDirectory _temp = new("orch-publish");

    /// <summary>What the documented command writes to `out/`.</summary>
    public string Folder => _temp.Combine("out");

    /// <summary>The published apphost (the native launcher next to repo-orchestrator.dll).</summary>
    public string Executable => Path.Combine(Folder, OperatingSystem.IsWindows() ? "repo-orchestrator.exe" : "repo-orchestrator");

    public Task InitializeAsync() => PublishAsDocumentedAsync(Folder, "--artifacts-path", _temp.Combine("artifacts"));

    /// <summary>
    /// <see cref="DocumentedCommand"/> from the checkout root with `-o` pointing at <paramref name="folder"/> and the
    /// extra arguments after it (e.g. MSBuild properties).
    /// </summary>
    public static async Task PublishAsDocumentedAsync(string folder, params string[] extra)
    {
        var words = DocumentedCommand.Split(' ');
        var output = Array.IndexOf(words, "-o");
        words[output + 1] = folder;
        var (code, stdout, stderr) = await ChildProcess.RunAsync(words[0], [.. words[1..], "-nologo", .. extra], Checkout.Root, timeoutSeconds: 600);
        if (code != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({code}):\n{stdout}\n{stderr}");
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
