using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Allowlist;

/// <summary>
/// Adds and removes allowlist entries of the active repository (`POST` and `DELETE /ui/allowlist`). A new entry is
/// stored with the repository's real path in front, so it allows nothing in another repository selected later;
/// adding a path already listed sets its new expiry; each write drops the entries that have expired and rewrites the
/// file in the current format (a legacy file's entries keep the expiry they had). A malformed file is left alone
/// (409) rather than replaced, so nothing the operator wrote is lost. Each change is audited.
/// </summary>
public sealed class AllowlistEditor(AllowlistSettings settings, RepositoryService repositories, TimeProvider time, AuditLog audit)
{
    public const string AddOperation = "ALLOWLIST_ADD";
    public const string RemoveOperation = "ALLOWLIST_REMOVE";
    public const string DefaultLifetime = "1h";

    public static readonly ExpectedProblems AddFailures = new([StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict]);
    public static readonly ExpectedProblems RemoveFailures = new([StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict]);

    private readonly Lock _gate = new();

    /// <summary>Allows <paramref name="path"/> (relative to the active repository) for <paramref name="expires"/> (e.g. 30m, 8h, 7d; default 1h).</summary>
    public async Task<Outcome<AllowlistEntry>> AddAsync(string? path, string? expires, string actor)
    {
        if (!Locate(path).TryGet(out var target, out var problem))
        {
            return problem;
        }

        if (TokenLifetime.Parse(string.IsNullOrEmpty(expires) ? DefaultLifetime : expires) is not { } lifetime)
        {
            return Problem.BadRequest($"'expires' {TokenLifetime.Refusal}");
        }

        var full = target.Relative.Length == 0 ? target.Repository : Path.Join(target.Repository, target.Relative);
        var isFolder = Directory.Exists(full);
        if (!isFolder && !File.Exists(full))
        {
            return Problem.NotFound($"No file or folder '{target.Relative}' in the active repository; name a path as /tree lists it.");
        }

        var expiresAt = time.GetUtcNow() + lifetime;
        if (!Rewrite(entries => [.. entries.Where(e => !Same(e, target)), new AllowlistFileEntry(full, expiresAt)]).TryGet(out _, out problem))
        {
            return problem;
        }

        await audit.OperationAsync(AddOperation, actor, Shown(target), $"expires={expiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        return new AllowlistEntry(Shown(target), isFolder ? "dir" : "file", expiresAt);
    }

    /// <summary>Removes every entry naming <paramref name="path"/> in the active repository; 404 when none does.</summary>
    public async Task<Outcome<int>> RemoveAsync(string? path, string actor)
    {
        if (!Locate(path).TryGet(out var target, out var problem))
        {
            return problem;
        }

        var removed = 0;
        var outcome = Rewrite(entries =>
        {
            var kept = entries.Where(e => !Same(e, target)).ToList();
            removed = entries.Count - kept.Count;
            return kept;
        });
        if (!outcome.TryGet(out _, out problem))
        {
            return problem;
        }

        if (removed == 0)
        {
            return Problem.NotFound($"'{Shown(target)}' is not on the allowlist of the active repository; GET /ui/allowlist lists it.");
        }

        await audit.OperationAsync(RemoveOperation, actor, Shown(target));
        return removed;
    }

    private Outcome<Target> Locate(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Problem.BadRequest("Name the path to allow, relative to the active repository ('.' for all of it).");
        }

        if (RequestPathText.Refusal(path) is { } malformed)
        {
            return Problem.BadRequest($"The path must {malformed}.");
        }

        if (Path.IsPathRooted(path))
        {
            return Problem.BadRequest("The path must be relative to the active repository, as /tree shows it.");
        }

        // SECURITY: the active repository as the caller's token may see it: a scoped admin edits no other repository's allowlist.
        if (!repositories.ActiveForCaller().TryGet(out var repository, out var problem))
        {
            return problem;
        }

        // SECURITY: an entry never reaches outside the active repository.
        return AllowlistStore.Normalize(repository, path) is { } relative
            ? new Target(repository, relative)
            : Problem.BadRequest("The path leaves the active repository; name a path inside it.");
    }

    private Outcome<bool> Rewrite(Func<IReadOnlyList<AllowlistFileEntry>, IReadOnlyList<AllowlistFileEntry>> change)
    {
        lock (_gate)
        {
            IReadOnlyList<AllowlistFileEntry> current = [];
            if (File.Exists(settings.Path))
            {
                try
                {
                    current = AllowlistFile.Read(settings.Path, settings.TtlSeconds);
                }
                catch (Exception ex) when (AllowlistFile.IsMalformed(ex))
                {
                    return Problem.Conflict($"The allowlist file {settings.Path} cannot be read ({ex.GetType().Name}); fix or delete it, then try again.");
                }
            }

            var now = time.GetUtcNow();
            AllowlistFile.Write(settings.Path, change([.. current.Where(e => e.ExpiresAt > now)]));
            return true;
        }
    }

    private static bool Same(AllowlistFileEntry entry, Target target) =>
        AllowlistStore.Normalize(target.Repository, entry.Path) is { } relative && string.Equals(relative, target.Relative, PathContainment.Comparison);

    private static string Shown(Target target) => target.Relative.Length == 0 ? "." : target.Relative;

    private sealed record Target(string Repository, string Relative);
}
