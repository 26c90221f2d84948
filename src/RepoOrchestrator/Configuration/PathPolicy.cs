namespace RepoOrchestrator.Configuration;

/// <summary>
/// Which repository paths may be served: listed extensions (ORCH_ALLOWED_EXTENSIONS), refused extensions and folder
/// names (ORCH_DENIED_EXTENSIONS, ORCH_DENIED_DIRS; all compare case-insensitively) and whether files with more than
/// one link are served (ORCH_ALLOW_HARDLINKS).
/// </summary>
public sealed record PathPolicy(
    IReadOnlySet<string> AllowedExtensions,
    IReadOnlySet<string> DeniedExtensions,
    IReadOnlySet<string> DeniedDirs,
    bool AllowHardLinks)
{
    public static PathPolicy From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.AllowedExtensions, o.DeniedExtensions, o.DeniedDirs, o.AllowHardLinks);
    }
}
