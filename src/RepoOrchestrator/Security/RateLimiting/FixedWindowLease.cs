using System.Threading.RateLimiting;

namespace RepoOrchestrator.Security.RateLimiting;

/// <summary>The answer of <see cref="ClientRateLimiter"/>: acquired, or rejected with the time until the window resets.</summary>
internal sealed class FixedWindowLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
{
    public static readonly FixedWindowLease Acquired = new(true, null);

    public override bool IsAcquired { get; } = acquired;

    public override IEnumerable<string> MetadataNames =>
        retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (retryAfter is not null && string.Equals(metadataName, MetadataName.RetryAfter.Name, StringComparison.Ordinal))
        {
            metadata = retryAfter.Value;
            return true;
        }

        metadata = null;
        return false;
    }
}
