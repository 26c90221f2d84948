using Microsoft.Win32.SafeHandles;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// An open folder (Linux) that files are opened relative to: the folder cannot be swapped for a link once it is
/// open, and each open looks up one name instead of a whole path. Reference-counted: every user takes a
/// reference; <see cref="Dispose"/> by the owner closes it once the last user has released it.
/// </summary>
public sealed class FolderHandle : IDisposable
{
    internal FolderHandle(SafeFileHandle handle, string path)
    {
        Handle = handle;
        Path = path;
    }

    public string Path { get; }

    internal SafeFileHandle Handle { get; }

    /// <summary>Takes a reference for one user; pair with <see cref="Release"/>.</summary>
    public void AddRef()
    {
        var added = false;
        Handle.DangerousAddRef(ref added);
    }

    public void Release() => Handle.DangerousRelease();

    public void Dispose() => Handle.Dispose();
}
