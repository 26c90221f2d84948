namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// Whole-component path comparison and symlink resolution, the primitives under every containment check.
/// `/repos/app-evil` is never inside `/repos/app`: comparison is by components, never by string prefix.
/// </summary>
public static class PathContainment
{
    private const int MaxLinkHops = 40;

    /// <summary>Ordinal on Linux; case-insensitive only where the file system is (Windows, macOS).</summary>
    public static StringComparison Comparison { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>True when <paramref name="candidate"/> is <paramref name="root"/> or lies below it (both absolute, normalised).</summary>
    public static bool IsWithinOrEqual(string root, string candidate)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(candidate);
        var r = Path.TrimEndingDirectorySeparator(root);
        var c = Path.TrimEndingDirectorySeparator(candidate);
        if (string.Equals(r, c, Comparison))
        {
            return true;
        }

        // SECURITY: whole-component containment: the character after the root must be a separator.
        var rootWithSeparator = r.EndsWith(Path.DirectorySeparatorChar) ? r : r + Path.DirectorySeparatorChar;
        return c.StartsWith(rootWithSeparator, Comparison);
    }

    /// <summary>True when <paramref name="candidate"/> lies strictly below <paramref name="root"/>.</summary>
    public static bool IsStrictlyWithin(string root, string candidate) =>
        IsWithinOrEqual(root, candidate)
        && !string.Equals(Path.TrimEndingDirectorySeparator(root), Path.TrimEndingDirectorySeparator(candidate), Comparison);

    /// <summary>
    /// Resolves every symbolic link at every component of an absolute path (like realpath(3)). Returns null
    /// when a component does not exist (including a dangling link). Throws <see cref="IOException"/> on a
    /// link loop; callers treat that, like every error other than "not found", as a refusal.
    /// </summary>
    public static string? ResolveRealPath(string path) => Resolve(path, folderOnly: false);

    /// <summary>
    /// <see cref="ResolveRealPath"/> of a path that must lead to a folder: null also when it leads to anything else. On
    /// Linux one open (O_PATH | O_DIRECTORY) answers both, where a resolution and then a stat cost two path walks.
    /// </summary>
    public static string? ResolveRealFolder(string path) => Resolve(path, folderOnly: true);

    private static string? Resolve(string path, bool folderOnly)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsLinux() && LinuxFileStatus.CanonicalPath(full, folderOnly) is { } canonical)
        {
            return canonical; // the kernel resolved every component in one walk; anything unusual takes the walk below
        }

        return ResolveByWalk(full) is { } real && (!folderOnly || Directory.Exists(real)) ? real : null;
    }

    /// <summary><see cref="ResolveRealPath"/> without the kernel's shortcut: one component at a time, portable.</summary>
    internal static string? ResolveByWalk(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var pending = new Stack<string>(Components(full[root.Length..]).Reverse());
        var current = root;
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Join(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is not null)
            {
                if (++hops > MaxLinkHops)
                {
                    throw new IOException("Too many levels of symbolic links.");
                }

                // Push the link's components in front of what is left; an absolute target restarts at its root.
                var targetRoot = Path.IsPathRooted(target) ? Path.GetPathRoot(target)! : null;
                var rest = targetRoot is null ? target : target[targetRoot.Length..];
                foreach (var component in Components(rest).Reverse())
                {
                    pending.Push(component);
                }

                if (targetRoot is not null)
                {
                    current = targetRoot;
                }

                continue;
            }

            if (!Path.Exists(next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>
    /// <see cref="ResolveRealPath"/> of <paramref name="realFolder"/>/<paramref name="name"/> when
    /// <paramref name="realFolder"/> is already a real path (no links, every component exists): only the new
    /// component needs resolving, so a walk down N components costs N checks instead of N² (a link there is
    /// resolved in full, exactly as by <see cref="ResolveRealPath"/>). <paramref name="name"/> is one component.
    /// </summary>
    public static string? ResolveChild(string realFolder, string name)
    {
        ArgumentNullException.ThrowIfNull(realFolder);
        ArgumentNullException.ThrowIfNull(name);
        var next = Path.Join(realFolder, name);
        if (new FileInfo(next).LinkTarget is not null)
        {
            return ResolveRealPath(next);
        }

        return Path.Exists(next) ? next : null;
    }

    /// <summary>
    /// <paramref name="realFolder"/> joined with the components <paramref name="parts"/> when no component on the
    /// way is a link and all exist (the kernel's canonical path is the joined path itself), so every prefix is
    /// plainly inside <paramref name="realFolder"/>; otherwise null, and the caller walks component by component.
    /// </summary>
    public static string? JoinIfNoLinks(string realFolder, IReadOnlyList<string> parts)
    {
        ArgumentNullException.ThrowIfNull(realFolder);
        ArgumentNullException.ThrowIfNull(parts);
        if (!OperatingSystem.IsLinux() || parts.Count == 0)
        {
            return null;
        }

        var joined = Path.Join(realFolder, string.Join('/', parts));
        return string.Equals(LinuxFileStatus.CanonicalPath(joined), joined, StringComparison.Ordinal) ? joined : null;
    }

    private static IEnumerable<string> Components(string relative) =>
        relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
