using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// The only code that turns a request path into a file-system path (SPEC 6.1). It checks the path lexically
/// first (NUL and control characters, device names, `..`, absolute paths outside the repository, dot-names,
/// denied folders and extensions), then physically, one component at a time: every prefix is resolved with
/// its links and must stay inside the repository, the final real path passes the same name rules again (so
/// `.git` reached through a link is refused), then its type is read without opening it. Every error other than
/// "not found" refuses (403); details name only the caller's relative path, never a host path. It is step 2 of
/// the read pipeline (docs/ARCHITECTURE.md); the allowlist check follows it there.
/// </summary>
public sealed partial class PathGuard(PathPolicy policy, ServiceFiles serviceFiles, ILogger<PathGuard> logger)
{
    // One wording for every refusal (guard, allowlist, open): true for each of them, and the same whether an
    // outside path exists or not, so it tells nothing about the host beyond the repository.
    public const string DeniedDetail = "Access denied: this path is not served (refused are: paths that leave the repository root, also through a link; denied folders such as .git; dot-names; denied extensions; hard links; paths not on the allowlist when one is required; anything that is not a readable regular file).";
    private const int MaxPathLength = 4096;

    /// <summary>A regular file: 400 when missing from the request or a folder, 404 when absent, 403 when refused.</summary>
    public Outcome<GuardedPath> ResolveFile(string repo, string? requestPath)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (string.IsNullOrWhiteSpace(requestPath))
        {
            return Problem.BadRequest("Query parameter 'path' is required: a file path relative to the active repository.");
        }

        return Resolve(repo, requestPath, isFile: true);
    }

    /// <summary>A folder (the repository itself when <paramref name="requestPath"/> is empty or "."): 400 when it is a file.</summary>
    public Outcome<GuardedPath> ResolveFolder(string repo, string? requestPath)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return Resolve(repo, string.IsNullOrWhiteSpace(requestPath) ? "." : requestPath, isFile: false);
    }

    private Outcome<GuardedPath> Resolve(string repo, string requestPath, bool isFile)
    {
        if (!Lexical(repo, requestPath, isFile).TryGet(out var parts, out var refused))
        {
            return refused;
        }

        var relative = string.Join('/', parts);
        var shown = parts.Length == 0 ? "." : relative;
        if (!Physical(repo, parts, shown).TryGet(out var real, out refused))
        {
            return refused;
        }

        if (string.Equals(real, repo, PathContainment.Comparison))
        {
            return isFile
                ? Problem.BadRequest($"Not a file: '{shown}' is a folder.")
                : new GuardedPath(".", repo, ".");
        }

        var realRelative = Path.GetRelativePath(repo, real).Replace('\\', '/');
        if (!PathRules.IsAllowedRelativePath(policy, realRelative, isFile))
        {
            return Deny("the resolved target has a refused name"); // SECURITY: .git, dot-files, denied names reached through a link
        }

        if (serviceFiles.IsServiceOwned(real))
        {
            return Deny("the target is one of the service's own files"); // SECURITY: tokens, audit log, state never served
        }

        return KindOf(real) switch
        {
            FileKind.Missing => Problem.NotFound($"Not found: '{shown}'."),
            FileKind.Directory when isFile => Problem.BadRequest($"Not a file: '{shown}' is a folder."),
            FileKind.Regular when !isFile => Problem.BadRequest($"Not a folder: '{shown}' is a file."),
            // The allowlist (required mode) is the next step of the read pipeline, not the guard's: Reading/ReadPipeline.
            FileKind.Regular or FileKind.Directory => new GuardedPath(shown, real, realRelative),
            null => Deny("the file type could not be read"), // SECURITY: fail closed
            _ => Deny("not a regular file or folder"), // SECURITY: FIFO, socket, device are never opened
        };
    }

    /// <summary>Splits the request into checked components relative to the repository; nothing is touched on disk.</summary>
    private Outcome<string[]> Lexical(string repo, string requestPath, bool isFile)
    {
        if (requestPath.Length > MaxPathLength || requestPath.Contains('\0', StringComparison.Ordinal))
        {
            return Deny("NUL byte or overlong path"); // SECURITY: NUL truncates paths in native code
        }

        // Backslash separates on every platform: a Windows-style request must not become one odd file name.
        var path = requestPath.Replace('\\', '/');
        var raw = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (raw.Contains(".."))
        {
            return Deny("'..' component"); // SECURITY: no parent traversal, even one that would come back inside
        }

        if (path.StartsWith('/') || Path.IsPathRooted(path))
        {
            string full;
            try
            {
                full = Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                return Deny("malformed absolute path");
            }

            if (!PathContainment.IsWithinOrEqual(repo, full))
            {
                return Deny("absolute path outside the repository"); // SECURITY: whole-component containment
            }

            raw = Path.GetRelativePath(repo, full).Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        }

        var parts = raw.Where(p => p != ".").ToArray();
        for (var i = 0; i < parts.Length; i++)
        {
            if (!PathRules.IsAllowedComponent(policy, parts[i], isFile && i == parts.Length - 1))
            {
                return Deny("refused name (device, dot-name, denied folder or extension)");
            }
        }

        return parts;
    }

    /// <summary>Resolves one component at a time; each prefix, links followed, must stay inside the repository.</summary>
    private Outcome<string> Physical(string repo, string[] parts, string shown)
    {
        // SECURITY: the fast path applies only when no component is a link; any link takes the checked walk below.
        if (PathContainment.JoinIfNoLinks(repo, parts) is { } direct)
        {
            return direct;
        }

        var current = repo;
        foreach (var part in parts)
        {
            string? real;
            try
            {
                real = PathContainment.ResolveChild(current, part); // current is already real: only the new component is resolved
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return Deny("link loop or unreadable component"); // SECURITY: fail closed on every error but "not found"
            }

            if (real is null)
            {
                return Problem.NotFound($"Not found: '{shown}'.");
            }

            if (!PathContainment.IsWithinOrEqual(repo, real))
            {
                return Deny("a link leads outside the repository"); // SECURITY: symlink escape at any component
            }

            current = real;
        }

        return current;
    }

    private static FileKind? KindOf(string real)
    {
        try
        {
            return SafeFileAccess.GetKind(real);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return null;
        }
    }

    private Problem Deny(string reason)
    {
        LogRefused(logger, reason);
        return Problem.Forbidden(DeniedDetail);
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Refused a read path: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
