using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Repositories;

/// <summary>
/// Which folders under the root may be the active repository: not a dot-folder (`.git`, `.ssh` …), not a denied
/// folder (ORCH_DENIED_DIRS), not inside either, not a git folder or inside one (a folder holding HEAD,
/// objects and refs but no `.git` of its own: a bare repository or a `.git` folder by another name), and not a folder
/// inside another repository's work tree (it is a path of that repository). Selecting
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
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var parent = current;
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

            if (i > 0 && HasWorkTreeGit(parent))
            {
                // SECURITY: a folder inside a repository is part of it, not a repository of its own: read through the
                // subfolder, the allowlist's entries and a token's scope would be judged against the wrong repository
                var enclosing = string.Join('/', parts[..i]);
                return $"Not a repository folder: '{string.Join('/', parts)}' is inside the repository '{enclosing}'; name that repository and read this folder as a path inside it.";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="folder"/> is a repository's work tree (it holds `.git`, a folder or a file).</summary>
    private static bool HasWorkTreeGit(string folder)
    {
        try
        {
            return Path.Exists(Path.Join(folder, ".git"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true; // SECURITY: fail closed when the folder cannot be inspected
        }
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
