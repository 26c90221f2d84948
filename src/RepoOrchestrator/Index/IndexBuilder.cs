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
        if (Start(repo, folder) is not { } start)
        {
            return WalkOutcome.FolderUnavailable;
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

    /// <summary>
    /// A full build of <paramref name="repo"/> into <paramref name="writer"/>: the walk hands runs of files to a reader
    /// on every core (<see cref="IndexBuildPipeline"/>), and each shard's postings are encoded as soon as its files are in.
    /// </summary>
    public WalkOutcome Build(string repo, IndexFileWriter writer, long nowNs, CancellationToken ct)
    {
        if (Start(repo, "") is not { } start)
        {
            return WalkOutcome.FolderUnavailable;
        }

        var gitIgnore = new GitIgnoreFilter();
        using (var pipeline = new IndexBuildPipeline(indexer, writer, nowNs, ct))
        {
            pipeline.Run(walker.Files(repo, start, int.MaxValue, checkFiles: false, gitIgnore));
        }

        return gitIgnore.Exhausted ? WalkOutcome.GitIgnoreExhausted : WalkOutcome.Done;
    }

    private GuardedPath? Start(string repo, string folder)
    {
        if (!guard.ResolveFolder(repo, folder.Length == 0 ? "." : folder).TryGet(out var start, out _)
            || !string.Equals(Normal(start.RelativePath), Normal(start.RealRelativePath), StringComparison.Ordinal)
            || !string.Equals(Normal(start.RelativePath), folder, StringComparison.Ordinal))
        {
            return null; // SECURITY: only the folder itself, never one reached through a link
        }

        return start;
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
                ReadBatch(batch, onRead, nowNs, mustRead);
            }
        }

        ReadBatch(batch, onRead, nowNs, mustRead);
    }

    private void ReadBatch(List<WalkedFile> batch, Action<IndexedFile> onRead, long nowNs, Func<string, FileStamp, bool>? mustRead)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var results = new IndexedFile[batch.Count];
        try
        {
            Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) },
                i => results[i] = indexer.Index(batch[i], _extractors.Value!, nowNs, sorted: mustRead is not null));
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
