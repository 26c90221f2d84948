using Microsoft.Extensions.Options;

namespace RepoOrchestrator.Configuration;

/// <summary>
/// Start-up checks beyond parsing, so the service (and every command) fails closed with one clear line naming the
/// variable and the fix instead of starting and then failing every request: the repository root exists when one is set, the default home is private, a named home is this user's and not writable by others (nor a folder above either), so is the folder of each file that may be named outside it, the home
/// is writable (the audit log's folder too, checked by the service at start: <see cref="AuditFolderProblem"/>), the audit path is not a folder, the snapshot folder is not a file or a
/// link, and a configured redaction rules file exists.
/// Tokens are checked by their owner, <c>Security/Authentication/TokenOptionsValidator</c>.
/// </summary>
public sealed class OrchestratorOptionsValidator : IValidateOptions<OrchestratorOptions>
{
    public ValidateOptionsResult Validate(string? name, OrchestratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failure = RootProblem(options)
            ?? DefaultHomeProblem(options)
            ?? WritableProblem("ORCH_HOME", options.Home)
            ?? NamedHomeProblem(options)
            ?? AuditPathProblem(options)
            ?? SnapshotFolderProblem(options)
            ?? KeptFileFolderProblem(options)
            ?? RedactionRulesProblem(options);
        return failure is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failure);
    }

    // No ORCH_REPO_ROOT is not a failure: the service starts and answers reads with 409 until a root is set.
    // The folder the root may not be (the file system's root, the home or inside it) is checked with links resolved by
    // Repositories/RepositoryRoot: at start (Hosting/HomeStartupCheck) and, for every command, on use.
    private static string? RootProblem(OrchestratorOptions options) => options.RepoRoot is null || Directory.Exists(options.RepoRoot)
        ? null
        : $"ORCH_REPO_ROOT is invalid: the folder {options.RepoRoot} does not exist; set it to the folder that holds your repositories.";

    /// <summary>The default home (the per-user state folder) is the service's own: created 0700, and tightened to 0700 when looser.</summary>
    private static string? DefaultHomeProblem(OrchestratorOptions options)
    {
        if (!options.HomeIsDefault || OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            HomeFiles.CreateFolder(options.Home);
            var folder = new DirectoryInfo(options.Home);
            // SECURITY: the default home is never a link (its tokens and audit log would live wherever it points).
            if (folder.LinkTarget is not null)
            {
                return $"ORCH_HOME is invalid: the default home {options.Home} is a link; remove it or set ORCH_HOME to a real folder.";
            }

            // SECURITY: the default home is this user's own, in folders no other user may write (checked before any chmod:
            // root could chmod another user's folder and then keep its tokens where that user can swap them).
            if (FolderOwnership.Problem(options.Home) is { } notPrivate)
            {
                return $"ORCH_HOME is invalid: the default home {options.Home} {notPrivate}; set ORCH_HOME to a folder this user owns.";
            }

            if ((folder.UnixFileMode & ~HomeFiles.FolderMode) != 0)
            {
                folder.UnixFileMode = HomeFiles.FolderMode; // SECURITY: the per-user state folder holds the tokens: 0700
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"ORCH_HOME is invalid: the default home {options.Home} cannot be created or made private (0700); set ORCH_HOME to a folder this user owns.";
        }
    }

    /// <summary>A home named with ORCH_HOME keeps its mode, but is refused when another user owns it or may write it.</summary>
    private static string? NamedHomeProblem(OrchestratorOptions options)
    {
        if (options.HomeIsDefault)
        {
            return null; // checked, with the folders above it, by DefaultHomeProblem
        }

        try
        {
            // SECURITY: a home another user owns or may write is not private: they could swap the tokens, state store or audit log.
            return FolderOwnership.NamedHomeProblem(options.Home) is { } problem
                ? $"ORCH_HOME is invalid: the folder {options.Home} {problem}; make it this user's own and writable only by it (chmod 700), or point ORCH_HOME at such a folder."
                : null;
        }
        catch (IOException)
        {
            return $"ORCH_HOME is invalid: the folder {options.Home} cannot be checked; point it at a folder this user owns.";
        }
    }

    /// <summary>
    /// The files that may be named outside the home (token files, allowlist, audit log, redaction rules) are held to the
    /// home's rule: their folder, and every folder above it, is this user's and no other user may write it (they could swap
    /// the file; a rules file's [allowlist] un-redacts the built-in rules too).
    /// </summary>
    private static string? KeptFileFolderProblem(OrchestratorOptions options)
    {
        (string Variable, string Path, bool Used)[] kept =
        [
            ("ORCH_TOKEN_FILE", options.TokenFile, options.Token is null),
            ("ORCH_ACTIONS_TOKEN_FILE", options.ActionsTokenFile, options.ActionsToken is null),
            ("ORCH_ALLOWLIST_PATH", options.AllowlistPath, true),
            ("ORCH_AUDIT_LOG_PATH", options.AuditLogPath, true),
            ("ORCH_REDACTION_RULES", options.RedactionRulesPath ?? "", options.RedactionRulesPath is not null),
        ];
        foreach (var (variable, path, used) in kept)
        {
            try
            {
                // SECURITY: whoever may write the folder of a token file, the allowlist, the audit log or the rules can put their own there.
                if (used && path.Length > 0 && FolderOwnership.FileFolderProblem(path) is { } problem)
                {
                    return $"{variable} is invalid: the folder {problem}; keep the file in a folder only this user may write (the home is one).";
                }
            }
            catch (IOException)
            {
                return $"{variable} is invalid: the folder of {path} cannot be checked; keep the file in a folder this user owns.";
            }
        }

        return null;
    }

    private static string? WritableProblem(string variable, string folder)
    {
        try
        {
            HomeFiles.CreateFolder(folder);
            var probe = Path.Combine(folder, $".orch_write_probe_{Environment.ProcessId}");
#pragma warning disable RS0030 // owner: a writability probe of a home folder, with HomeFiles' private modes
            using (new FileStream(probe, HomeFiles.Options(FileMode.Create, FileAccess.Write, FileShare.None)))
#pragma warning restore RS0030
            {
            }

            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{variable} is invalid: the folder {folder} is not writable; point it at a folder this user can write.";
        }
    }

    private static string? AuditPathProblem(OrchestratorOptions options) => Directory.Exists(options.AuditLogPath)
        ? $"ORCH_AUDIT_LOG_PATH is invalid: {options.AuditLogPath} is a folder; point it at a file (the default is logs/orchestrator_audit.log under ORCH_HOME)."
        : null;

    /// <summary>
    /// The audit log's folder must be writable for the service to serve anything; checked when the service starts,
    /// not for every command, so `audit verify` can check a read-only copy.
    /// </summary>
    public static string? AuditFolderProblem(OrchestratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = Path.GetDirectoryName(options.AuditLogPath)!;
        return WritableProblem("ORCH_AUDIT_LOG_PATH", folder) is null
            ? null
            : $"ORCH_AUDIT_LOG_PATH is invalid: its folder {folder} is not writable (read-only?); make it writable for this user or point ORCH_AUDIT_LOG_PATH elsewhere.";
    }

    private static string? SnapshotFolderProblem(OrchestratorOptions options)
    {
        var folder = new DirectoryInfo(options.SnapshotDirectory);
        // SECURITY: unredacted copies are never written through a link, nor is a file taken for the folder.
        if (folder.LinkTarget is not null || File.Exists(options.SnapshotDirectory))
        {
            var what = folder.LinkTarget is not null ? "a link" : "a file";
            return $"ORCH_HOME is invalid: {options.SnapshotDirectory} is {what}, not a folder; remove it (the service creates the snapshot folder itself).";
        }

        return null;
    }

    private static string? RedactionRulesProblem(OrchestratorOptions options) =>
        options.RedactionRulesPath is { } rules && !File.Exists(rules)
            ? $"ORCH_REDACTION_RULES is invalid: the file {rules} does not exist; create it or unset ORCH_REDACTION_RULES."
            : null;
}
