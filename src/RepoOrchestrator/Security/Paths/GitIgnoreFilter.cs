namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// The `.gitignore` files in force at one point of a walk, from the repository's own down to the folder being
/// listed, and the walk's match budget. Deeper files decide first (git's precedence); within a file the last
/// matching rule wins; a folder that is ignored is not descended, so nothing below it can be re-included (git's rule).
/// SECURITY: every match is charged to <see cref="Budget"/> steps; once they are spent, `.gitignore` stops hiding
/// anything for the rest of the walk (<see cref="Exhausted"/>): a hostile rule set costs a bounded amount of CPU, and
/// running out can only show more of what the path rules allow, never less protection.
/// </summary>
public sealed class GitIgnoreFilter
{
    /// <summary>About a quarter of a second of matching on a slow core.</summary>
    public const long DefaultBudget = 100_000_000;

    private readonly List<(string Base, GitIgnoreRules Rules)> _levels = [];
    private long _budget;

    public GitIgnoreFilter(long budget = DefaultBudget) => _budget = budget;

    /// <summary>True once the budget ran out: the rest of the walk was not filtered by `.gitignore`.</summary>
    public bool Exhausted => _budget < 0;

    /// <summary>Rules of the folder <paramref name="folder"/> (repository-relative, "" for the root) now apply below it.</summary>
    public void Push(string folder, GitIgnoreRules rules) => _levels.Add((folder, rules));

    /// <summary>The walk left the folder of the last <see cref="Push"/>.</summary>
    public void Pop() => _levels.RemoveAt(_levels.Count - 1);

    /// <summary>Whether the entry at <paramref name="path"/> (repository-relative) is ignored by the rules in force.</summary>
    public bool IsIgnored(string path, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (var i = _levels.Count - 1; i >= 0 && _budget >= 0; i--)
        {
            var (folder, rules) = _levels[i];
            var relative = folder.Length == 0 ? path : path[(folder.Length + 1)..];
            var verdict = rules.Match(relative, relative.LastIndexOf('/') + 1, isDirectory, ref _budget);
            if (verdict is { } ignored)
            {
                return ignored;
            }
        }

        return false;
    }
}
