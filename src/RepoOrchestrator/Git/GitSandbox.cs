namespace RepoOrchestrator.Git;

/// <summary>
/// The environment and global options of every git call, the one place that decides what git may read and run.
/// The repository (its config, included files, attributes, submodules) and the operator's home are written by
/// someone we do not trust, so: git gets an environment of our own (nothing inherited but PATH), reads no system
/// or global configuration, is told its git dir and has no work tree (no discovery, no parent repository, no GIT_DIR
/// from the service's environment), and every configuration key that can start a program or reach the network is
/// overridden on the command line, which beats every config file and every include. Keys named after a driver
/// (`diff.&lt;x&gt;.command`, `diff.&lt;x&gt;.textconv`, `filter.&lt;x&gt;.*`, `merge.&lt;x&gt;.driver`) cannot be
/// overridden by name: callers pass `--no-ext-diff --no-textconv`, and no command the service runs converts between
/// the work tree and the object store, where filters and merge drivers run. docs/SECURITY.md lists every key.
/// </summary>
public static class GitSandbox
{
    /// <summary>Configuration that can run a program, reach the network or recurse into submodules, neutralised.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Overrides =
    [
        new("core.fsmonitor", "false"), // SECURITY: fsmonitor is a program run on index refresh
        new("core.hooksPath", "/dev/null"), // SECURITY: no hook can run
        new("core.pager", "cat"), // SECURITY: the pager is a shell command (also --no-pager)
        new("core.editor", "false"),
        new("sequence.editor", "false"),
        new("core.sshCommand", "false"), // SECURITY: transports run programs; protocol.allow=never refuses them anyway
        new("core.gitProxy", "false"),
        new("core.askPass", "false"),
        new("credential.helper", ""), // an empty value resets the helper list
        new("protocol.allow", "never"), // SECURITY: no transport at all (lazy fetch of a partial clone, ext::, ssh, http)
        new("diff.external", ""), // SECURITY: also --no-ext-diff on every diff
        new("diff.submodule", "short"), // SECURITY: never start a child git inside a submodule (its own config could run anything)
        new("submodule.recurse", "false"),
        new("status.submoduleSummary", "false"),
        new("fetch.recurseSubmodules", "false"),
        new("log.showSignature", "false"), // SECURITY: signature checks run gpg.program
        new("gpg.program", "false"),
        new("gpg.openpgp.program", "false"),
        new("gpg.x509.program", "false"),
        new("gpg.ssh.program", "false"),
        new("gpg.ssh.defaultKeyCommand", "false"),
        new("core.untrackedCache", "false"),
        new("gc.auto", "0"), // SECURITY: no background gc or maintenance (they write, and run hooks)
        new("maintenance.auto", "false"),
        new("core.alternateRefsCommand", "false"),
        new("core.useReplaceRefs", "false"), // SECURITY: refs/replace could show a refused file's blob under an allowed name
        new("core.bare", "true"), // SECURITY: no work tree: git never reads, refreshes or filters work-tree files
        // SECURITY: files the repository's config may name outside it, which git reads whole (/dev/zero held a git child
        // reading until the timeout killed it, a FIFO stalled it, and a mailmap file outside fed its lines into authors)
        new("diff.orderFile", "/dev/null"),
        new("core.attributesFile", "/dev/null"),
        new("core.excludesFile", "/dev/null"),
        new("mailmap.file", "/dev/null"),
        new("blame.ignoreRevsFile", ""), // empties the list of files given on the command line; git 2.39 still reads one the repository names (SECURITY.md)
        new("diff.suppressBlankEmpty", "false"), // SECURITY: every hunk line keeps its prefix (Diff/PatchLines reads them)
        // SECURITY: git log and blame re-encode their whole output (separators and headers too) to this encoding: UTF-7
        // made /git/log answer no commits and /git/blame "(unknown)" authors. The service reads UTF-8 only.
        new("i18n.logOutputEncoding", "UTF-8"),
    ];

    /// <summary>
    /// Global options placed before every subcommand: no pager, no locks, the git dir given explicitly as the working
    /// directory (<see cref="PinnedGitDir"/>) so there is no discovery and no work tree, and the overrides.
    /// </summary>
    public static IReadOnlyList<string> GlobalOptions(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var options = new List<string>(6 + (2 * Overrides.Count))
        {
            "--no-pager",
            "--no-optional-locks",
            "--git-dir=.", // SECURITY: exactly the pinned git dir (the process's working directory); no discovery
            "-c", "safe.directory=" + repository, // the service may run as another user than the repository's owner
        };
        foreach (var (key, value) in Overrides)
        {
            options.Add("-c");
            options.Add(key + "=" + value);
        }

        return options;
    }

    /// <summary>
    /// The whole environment of a git process. Nothing else of the service's environment is passed: GIT_DIR,
    /// GIT_CONFIG_PARAMETERS, GIT_EXTERNAL_DIFF, GIT_ALTERNATE_OBJECT_DIRECTORIES or a HOME with a hostile
    /// .gitconfig never reach git.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment(Func<string, string?> inherited)
    {
        ArgumentNullException.ThrowIfNull(inherited);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = "/dev/null", // SECURITY: no ~/.gitconfig, ~/.config/git: nothing can be created below /dev/null
            ["XDG_CONFIG_HOME"] = "/dev/null",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null", // SECURITY: no global configuration
            ["GIT_CONFIG_NOSYSTEM"] = "1", // SECURITY: no system configuration
            ["GIT_ATTR_NOSYSTEM"] = "1",
            ["GIT_NO_LAZY_FETCH"] = "1", // SECURITY: a partial clone never fetches a missing object
            ["GIT_ALLOW_PROTOCOL"] = "", // SECURITY: no transport at all, whatever protocol.<name>.allow the repository sets
            ["GIT_NO_REPLACE_OBJECTS"] = "1", // SECURITY: refs/replace never substitutes an object
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_OPTIONAL_LOCKS"] = "0",
            ["GIT_PAGER"] = "cat",
            ["PAGER"] = "cat",
            ["LC_ALL"] = "C", // git's messages in one language, so the service can classify them
        };

        // PATH to find git's own helpers; on Windows a process cannot start without these.
        foreach (var name in (string[])["PATH", "SYSTEMROOT", "WINDIR", "TEMP", "TMP"])
        {
            if (inherited(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        return environment;
    }
}
