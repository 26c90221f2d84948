using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.State;

namespace RepoOrchestrator.Repositories;

/// <summary>
/// The folder the repositories lie under. ORCH_REPO_ROOT when it is set (resolved once, at start); else the folder stored
/// with `repo-orchestrator repos root &lt;folder&gt;` (read from the state store only when the store changed, so a running
/// service uses a new one from its next request at no cost per read); else none, never a guess: every read and
/// repository request then answers 409 saying how to set one.
/// </summary>
public sealed class RepositoryRoot(RepositoryRootSettings settings, ServiceHome home, StateStore state, AuditLog audit)
{
    public const string StateKey = "repo_root";
    public const string SetOperation = "SET_REPO_ROOT";
    public const string ClearOperation = "CLEAR_REPO_ROOT";

    public const string NotSetDetail = "No repository root is set: set ORCH_REPO_ROOT to the folder that holds your repositories "
        + "and restart the service, or run 'repo-orchestrator repos root <folder>' on the service's machine (a running service "
        + "uses it from its next request).";

    public const string GoneDetail = "The repository root no longer exists or is not a folder: run 'repo-orchestrator repos root <folder>' "
        + "on the service's machine, or fix ORCH_REPO_ROOT and restart the service.";

    public const string MovedDetail = "The repository root is no longer the folder that was set (it, or a folder on its way, was "
        + "replaced by a link, or the stored value was edited): run 'repo-orchestrator repos root <folder>' on the service's machine, "
        + "or fix ORCH_REPO_ROOT and restart the service.";

    private readonly string? _configured = settings.RepoRoot is { } configured ? Real(configured) ?? Path.GetFullPath(configured) : null;
    private volatile StoredRoot? _stored;

    // The last real root RepositoryRootRule accepted. The rule reads only that path and the home's real path, which does
    // not change under a running service (its tokens, state and audit log live there), so a root it accepted is not
    // asked again: one path resolution fewer per request. The root itself is still resolved on every use.
    private volatile string? _accepted;

    /// <summary>
    /// Why ORCH_REPO_ROOT cannot be the root (<see cref="RepositoryRootRule"/>, links resolved), as one line naming the
    /// variable; null when it is not set or acceptable. The service stops at start with it; a command refuses with it.
    /// </summary>
    public string? ConfiguredProblem => _configuredProblem.Value;

    private readonly Lazy<string?> _configuredProblem = new(() =>
        settings.RepoRoot is { } configured && RepositoryRootRule.Refusal(Real(configured) ?? Path.GetFullPath(configured), home.Home) is { } refusal
            ? $"ORCH_REPO_ROOT is invalid: {refusal}"
            : null);

    /// <summary>The root in effect, where it comes from, and the stored one.</summary>
    public RepositoryRootState Current()
    {
        var stored = Stored();
        return _configured is not null
            ? new RepositoryRootState(_configured, RootOrigin.Configuration, stored)
            : new RepositoryRootState(stored, stored is null ? RootOrigin.None : RootOrigin.State, stored);
    }

    /// <summary>The root in effect, or null when none is set. ORCH_REPO_ROOT wins over the stored root.</summary>
    public string? InEffect() => _configured ?? Stored();

