namespace RepoOrchestrator.Allowlist;

/// <summary>
/// The allowlist match, the only one: an exact file entry, or anything below a folder entry (`.` allows all).
/// Holds the entries of one request, read once, so a walk over thousands of files does not re-read the file.
/// </summary>
public sealed class AllowlistFilter(IReadOnlyList<AllowlistEntry> entries)
{
    /// <summary>The filter when ORCH_ALLOWLIST_REQUIRE is on, else null (everything the walker yields is allowed).</summary>
    public static AllowlistFilter? For(bool required, AllowlistStore store, string repo)
    {
        ArgumentNullException.ThrowIfNull(store);
        return required ? store.Filter(repo) : null;
    }

    /// <summary>True when <paramref name="relativePath"/> ('/' separated, normalised by the path guard) is allowlisted.</summary>
    public bool Allows(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        foreach (var entry in entries)
        {
            if (entry.Path == "." || string.Equals(entry.Path, relativePath, StringComparison.Ordinal)
                || (entry.Type == "dir" && relativePath.StartsWith(entry.Path + "/", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
