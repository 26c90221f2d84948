using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Repositories;

/// <summary>
/// Which folders under the root may be the active repository: not a dot-folder (`.git`, `.ssh` …), not a denied
/// folder (ORCH_DENIED_DIRS), not inside either, and not a git folder or inside one (a folder holding HEAD,
/// objects and refs but no `.git` of its own: a bare repository or a `.git` folder by another name). Selecting
/// one would serve the very files the read rules hide (`/file?path=config` would answer `.git/config`). One
/// check for every way in (select, open, vitaminize, `repos select`, MCP `select_repo`) and again for every read
/// (an active repository stored by an older version is not served).
/// </summary>
internal static class SelectableFolder
{
    /// <summary>Why <paramref name="real"/> (a real folder strictly under <paramref name="root"/>) cannot be selected, or null when it can.</summary>
    public static string? Refusal(PathPolicy policy, string root, string real)
    {
        var parts = Path.GetRelativePath(root, real).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        foreach (var part in parts)
        {
            current = Path.Join(current, part);
            if (PathRules.IsHidden(part)) // SECURITY: .git, .ssh and every dot-folder stay unreadable
            {
                return $"Not a repository folder: '{part}' is a dot-folder, whose files are never served; select the repository folder itself (the one that holds .git).";
            }

            if (policy.DeniedDirs.Contains(part)) // SECURITY: denied folders (ORCH_DENIED_DIRS) stay unreadable
            {
                return $"Not a repository folder: '{part}' is a denied folder (ORCH_DENIED_DIRS); select a repository folder with no denied folder in its path.";
            }

            if (PathRules.IsMalformed(part) || PathRules.IsDeviceName(part))
            {
                return $"Not a repository folder: '{part}' is not an acceptable folder name; select a repository folder with a plain name.";
            }

            if (IsGitDir(current)) // SECURITY: a git folder by another name (bare repository, renamed .git)
            {
                return $"Not a repository folder: '{part}' is a git folder (HEAD, objects and refs without a work tree); select the repository folder that holds it.";
            }
        }

        return null;
    }

    /// <summary>HEAD, objects/ and refs/ side by side, and no `.git` of its own (a work tree would have one).</summary>
    private static bool IsGitDir(string folder)
    {
        try
        {
            return File.Exists(Path.Join(folder, "HEAD"))
                && Directory.Exists(Path.Join(folder, "objects"))
                && Directory.Exists(Path.Join(folder, "refs"))
                && !Path.Exists(Path.Join(folder, ".git"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true; // SECURITY: fail closed when the folder cannot be inspected
        }
    }
}
