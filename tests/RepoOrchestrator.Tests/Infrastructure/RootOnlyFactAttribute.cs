namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>A fact that needs root (to chown a fixture to another user): reported as skipped, never passed, elsewhere.</summary>
public sealed class RootOnlyFactAttribute : FactAttribute
{
    public RootOnlyFactAttribute()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root")
        {
            Skip = "needs root on Linux (CI runs as root)";
        }
    }
}
