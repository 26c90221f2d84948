using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Search;

/// <summary>
/// A search's `glob` and `exclude_glob`: a file is searched when it matches one include (or there are none) and no
/// exclude. A glob without '/' matches the file name at any depth (`*.cs`), one with '/' the whole path.
/// SECURITY: each match costs at most states × length (<see cref="PathGlob.Cost"/>) and is charged to the request's
/// <see cref="MaxSteps"/>; once spent, the filter selects nothing more (<see cref="Exhausted"/>) and the search ends as
/// partial, so hostile globs over a huge tree cost a bounded amount of CPU and never widen the filter.
/// </summary>
internal sealed class GlobFilter(IReadOnlyList<PathGlob> include, IReadOnlyList<PathGlob> exclude)
{
    public const long MaxSteps = 200_000_000;

    private long _steps = MaxSteps;

    public bool Exhausted => _steps < 0;

    public bool Allows(string path)
    {
        if (Exhausted)
        {
            return false;
        }

        var included = include.Count == 0 || include.Any(g => Matches(g, path));
        return included && !exclude.Any(g => Matches(g, path)) && !Exhausted;
    }

    private bool Matches(PathGlob glob, string path)
    {
        var subject = glob.Pattern.Contains('/', StringComparison.Ordinal) ? path.AsSpan() : path.AsSpan(path.LastIndexOf('/') + 1);
        _steps -= glob.Cost(subject.Length);
        return !Exhausted && glob.IsMatch(subject);
    }
}
