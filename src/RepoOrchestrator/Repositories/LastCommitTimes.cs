using System.Collections.Concurrent;
using System.Globalization;
using RepoOrchestrator.Git;

namespace RepoOrchestrator.Repositories;

/// <summary>
/// When each repository's HEAD was committed, for the repository list. One sandboxed `git log -1` per repository
/// (<see cref="GitRunner"/>: a repository whose git folder is refused gets none), remembered until HEAD, its reflog,
/// packed-refs or the branch folder changes (their size and modification time), so listing again costs a few stat calls.
/// At most four repositories are asked at once; a repository git cannot read, or without a commit, has none.
/// </summary>
public sealed class LastCommitTimes(GitRunner git)
{
    private const int Parallelism = 4;
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, (string Stamp, DateTimeOffset? At)> _known = new(StringComparer.Ordinal);

    /// <summary>The commit time of HEAD in each of <paramref name="repositories"/> (real paths), null where there is none.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset?>> OfAsync(IReadOnlyList<string> repositories, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        var found = new ConcurrentDictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(repositories, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (repository, token) => found[repository] = await OfAsync(repository, token));
        return found;
    }

    private async Task<DateTimeOffset?> OfAsync(string repository, CancellationToken ct)
    {
        var stamp = Stamp(repository);
        if (stamp is null)
        {
            return null;
        }

        if (_known.TryGetValue(repository, out var known) && known.Stamp == stamp)
        {
            return known.At;
        }

        DateTimeOffset? at = null;
        if (git.Open(repository).TryGet(out var opened, out _))
        {
            using (opened)
            {
                var result = await opened.RunAsync("log", ["log", "-1", "--format=%ct", "--no-show-signature", "--no-color", "HEAD", "--"], 64, ct);
                if (result.TryGet(out var output, out _)
                    && long.TryParse(output.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    at = DateTimeOffset.FromUnixTimeSeconds(seconds);
                }
            }
        }

        if (_known.Count >= MaxRemembered)
        {
            _known.Clear(); // a root with more repositories than this is re-asked, never held without bound
        }

        _known[repository] = (stamp, at);
        return at;
    }

    /// <summary>
    /// The size and modification time of HEAD, HEAD's reflog, packed-refs and the branch folder (git renames a new ref
    /// file into it); null without a git folder. Stat calls only: nothing in the repository is opened, so a FIFO or a
    /// huge file planted at one of these paths costs nothing here.
    /// </summary>
    private static string? Stamp(string repository)
    {
        var gitDir = Path.Join(repository, ".git");
        var head = new FileInfo(Path.Join(gitDir, "HEAD"));
        // SECURITY: git is asked only when HEAD looks like a file git wrote: a FIFO (size 0) would hold git until its
        // timeout, a link or a huge file is no HEAD of ours to read.
        if (!Directory.Exists(gitDir) || !head.Exists || head.LinkTarget is not null || head.Length is 0 or > 4096)
        {
            return null;
        }

        return string.Join('|', Of(Path.Join(gitDir, "HEAD")), Of(Path.Join(gitDir, "logs", "HEAD")), Of(Path.Join(gitDir, "packed-refs")),
            Of(Path.Join(gitDir, "refs", "heads")));
    }

    private static string Of(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists)
        {
            return $"{info.Length}:{info.LastWriteTimeUtc.Ticks}";
        }

        var folder = new DirectoryInfo(path);
        return folder.Exists ? $"dir:{folder.LastWriteTimeUtc.Ticks}" : "none";
    }
}
