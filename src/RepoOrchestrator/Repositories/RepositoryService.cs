using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.State;

namespace RepoOrchestrator.Repositories;

/// <summary>
/// The repositories under the root (<see cref="RepositoryRoot"/>: ORCH_REPO_ROOT, or the one stored with `repos root`)
/// and which one is active. The active repository is kept in the state store so it survives restarts and is shared
/// with the command-line tool. Each operation takes the root once, so a root changed meanwhile cannot mix two roots
/// in one containment or scope decision; without a root every operation answers 409 saying how to set one.
/// </summary>
public sealed class RepositoryService(RepositoryRoot roots, PathPolicy policy, StateStore state, TimeProvider time, AuditLog audit)
{
    public const string ActiveRepoKey = "active_repo";
    public const string OutsideRootDetail = "Repo outside the allowed root";
    public const string NotFoundDetail = "Repo not found";
    public const string NoActiveDetail = "No active repository: select one with POST /ui/repos/select";

    private volatile ActiveSetting? _active;

    /// <summary>The failures of <see cref="List"/>: 409 while no root is set.</summary>
    public static readonly ExpectedProblems ListFailures = new([StatusCodes.Status409Conflict]);

    /// <summary>The root in effect and where it comes from (<see cref="RepositoryRoot.Current"/>).</summary>
    public RepositoryRootState RootState() => roots.Current();

    /// <summary>
    /// The repositories under the root that the caller's token may read (<see cref="CallerScope"/>), in natural order,
    /// each with whether it has a git folder, and their real paths; 409 without a root. <see cref="RepositoryCatalog"/>
    /// adds the commit times.
    /// </summary>
    public Outcome<(RepositoryList List, IReadOnlyList<string> Folders)> List()
    {
        if (!roots.Require().TryGet(out var root, out var problem))
        {
            return problem;
        }

        var scope = CallerScope.Current;
        var folders = Directory.EnumerateDirectories(root)
            .Select(dir => new DirectoryInfo(dir))
            .Where(d => !d.Name.StartsWith('.') && scope.Allows(d.Name)) // SECURITY: a scoped token sees only its repositories
            .OrderBy(d => d.Name, NaturalOrder.Instance)
            .ToList();
        var repos = folders
            .Select(d => new RepositoryEntry(d.Name, PathMasking.Mask(d.FullName)) { IsGit = Path.Exists(Path.Join(d.FullName, ".git")) })
            .ToList();
        var active = ActivePath();
        // SECURITY: git runs only in real folders under the root, never through a link.
        var real = folders.Select(d => d.LinkTarget is null ? d.FullName : "").ToList();
        return (new RepositoryList(PathMasking.Mask(root), active is null ? null : PathMasking.Mask(active), repos), real);
    }

    /// <summary>
    /// The stored active repository path, or null when none was selected. Read from the state store only when
    /// the store changed since the last read (its data version moves on every commit, including a
    /// `repos select` by the command-line tool), so a read request costs no query.
    /// </summary>
    public string? ActivePath()
    {
        var version = state.DataVersion(); // taken before the read: a change after it moves the version again
        if (_active is { } cached && cached.Version == version)
        {
            return cached.Path;
        }

        var path = state.GetSetting(ActiveRepoKey);
        _active = new ActiveSetting(version, path);
        return path;
    }

    /// <summary>A repository's name as scopes match it: its path relative to the root in effect, `/`-separated.</summary>
    public string NameOf(string repository) =>
        roots.InEffect() is { } root ? NameOf(root, repository) : Path.GetFileName(repository);

    private static string NameOf(string root, string repository) => Path.GetRelativePath(root, repository).Replace('\\', '/');

    /// <summary>
    /// The active repository for a read by the current caller (<see cref="Active"/>), 403 when the caller's token is
    /// scoped to other repositories.
    /// </summary>
    public Outcome<string> ActiveForCaller()
    {
        if (!roots.Require().TryGet(out var root, out var problem))
        {
            return problem;
        }

        return Active(root).TryGet(out var repo, out problem) ? InCallerScope(root, repo) : problem;
    }

    /// <summary>
    /// The repository a read asked for by name (the `repo` parameter): a name relative to the root, never a path that
    /// climbs or starts elsewhere; resolved like a selection (<see cref="Resolve"/>: containment, links, the selection
    /// rules) and held to the caller's scope. 400 for a malformed name, 404 for none, 403 out of scope.
    /// </summary>
    public Outcome<string> ForRead(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // SECURITY: a name, not a path: no absolute path, no '..', no backslash, no NUL or control character.
        if (RequestPathText.Refusal(name) is not null || name.Length > RequestedRepository.MaxLength || Path.IsPathRooted(name)
            || name.Contains('\\', StringComparison.Ordinal) || name.Split('/').Any(part => part is "" or "." or ".."))
        {
            return Problem.BadRequest($"Parameter '{RequestedRepository.Parameter}' must be the name of a repository under the root, "
                + "as list_repos shows it (e.g. 'app' or 'team/api'), not a path.");
        }

        if (!roots.Require().TryGet(out var root, out var noRoot))
        {
            return noRoot;
        }

        var resolved = Resolve(root, name);
        return resolved.Problem is { Status: StatusCodes.Status404NotFound }
            ? Problem.NotFound($"Parameter '{RequestedRepository.Parameter}': no repository '{name}' under the root.")
            : resolved;
    }

    // SECURITY: the one check of a token's repository scope, for reads, selection, opening and the kit.
    private static Outcome<string> InCallerScope(string root, string repository) =>
        CallerScope.Current.Allows(NameOf(root, repository)) ? repository : Problem.Forbidden(CallerScope.OutOfScopeDetail(NameOf(root, repository)));

