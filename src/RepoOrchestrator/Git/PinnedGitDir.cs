using Microsoft.Win32.SafeHandles;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Git;

/// <summary>
/// A repository's `.git` held open (Linux): <see cref="Path"/> is `/proc/self/fd/N`, which the kernel resolves to
/// the opened folder itself, whatever its name points at now. git processes start there (a child resolves the
/// path before it runs git, while it still holds the descriptor) and are told `--git-dir=.`. Elsewhere it is the
/// real path, checked by name (see docs/SECURITY.md).
/// </summary>
public sealed class PinnedGitDir : IDisposable
{
    private readonly SafeFileHandle? _handle;

    private PinnedGitDir(SafeFileHandle? handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The path through which the pinned folder is reached (the working directory of every git process).</summary>
    public string Path { get; }

    /// <summary>
    /// Opens <paramref name="gitDir"/> without following a link and confirms the kernel sees it where it was named;
    /// null when it changed in between.
    /// </summary>
    internal static PinnedGitDir? Open(string gitDir)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new PinnedGitDir(null, gitDir);
        }

        var handle = LinuxFileStatus.OpenFolder(gitDir); // SECURITY: O_NOFOLLOW|O_DIRECTORY: a link swapped in fails here
        if (LinuxFileStatus.PathIs(handle, gitDir) != true) // SECURITY: the opened folder is the one inside the repository
        {
            handle.Dispose();
            return null;
        }

        var fd = (int)handle.DangerousGetHandle();
        return new PinnedGitDir(handle, $"/proc/self/fd/{fd}");
    }

    public void Dispose() => _handle?.Dispose();
}
