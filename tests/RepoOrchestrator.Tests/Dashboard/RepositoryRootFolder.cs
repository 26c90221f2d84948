namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>The checkout's root (the folder holding RepoOrchestrator.slnx), found by walking up from the test binaries.</summary>
public static class RepositoryRootFolder
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RepoOrchestrator.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No RepoOrchestrator.slnx above {AppContext.BaseDirectory}.");
    }
}
