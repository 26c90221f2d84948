using System.Collections.Concurrent;
using System.Globalization;
using RepoOrchestrator.Git;

namespace RepoOrchestrator.Repositories;

/// <summary>
/// When each repository's HEAD was committed, for the repository list. One sandboxed `git log -1` per repository
/// (<see cref="GitRunner"/>: a repository whose git folder is refused gets none), remembered until HEAD, the branch it
/// names or packed-refs changes (their size and modification time), so listing again costs a few stat calls.
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

    /// <summary>HEAD's text with the size and time of the branch file it names and of packed-refs; null without a git folder.</summary>
    private static string? Stamp(string repository)
    {
        var gitDir = Path.Join(repository, ".git");
        var head = new FileInfo(Path.Join(gitDir, "HEAD"));
        if (!Directory.Exists(gitDir) || !head.Exists || head.Length > 4096)
        {
            return null;
        }

        string text;
        try
        {
#pragma warning disable RS0030 // owner: a stamp of HEAD (4 KiB at most), never served
            text = File.ReadAllText(head.FullName).Trim();
#pragma warning restore RS0030
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var reference = text.StartsWith("ref: ", StringComparison.Ordinal) ? text[5..] : null;
        var branch = reference is not null && !reference.Contains("..", StringComparison.Ordinal) ? Of(Path.Join(gitDir, reference)) : "-";
        return $"{text}|{branch}|{Of(Path.Join(gitDir, "packed-refs"))}|{Of(head.FullName)}";
    }

    private static string Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks}" : "none";
    }
}
