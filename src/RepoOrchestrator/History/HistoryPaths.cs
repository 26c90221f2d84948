using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Reading;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.History;

/// <summary>
/// The read rules for a path named in history: it may no longer exist on disk, so it is checked lexically (not absolute,
/// no NUL, no `..`, at most 4096 characters, every component allowed by <see cref="PathRules.IsAllowedComponent"/>, the
/// required allowlist, never a service-owned file). A refusal is 403 and audited as ACCESS_DENIED, like /file.
/// </summary>
public sealed class HistoryPaths(PathPolicy policy, ReadPipeline pipeline, ServiceFiles serviceFiles)
{
    public const int MaxPathLength = 4096;

    /// <summary>
    /// The path as git will get it (`:(literal)` pathspec follows), or a 400/403. When <paramref name="mayBeFolder"/> (git log
    /// of a folder), the last component must pass both the file rules and the folder rules.
    /// </summary>
    public Task<Outcome<string>> CheckAsync(string repo, ReadCaller caller, string path, bool mayBeFolder = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path.Length > MaxPathLength || path.Contains('\0', StringComparison.Ordinal))
        {
            return Task.FromResult<Outcome<string>>(Problem.BadRequest(
                $"Query parameter 'path' must be a relative file path of 1 to {MaxPathLength} characters without NUL."));
        }

        return pipeline.AuditDenialAsync<string>(caller, path, () =>
        {
            var parts = path.Split('/');
            if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal))
            {
                return Problem.Forbidden($"Access denied: '{ReadAudit.Abbreviate(path)}' is not a path relative to the repository root (use forward slashes, no leading '/').");
            }

            for (var i = 0; i < parts.Length; i++)
            {
                // SECURITY: same name rules as /file (dot-names, '..', denied folders and extensions), checked without the disk
                var last = i == parts.Length - 1;
                if (parts[i].Length == 0 || parts[i] is "." or ".." || !PathRules.IsAllowedComponent(policy, parts[i], isFile: last)
                    || (last && mayBeFolder && !PathRules.IsAllowedComponent(policy, parts[i], isFile: false)))
                {
                    return Problem.Forbidden($"Access denied: '{ReadAudit.Abbreviate(path)}' names a denied file or folder (or an empty, '.' or '..' component).");
                }
            }

            if ((pipeline.AllowlistFor(repo) is { } filter && !filter.Allows(path)) || serviceFiles.IsServiceOwned(Path.Join(repo, path)))
            {
                return Problem.Forbidden($"Access denied: '{ReadAudit.Abbreviate(path)}' is not allowlisted for reading."); // SECURITY: allowlist-required mode
            }

            return path;
        });
    }
}
