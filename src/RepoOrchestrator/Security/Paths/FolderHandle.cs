using Microsoft.Win32.SafeHandles;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// An open folder (Linux) that files are opened relative to: the folder cannot be swapped for a link once it is
/// open, and each open looks up one name instead of a whole path. Walks list it and open its child folders
/// through the descriptor, never by path. Reference-counted: every user takes a reference; <see cref="Dispose"/>
/// by the owner closes it once the last user has released it.
/// </summary>
public sealed class FolderHandle : IDisposable
{
    internal FolderHandle(SafeFileHandle handle, string path)
    {
        Handle = handle;
        Path = path;
    }

    /// <summary>Where the folder was when it was opened (for logs and the portable fallback; never re-opened).</summary>
    public string Path { get; }

    internal SafeFileHandle Handle { get; }

    /// <summary>Takes a reference for one user; pair with <see cref="Release"/>.</summary>
    public void AddRef()
    {
        var added = false;
        Handle.DangerousAddRef(ref added);
    }

    public void Release() => Handle.DangerousRelease();

    /// <summary>The entries of this folder read from its descriptor, each with its kind (links are not followed).</summary>
    public IReadOnlyList<(string Name, FileKind Kind)> ReadEntries() => LinuxFolderEntries.Read(Handle);

    /// <summary>
    /// Opens the child folder <paramref name="name"/> relative to this one, never through a link: a child swapped
    /// for a link (or for a file) throws instead of being followed.
    /// </summary>
    public FolderHandle OpenChild(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('/', StringComparison.Ordinal) || name is "" or "." or "..")
        {
            throw new FileKindException("Not a single path component."); // SECURITY: one name, inside this folder
        }

        return new FolderHandle(LinuxFileStatus.OpenFolderAt(Handle, name), System.IO.Path.Join(Path, name));
    }

    /// <summary>lstat of <paramref name="name"/> in this folder (a link is reported, not followed).</summary>
    internal LinuxFileStatus.FileIdentity LStat(string name) => LinuxFileStatus.LStatAt(Handle, name);

    public void Dispose() => Handle.Dispose();
}
