using System.Globalization;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Files;
using RepoOrchestrator.Git;
using RepoOrchestrator.Reading;

namespace RepoOrchestrator.History;

/// <summary>
/// A file as it is at a ref, loaded once for /git/show and /git/blame: the ref checked and resolved to a commit id, the
/// path through the lexical read rules (<see cref="HistoryPaths"/>), the tree entry (only a regular file), its size
/// against ORCH_MAX_FILE_BYTES, the blob's text (`git cat-file blob`: no filter, no textconv) and the binary check.
/// Holds the opened repository (for blame's own git call); disposing it releases the pinned git dir.
/// </summary>
internal sealed class FileAtRef(GitRepository repo, string refName, string commit, string gitPath, string whole, int total) : IDisposable
{
    public GitRepository Repo { get; } = repo;

    public string RefName { get; } = refName;

    public string Commit { get; } = commit;

    public string GitPath { get; } = gitPath;

    public string Whole { get; } = whole;

    public int TotalLines { get; } = total;

    public void Dispose() => Repo.Dispose();

    /// <param name="pathExample">How the 400 for a missing path describes the file, e.g. "the file to blame".</param>
    public static async Task<Outcome<FileAtRef>> LoadAsync(
        ReadPipeline pipeline, GitRunner git, HistoryPaths paths, ReadLimits limits,
        string root, ReadCaller caller, string? @ref, string? path, string pathExample, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(path))
        {
            return Problem.BadRequest($"Query parameter 'path' is required: {pathExample}, e.g. src/app.py.");
        }

        var refName = string.IsNullOrEmpty(@ref) ? "HEAD" : @ref;
        if (!GitRefName.Check(refName, "ref").TryGet(out refName, out var problem)
            || !(await paths.CheckAsync(root, caller, path)).TryGet(out var gitPath, out problem)
            || !git.Open(root).TryGet(out var repo, out problem)) // SECURITY: git dir checked and pinned before any git call
        {
            return problem;
        }

        var loaded = await ReadAsync(pipeline, limits, repo, refName, gitPath, caller, ct);
        if (!loaded.Succeeded)
        {
            repo.Dispose();
        }

        return loaded;
    }

    private static async Task<Outcome<FileAtRef>> ReadAsync(
        ReadPipeline pipeline, ReadLimits limits, GitRepository repo, string refName, string gitPath, ReadCaller caller, CancellationToken ct)
    {
        if (!(await repo.ResolveCommitAsync(refName, "ref", ct)).TryGet(out var commit, out var problem)
            || !(await GitShowService.BlobAsync(pipeline, repo, commit, refName, gitPath, caller, ct)).TryGet(out var blob, out problem)
            || !(await repo.RunAsync("cat-file -s", ["cat-file", "-s", "--end-of-options", blob], 64, ct)).TryGet(out var size, out problem))
        {
            return problem;
        }

        if (!long.TryParse(size.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) || bytes > limits.MaxFileBytes)
        {
            return Problem.TooLarge($"File too large: '{gitPath}' at '{refName}' exceeds ORCH_MAX_FILE_BYTES ({limits.MaxFileBytes} bytes).");
        }

        // SECURITY: `cat-file blob` gives the stored bytes: no textconv, no filter driver, nothing the repository names runs.
        if (!(await repo.RunAsync("cat-file blob", ["cat-file", "blob", "--end-of-options", blob], (int)Math.Min(int.MaxValue, bytes + 1), ct))
            .TryGet(out var content, out problem))
        {
            return problem;
        }

        var whole = content.StandardOutput;
        if (whole.AsSpan(0, Math.Min(whole.Length, TextLines.BinaryProbeBytes)).Contains('\0'))
        {
            return Problem.UnsupportedMediaType($"Binary file: '{gitPath}' at '{refName}' is not served (it has a NUL byte in its first 8 KiB).");
        }

        return new FileAtRef(repo, refName, commit, gitPath, whole, TextLines.Count(System.Text.Encoding.UTF8.GetBytes(whole)));
    }
}
