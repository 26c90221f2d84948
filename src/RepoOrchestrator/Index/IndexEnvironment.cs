using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Index;

/// <summary>
/// What every repository index shares: the settings, the service's clock (when to check in full), the builder and the
/// path rules it was built under.
/// </summary>
internal sealed record IndexEnvironment(IndexSettings Settings, TimeProvider Time, IndexBuilder Builder, string PolicyText)
{
    /// <summary>
    /// Now on the file system's clock, in nanoseconds since the epoch: stamps are written by the kernel's real clock, so
    /// the racy rule compares them with the real clock, never with the service's (which tests move by hand).
    /// </summary>
    public static long FileClockNs() => (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
}
