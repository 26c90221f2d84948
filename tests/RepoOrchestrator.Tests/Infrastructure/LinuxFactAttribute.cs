namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>A fact about Linux's memory (madvise, /proc/self/smaps): reported as skipped, never passed, elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs Linux (/proc/self/smaps, madvise)";
        }
    }
}
