using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Index;

/// <summary>How an answer of /search or /tree used the index: the `index` field of both.</summary>
public static class IndexUse
{
    /// <summary>Answered through the index: the files it proposed were read (search) or listed (tree) as they are now.</summary>
    public const string Ready = "ready";

    /// <summary>The index is not ready yet (or catching up with a large change): answered by a full scan.</summary>
    public const string Building = "building";

    /// <summary>This request cannot use the index (no literal to narrow by, `.gitignore` off, a folder through a link): answered by a scan.</summary>
    public const string Bypassed = "bypassed";

    /// <summary>The repository cannot be indexed as the scan walks it (see the log): answered by a scan.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>ORCH_INDEX=off, or a system without the file stamps the index needs: answered by a scan.</summary>
    public const string Off = "off";
}

/// <summary>
/// The read side of the index for the search and tree services: the current view when the request can use it, and the
/// files it proposes turned back into files to read through the path guard — the same guard /file uses — so the index
/// only ever narrows what is read, never decides what is served.
/// </summary>
public sealed class IndexReads(IndexManager manager, PathGuard guard)
{
    /// <summary>The view to answer from, or null with the reason the answer comes from a scan.</summary>
    internal async Task<(IndexLease? Lease, string Use)> LeaseAsync(string repo, bool usable, CancellationToken ct)
    {
        manager.NoteReadWork();
        if (manager.For(repo) is not { } index)
        {
            return (null, IndexUse.Off);
        }

        if (!usable)
        {
            return (null, IndexUse.Bypassed);
        }

        var lease = await index.CurrentAsync(ct);
        return lease is not null ? (lease, IndexUse.Ready)
            : (null, index.State == IndexState.Failed ? IndexUse.Unavailable : IndexUse.Building);
    }

    /// <summary>
    /// The proposed <paramref name="paths"/> (in order) that the guard still resolves to themselves: each is opened later
    /// by its full path, and the open refuses a link anywhere on the way (SafeFileAccess checks the kernel's path).
    /// </summary>
    internal IEnumerable<WalkedFile> Confirmed(string repo, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            // SECURITY: the path guard (containment, dot-names, denied folders and extensions) on every proposed file;
            // a path that now resolves elsewhere (a link swapped in) is not read.
            if (guard.ResolveFile(repo, path).TryGet(out var target, out _)
                && string.Equals(target.RealRelativePath.Replace('\\', '/'), path, StringComparison.Ordinal))
            {
                yield return new WalkedFile(path, Path.GetDirectoryName(target.FullPath)!, Path.GetFileName(target.FullPath));
            }
        }
    }
}
