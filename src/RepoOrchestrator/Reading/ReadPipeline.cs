using RepoOrchestrator.Allowlist;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Reading;

/// <summary>
/// The read pipeline: the one order every read takes — tree, file, search, diff and every MCP read tool (both doors
/// call the same feature service). Steps, each with one owner (docs/ARCHITECTURE.md walks them for GET /file):
/// 1 request (the feature validates its own parameters) → 2 repository (<see cref="RepositoryService"/>) → 3 path
/// guard (<see cref="PathGuard"/>, or <see cref="RepositoryWalker"/> for walks) → 4 allowlist
/// (<see cref="AllowlistFilter"/>) → 5 snapshot (Snapshots/SnapshotStore) → 6 slice (the feature) → 7 redaction
/// (Security/Redaction) → 8 cap (<see cref="OutputLimits"/>) → 9 audit (<see cref="AuditLog"/>). This type runs
/// the shared steps 2, 3, 4, 8 and 9 so no feature can take them in another order or skip one; the feature runs
/// the rest in between.
/// </summary>
public sealed partial class ReadPipeline(
    ReadLimits limits,
    AllowlistSettings allowlistSettings,
    RepositoryService repositories,
    PathGuard guard,
    AllowlistStore allowlist,
    AuditLog audit,
    ILogger<ReadPipeline> logger)
{
    /// <summary>
    /// The boundary of a read: runs a feature service's body and turns a failure found deep inside a step
    /// (<see cref="ApiProblemException"/>: a git process that timed out, the redaction budget spent mid-scan) back
    /// into a value, so a caller of a read service only ever sees an <see cref="Outcome{T}"/>.
    /// </summary>
    public static async Task<Outcome<T>> RunAsync<T>(Func<Task<Outcome<T>>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return await read();
        }
        catch (ApiProblemException abort)
        {
            return abort.Problem;
        }
    }

    /// <summary>
    /// Step 2: the real path of the repository the caller named with `repo` (<see cref="RequestedRepository"/>), or else
    /// of the active one; 409 when none is selected or it is gone, 404 when the named one does not exist, 403 when the
    /// caller's token is scoped to other repositories.
    /// </summary>
    public Outcome<string> Repository()
    {
        if (RequestedRepository.Current is not { } name)
        {
            return repositories.ActiveForCaller();
        }

        var named = repositories.ForRead(name);
        if (named.Problem is null && AuditCaller.Current is { } caller)
        {
            AuditCaller.Set(caller with { Repository = repositories.NameOf(named.Value) }); // the audit line says which one
        }

        return named;
    }

    /// <summary>The name of a repository <see cref="Repository"/> resolved, as list_repos and `repo` spell it.</summary>
    public string RepositoryName(string repository) => repositories.NameOf(repository);

    /// <summary>
    /// Steps 3 and 4 for one file: the guard resolves it, then (ORCH_ALLOWLIST_REQUIRE) the path as named and the
    /// file it resolves to must both be allowlisted. A refusal (403) is audited as ACCESS_DENIED before it leaves.
    /// </summary>
    public Task<Outcome<GuardedPath>> GuardFileAsync(string repo, ReadCaller caller, string? requestPath) =>
        AuditDenialAsync<GuardedPath>(caller, requestPath, () =>
        {
            if (!guard.ResolveFile(repo, requestPath).TryGet(out var target, out var refused))
            {
                return refused;
            }

            if (AllowlistFor(repo) is { } filter && !(filter.Allows(target.RelativePath) && filter.Allows(target.RealRelativePath)))
            {
                LogRefused(logger, "not allowlisted");
                return Problem.Forbidden(PathGuard.DeniedDetail); // SECURITY: allowlist-required mode
            }

            return target;
        });

    /// <summary>Step 3 for a folder to walk; a refusal (403) is audited as ACCESS_DENIED. The walk applies step 4 per file.</summary>
    public Task<Outcome<GuardedPath>> GuardFolderAsync(string repo, ReadCaller caller, string? requestPath) =>
        AuditDenialAsync(caller, requestPath, () => guard.ResolveFolder(repo, requestPath));

    /// <summary>Step 4 for walks and diffs: the allowlist of this request, or null when ORCH_ALLOWLIST_REQUIRE is off.</summary>
    public AllowlistFilter? AllowlistFor(string repo) => AllowlistFilter.For(allowlistSettings.Require, allowlist, repo); // SECURITY: allowlist-required mode

    /// <summary>Runs a step that may refuse the path (open, read); a 403 from it is audited as ACCESS_DENIED.</summary>
    public async Task<Outcome<T>> AuditDenialAsync<T>(ReadCaller caller, string? requestPath, Func<Outcome<T>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var outcome = step();
        if (outcome.Problem is { Status: StatusCodes.Status403Forbidden })
        {
            await audit.OperationAsync(caller.OperationPrefix + "ACCESS_DENIED", caller.Actor, ReadAudit.Abbreviate(requestPath), level: "WARNING");
        }

        return outcome;
    }

    /// <summary>Step 8: ORCH_MAX_BYTES, never a silent cut (<see cref="OutputLimits.Cap"/>).</summary>
    public (string Text, bool Truncated) Cap(string text, bool alreadyTruncated) =>
        OutputLimits.Cap(text, limits.MaxBytes, alreadyTruncated);

    /// <summary>Step 8 with a lower cap than ORCH_MAX_BYTES (a batch's remaining budget); never higher.</summary>
    public (string Text, bool Truncated) Cap(string text, bool alreadyTruncated, int maxBytes) =>
        OutputLimits.Cap(text, Math.Min(maxBytes, limits.MaxBytes), alreadyTruncated);

    /// <summary>Step 9: the audit line, written before the answer leaves (if it cannot be written, the read fails).</summary>
    public Task AuditAsync(ReadCaller caller, string operation, string target, string detail, string hash) =>
        audit.OperationAsync(caller.OperationPrefix + operation, caller.Actor, target, detail, hash);

    // The guard's event (3000), so an operator's filter on refused read paths still sees allowlist refusals.
    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Refused a read path: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