    /// <summary>The root for one request: 409 when none is set, or when it vanished or is no longer a folder.</summary>
    public Outcome<string> Require()
    {
        if (InEffect() is not { } root)
        {
            return Problem.Conflict(NotSetDetail);
        }

        // SECURITY: a refused ORCH_REPO_ROOT (the home, or the file system's root) is never served, even by a command.
        if (ConfiguredProblem is { } refused)
        {
            return Problem.Conflict(refused);
        }

        // SECURITY: the root is checked again on every use, not only when it was set: a stored root edited in the state
        // store, or a root folder replaced by a link (to `/`, to the home), is refused before anything is listed under it.
        var real = Real(root, PathContainment.ResolveRealFolder);
        if (real is null)
        {
            return Problem.Conflict(GoneDetail); // SECURITY: fail closed when the root is gone (or replaced by a file)
        }

        if (!string.Equals(real, root, PathContainment.Comparison))
        {
            return Problem.Conflict(MovedDetail); // SECURITY: both roots hold their real path; a difference is a link or an edit
        }

        if (string.Equals(real, _accepted, PathContainment.Comparison))
        {
            return root;
        }

        if (RepositoryRootRule.Refusal(real, home.Home) is { } refusal)
        {
            return Problem.Conflict($"{(_configured is null ? "The root stored with 'repos root'" : "ORCH_REPO_ROOT")} is refused: {refusal}");
        }

        _accepted = real;
        return root;
    }

    /// <summary>
    /// Checks <paramref name="folder"/> (absolute, or relative to <paramref name="workingDirectory"/>) as a root — it
    /// exists, is a folder, is not the file system's root nor the service's home or inside it
    /// (<see cref="RepositoryRootRule"/>) — and stores its real path (links resolved, like ORCH_REPO_ROOT), audited as
    /// SET_REPO_ROOT. 400 for a malformed or refused folder, 404 when it does not exist.
    /// </summary>
    public async Task<Outcome<string>> SetAsync(string? folder, string workingDirectory, string actor)
    {
        if (!Check(folder, workingDirectory).TryGet(out var real, out var problem))
        {
            return problem;
        }

        await AuditedAction.RunAsync(audit, SetOperation, actor, real, () => state.SetSetting(StateKey, real));
        return real;
    }

    /// <summary>Forgets the stored root (audited as CLEAR_REPO_ROOT); ORCH_REPO_ROOT, when set, is not affected.</summary>
    public Task ClearAsync(string actor) =>
        AuditedAction.RunAsync(audit, ClearOperation, actor, Stored() ?? "-", () => state.SetSetting(StateKey, null));

    private Outcome<string> Check(string? folder, string workingDirectory)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            return Problem.BadRequest("Name the folder that holds your repositories: repos root <folder>.");
        }

        // SECURITY: NUL and control characters are refused before the text reaches the file system.
        if (RequestPathText.Refusal(folder) is { } malformed)
        {
            return Problem.BadRequest($"The folder must {malformed}.");
        }

        string full;
        string? real;
        try
        {
            full = Path.GetFullPath(folder.Trim(), workingDirectory);
            real = PathContainment.ResolveRealPath(full);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            return Problem.BadRequest($"The folder '{folder.Trim()}' cannot be resolved (a link loop, or an unreadable folder on the way); name a real folder.");
        }

        if (real is null)
        {
            return Problem.NotFound($"The folder {full} does not exist; create it or name the folder that holds your repositories.");
        }

        if (!Directory.Exists(real))
        {
            return Problem.BadRequest($"{full} is not a folder; name the folder that holds your repositories.");
        }

        // SECURITY: the same rule as ORCH_REPO_ROOT, on the folder the links lead to.
        return RepositoryRootRule.Refusal(real, home.Home) is { } refusal ? Problem.BadRequest(refusal) : real;
    }

    private string? Stored()
    {
        var version = state.DataVersion(); // taken before the read: a change after it moves the version again
        if (_stored is { } cached && cached.Version == version)
        {
            return cached.Path;
        }

        var path = state.GetSetting(StateKey);
        _stored = new StoredRoot(version, path);
        return path;
    }

    /// <summary>The path with its links resolved; null when it does not exist or cannot be resolved (a loop, a malformed value).</summary>
    private static string? Real(string path) => Real(path, PathContainment.ResolveRealPath);

    private static string? Real(string path, Func<string, string?> resolve)
    {
        try
        {
            return Path.IsPathFullyQualified(path) ? resolve(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The stored root as read at one data version of the state store.</summary>
    private sealed record StoredRoot(long Version, string? Path);
}
