namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>A fact that needs a program this machine may lack: reported as skipped (never passed) when none of the paths exists.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresProgramFactAttribute : FactAttribute
{
    public RequiresProgramFactAttribute(params string[] candidates)
    {
        Candidates = candidates;
        if (Find(candidates) is null)
        {
            Skip = $"needs {string.Join(" or ", candidates)}, which this machine lacks";
        }
    }

    public IReadOnlyList<string> Candidates { get; }

    /// <summary>The first of <paramref name="candidates"/> that exists, or null.</summary>
    public static string? Find(IEnumerable<string> candidates) => candidates.FirstOrDefault(File.Exists);
}
