using System.Collections.Frozen;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// The name rules every path component must pass, shared by <see cref="PathGuard"/> and the repository walker
/// so that what tree and search list is exactly what /file may serve.
/// </summary>
public static class PathRules
{
    /// <summary>Windows reserved device names (also refused on Linux: the same repository may be served from Windows).</summary>
    private static readonly FrozenSet<string> DeviceNames = new[]
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True for CON, nul.txt, Com1.tar.gz, "AUX " …: the stem before the first dot, trailing spaces ignored, any case.</summary>
    public static bool IsDeviceName(string component)
    {
        ArgumentNullException.ThrowIfNull(component);
        var dot = component.IndexOf('.', StringComparison.Ordinal);
        var stem = (dot >= 0 ? component[..dot] : component).TrimEnd(' ');
        return DeviceNames.Contains(stem);
    }

    /// <summary>
    /// Names that mean something else to some file system or tool: empty, `.`/`..`, control characters, `:`
    /// (Windows drive letters and alternate data streams), `\`, and a trailing dot or space (Windows drops them,
    /// so `key.pem.` would open `key.pem`).
    /// </summary>
    public static bool IsMalformed(string component)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (component.Length == 0 || component is "." or ".." || component.EndsWith('.') || component.EndsWith(' '))
        {
            return true;
        }

        foreach (var c in component)
        {
            if (char.IsControl(c) || c is ':' or '\\')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Dot-files and dot-folders (.env, .npmrc, .git, .ssh, .github …) are never listed, searched or served.</summary>
    public static bool IsHidden(string component) => component is { Length: > 0 } && component[0] == '.';

    /// <summary>
    /// True when a component may appear in a served path. <paramref name="isFile"/> marks the last component of
    /// a file path: it is checked against the denied extensions instead of the denied folders.
    /// </summary>
    public static bool IsAllowedComponent(PathPolicy policy, string component, bool isFile)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (IsMalformed(component) || IsDeviceName(component) || IsHidden(component)) // SECURITY: refuse aliasing, device and dot names
        {
            return false;
        }

        return isFile
            ? !policy.DeniedExtensions.Contains(Path.GetExtension(component)) // SECURITY: denied extensions, any case
            : !policy.DeniedDirs.Contains(component); // SECURITY: denied folders, any case
    }

    /// <summary>Checks every component of a '/'-separated relative path; the last one is a file when <paramref name="isFile"/>.</summary>
    public static bool IsAllowedRelativePath(PathPolicy policy, string relative, bool isFile)
    {
        ArgumentNullException.ThrowIfNull(relative);
        if (relative.Length == 0)
        {
            return !isFile;
        }

        var parts = relative.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (!IsAllowedComponent(policy, parts[i], isFile && i == parts.Length - 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when tree and search list a file of this name (its extension is allowed and not denied).</summary>
    public static bool IsListedExtension(PathPolicy policy, string fileName)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var extension = Path.GetExtension(fileName);
        return policy.AllowedExtensions.Contains(extension) && !policy.DeniedExtensions.Contains(extension);
    }
}
