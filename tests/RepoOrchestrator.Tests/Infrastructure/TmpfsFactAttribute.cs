namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>A fact that needs <see cref="TmpfsMount"/>: reported as skipped, with the reason, where mounting is not permitted.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (TmpfsMount.Unavailable is { } why)
        {
            Skip = why;
        }
    }
}
