namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>The source checkout the tests were built from (scripts/, deploy/, docs/), found by walking up to the solution file.</summary>
public static class Checkout
{
    public static string Root { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "RepoOrchestrator.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RepoOrchestrator.slnx not found above the test output folder.");
    }
}
