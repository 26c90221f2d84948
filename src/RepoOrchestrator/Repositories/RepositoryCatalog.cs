using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Repositories;

/// <summary>
/// The repository list as `/ui/repos`, `list_repos` and `repos list` show it: <see cref="RepositoryService.List"/>
/// with each git repository's HEAD commit time (<see cref="LastCommitTimes"/>). Kept apart from the service, which
/// hosted services use at start, so git and redaction are set up only when a list is asked for.
/// </summary>
public sealed class RepositoryCatalog(RepositoryService repositories, LastCommitTimes lastCommits)
{
    public async Task<Outcome<RepositoryList>> ListAsync(CancellationToken ct)
    {
        if (!repositories.List().TryGet(out var listed, out var problem))
        {
            return problem;
        }

        var (list, folders) = listed;
        var commits = await lastCommits.OfAsync([.. folders.Where(f => f.Length > 0)], ct);
        var repos = list.Repos.Select((repo, i) => repo with { LastCommitAt = folders[i].Length > 0 ? commits.GetValueOrDefault(folders[i]) : null }).ToList();
        return list with { Repos = repos };
    }
}