    /// <summary>
    /// The active repository for a read: its real path, re-checked against the root every time (the folder
    /// may have been replaced by a link since it was selected). 409 when none is usable or no root is set.
    /// </summary>
    public Outcome<string> Active() => roots.Require().TryGet(out var root, out var problem) ? Active(root) : problem;

    private Outcome<string> Active(string root)
    {
        if (ActivePath() is not { } stored)
        {
            return Problem.Conflict(NoActiveDetail);
        }

        string? real;
        try
        {
            real = PathContainment.ResolveRealFolder(stored);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            real = null;
        }

        // SECURITY: fail closed when the active folder vanished, is no longer a folder or now resolves outside the root.
        if (real is null || !PathContainment.IsStrictlyWithin(root, real))
        {
            return Problem.Conflict("The active repository is no longer available: select one with POST /ui/repos/select");
        }

        // SECURITY: a stored selection that breaks the selection rule (written by an older version) is not served.
        if (SelectableFolder.Refusal(policy, root, real) is { } refusal)
        {
            return Problem.Conflict($"The active repository is not served. {refusal} Use POST /ui/repos/select.");
        }

        return real;
    }

    /// <summary>
    /// Whether an active repository is selected and, when it is, its real path if it can be read right now
    /// (null otherwise: service status DEGRADED). One resolution and one probe, for status and allowlist views.
    /// </summary>
    public ActiveRepositoryState ActiveState()
    {
        if (ActivePath() is null)
        {
            return new ActiveRepositoryState(Selected: false, Readable: null);
        }

        if (!Active().TryGet(out var real, out _))
        {
            return new ActiveRepositoryState(Selected: true, Readable: null);
        }

        try
        {
            using var probe = Directory.EnumerateFileSystemEntries(real).GetEnumerator();
            probe.MoveNext();
            return new ActiveRepositoryState(Selected: true, Readable: real);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ActiveRepositoryState(Selected: true, Readable: null);
        }
    }

    /// <summary>The failures of <see cref="Resolve"/> and <see cref="SelectAsync"/>, declared once for the OpenAPI document.</summary>
    public static readonly ExpectedProblems ResolveFailures = new(
        [StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict]);

    /// <summary>
    /// Turns a path given by an operator (absolute, or relative to the root) into a repository folder under
    /// the root: 400 when it lies outside the root (checked before existence, so nothing outside is probed),
    /// 404 when it does not exist, 400 when it is a dot-, denied or git folder or lies inside one
    /// (<see cref="SelectableFolder"/>); 409 when no root is set.
    /// </summary>
    public Outcome<string> Resolve(string? path) =>
        roots.Require().TryGet(out var root, out var problem) ? Resolve(root, path) : problem;

    private Outcome<string> Resolve(string root, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Problem.BadRequest("Query parameter 'path' is required: a repository folder, absolute or relative to the root.");
        }

        // SECURITY: NUL, control characters and overlong paths are refused before the path is joined to the root.
        if (RequestPathText.Refusal(path) is { } malformed)
        {
            return Problem.BadRequest($"Query parameter 'path' must {malformed}: name a repository folder, absolute or relative to the root.");
        }

        string lexical;
        try
        {
            lexical = Path.GetFullPath(path.Trim(), root);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return Problem.BadRequest(OutsideRootDetail);
        }

        // SECURITY: whole-component containment, lexically first and again after resolving links.
        if (!PathContainment.IsStrictlyWithin(root, lexical))
        {
            return Problem.BadRequest(OutsideRootDetail);
        }

        string? real;
        try
        {
            real = PathContainment.ResolveRealPath(lexical);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Problem.BadRequest(OutsideRootDetail);
        }

        if (real is null || !Directory.Exists(real))
        {
            return Problem.NotFound(NotFoundDetail);
        }

        if (!PathContainment.IsStrictlyWithin(root, real))
        {
            return Problem.BadRequest(OutsideRootDetail);
        }

        // SECURITY: no dot-, denied or git folder as a repository, as named and as resolved.
        if ((SelectableFolder.Refusal(policy, root, lexical) ?? SelectableFolder.Refusal(policy, root, real)) is { } refusal)
        {
            return Problem.BadRequest(refusal);
        }

        return InCallerScope(root, real);
    }

    /// <summary>
    /// Selects a repository for every caller (HTTP, MCP, command line): resolves it under the root, activates it,
    /// then audits <paramref name="operation"/> (a failed activation is audited as `&lt;operation&gt;_FAILED`).
    /// Returns the resolved path.
    /// </summary>
    public async Task<Outcome<string>> SelectAsync(string? path, string actor, string operation = "SELECT")
    {
        if (!Resolve(path).TryGet(out var repo, out var problem))
        {
            return problem;
        }

        await AuditedAction.RunAsync(audit, operation, actor, repo, () => Activate(repo));
        return repo;
    }

    /// <summary>Makes <paramref name="repoPath"/> (already resolved) the active repository and records it in the registry.</summary>
    public void Activate(string repoPath)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        state.Write((c, tx) =>
        {
            StateStore.SetSetting(c, tx, ActiveRepoKey, repoPath);
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO repositories(path, name, last_selected_ms) VALUES($path, $name, $ms)
                ON CONFLICT(path) DO UPDATE SET last_selected_ms = excluded.last_selected_ms
                """;
            cmd.Parameters.AddWithValue("$path", repoPath);
            cmd.Parameters.AddWithValue("$name", Path.GetFileName(repoPath));
            cmd.Parameters.AddWithValue("$ms", now);
            cmd.ExecuteNonQuery();
        });
    }

    /// <summary>The active repository setting as read at one data version of the state store.</summary>
    private sealed record ActiveSetting(long Version, string? Path);
}
