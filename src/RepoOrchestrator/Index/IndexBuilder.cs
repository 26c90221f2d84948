using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Index;

/// <summary>How a walk for the index ended.</summary>
internal enum WalkOutcome
{
    Done,

    /// <summary>The folder is gone, refused by the guard, or reached through a link: it holds nothing indexable.</summary>
    FolderUnavailable,

    /// <summary>The `.gitignore` budget ran out: the walk no longer lists what the scan's walk would.</summary>
    GitIgnoreExhausted,
}

/// <summary>
/// Walks a folder of a repository for the index with the scan's own walker and rules (<see cref="RepositoryWalker"/>
/// with `.gitignore` applied, the start folder resolved by <see cref="PathGuard"/>), and reads the files that need it
/// through <see cref="FileIndexer"/> on every core, handing them over in the walk's (ordinal) order.
/// </summary>
internal sealed class IndexBuilder(RepositoryWalker walker, PathGuard guard, FileIndexer indexer) : IDisposable
{
    private const int Batch = 512;

    private readonly ThreadLocal<TrigramExtractor> _extractors = new(() => new TrigramExtractor());

    /// <summary>
    /// Walks <paramref name="folder"/> ("" = the repository) at most <paramref name="maxDepth"/> deep. Every listed file
    /// is passed to <paramref name="onSeen"/> with its stamp (lstat, without opening it) when <paramref name="mustRead"/>
    /// is given, and read when <paramref name="mustRead"/> is null or says so; each read file goes to
    /// <paramref name="onRead"/> in path order.
    /// </summary>
    public WalkOutcome Walk(
        string repo, string folder, int maxDepth, Func<string, FileStamp, bool>? mustRead, Action<string>? onSeen,
        Action<IndexedFile> onRead, long nowNs, CancellationToken ct)
    {
        if (!guard.ResolveFolder(repo, folder.Length == 0 ? "." : folder).TryGet(out var start, out _)
            || !string.Equals(Normal(start.RelativePath), Normal(start.RealRelativePath), StringComparison.Ordinal)
            || !string.Equals(Normal(start.RelativePath), folder, StringComparison.Ordinal))
        {
            return WalkOutcome.FolderUnavailable; // SECURITY: only the folder itself, never one reached through a link
        }

        var gitIgnore = new GitIgnoreFilter();
        var batch = new List<WalkedFile>(Batch);
        try
        {
            WalkInto(walker.Files(repo, start, maxDepth, checkFiles: false, gitIgnore), batch, mustRead, onSeen, onRead, nowNs, ct);
        }
        finally
        {
            foreach (var file in batch)
            {
                file.FolderHandle?.Release(); // cancelled or failed before they were read
            }
        }

        return gitIgnore.Exhausted ? WalkOutcome.GitIgnoreExhausted : WalkOutcome.Done;
    }

    private void WalkInto(
        IEnumerable<WalkedFile> files, List<WalkedFile> batch, Func<string, FileStamp, bool>? mustRead, Action<string>? onSeen,
        Action<IndexedFile> onRead, long nowNs, CancellationToken ct)
    {
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            if (mustRead is not null)
            {
                var stamp = FileIndexer.StampOf(file);
                onSeen?.Invoke(file.RelativePath);
                if (!mustRead(file.RelativePath, stamp))
                {
                    continue;
                }
            }
            else
            {
                onSeen?.Invoke(file.RelativePath);
            }

            file.FolderHandle?.AddRef(); // the walk moves on; the read below still opens relative to this folder
            batch.Add(file);
            if (batch.Count == Batch)
            {
                ReadBatch(batch, onRead, nowNs);
            }
        }

        ReadBatch(batch, onRead, nowNs);
    }

    private void ReadBatch(List<WalkedFile> batch, Action<IndexedFile> onRead, long nowNs)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var results = new IndexedFile[batch.Count];
        try
        {
            Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) },
                i => results[i] = indexer.Index(batch[i], _extractors.Value!, nowNs));
        }
        finally
        {
            foreach (var file in batch)
            {
                file.FolderHandle?.Release();
            }

            batch.Clear();
        }

        foreach (var result in results)
        {
            onRead(result);
        }
    }

    public void Dispose() => _extractors.Dispose();

    private static string Normal(string relative) => relative is "." or "" ? "" : relative.Replace('\\', '/').TrimEnd('/');
}
