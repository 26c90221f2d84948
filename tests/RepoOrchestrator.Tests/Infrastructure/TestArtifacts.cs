namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>
/// Where tests leave files for a person to look at (screenshots): `ORCH_TEST_ARTIFACTS`, else a folder under the
/// system's temp folder. Never inside the checkout, so a test run leaves the working tree as it found it.
/// </summary>
public static class TestArtifacts
{
    public static string Folder { get; } = Create();

    public static string PathOf(string name) => Path.Combine(Folder, name);

    private static string Create()
    {
        var folder = Environment.GetEnvironmentVariable("ORCH_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "repo-orchestrator-test-artifacts");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
