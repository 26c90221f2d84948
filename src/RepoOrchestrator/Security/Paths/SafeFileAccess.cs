using Microsoft.Win32.SafeHandles;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// Learns what an entry is without following it, and opens only regular files — never a FIFO, socket or device
/// (opening a FIFO blocks; opening a device can have side effects). On Linux the type is read with lstat before
/// opening, the open cannot block, and the opened descriptor is re-checked (same device and inode, still
/// regular, and — through /proc — still the path that was checked), so a swap between check and open is
/// refused. Windows has no FIFOs in the file system; device names are refused by name. Other systems are not
/// supported and fail closed.
/// </summary>
public static class SafeFileAccess
{
    /// <summary>The kind of <paramref name="path"/> (a final link is reported, not followed).</summary>
    public static FileKind GetKind(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsLinux())
        {
            return LinuxFileStatus.LStat(path).Kind;
        }

        if (OperatingSystem.IsWindows())
        {
            var info = new FileInfo(path);
            if (!info.Exists && !Directory.Exists(path))
            {
                return info.LinkTarget is null ? FileKind.Missing : FileKind.SymbolicLink;
            }

            var attributes = File.GetAttributes(path);
            return attributes.HasFlag(FileAttributes.ReparsePoint) ? FileKind.SymbolicLink
                : attributes.HasFlag(FileAttributes.Directory) ? FileKind.Directory
                : attributes.HasFlag(FileAttributes.Device) ? FileKind.Special
                : FileKind.Regular;
        }

        // SECURITY: fail closed where the file type cannot be read without opening the file.
        throw new PlatformNotSupportedException("Safe file type checks are implemented for Linux and Windows only.");
    }

    /// <summary>
    /// Opens a regular file for reading, to serve it. Throws <see cref="FileNotFoundException"/> when it is gone,
    /// <see cref="FileKindException"/> when it is not a regular file or not the file at <paramref name="realPath"/>
    /// any more, and <see cref="HardLinkException"/> (or <see cref="FileKindException"/>) when
    /// <paramref name="rule"/> refuses the opened file.
    /// </summary>
    public static SafeFileHandle OpenRegular(string realPath, ServedFileRule rule) => OpenRegular(realPath, rule, out _);

    /// <summary>As <see cref="OpenRegular(string, ServedFileRule)"/>, also giving the file's length at open time.</summary>
    public static SafeFileHandle OpenRegular(string realPath, ServedFileRule rule, out long length)
    {
        ArgumentNullException.ThrowIfNull(realPath);
        ArgumentNullException.ThrowIfNull(rule);
        if (OperatingSystem.IsLinux())
        {
            var handle = OpenChecked(null, realPath, realPath, rule, out var opened);
            length = opened.Size;
            return handle;
        }

        if (OperatingSystem.IsWindows())
        {
            var kind = GetKind(realPath);
            if (kind != FileKind.Regular)
            {
                throw kind == FileKind.Missing ? new FileNotFoundException("File not found.") : new FileKindException(kind);
            }

#pragma warning disable RS0030 // owner: SafeFileAccess is the one opener of repository files (no links, serving rule)
            var handle = File.OpenHandle(realPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
#pragma warning restore RS0030
            var attributes = File.GetAttributes(handle);
            if ((attributes & (FileAttributes.Directory | FileAttributes.Device | FileAttributes.ReparsePoint)) != 0)
            {
                handle.Dispose();
                throw new FileKindException(FileKind.Special);
            }

            length = RandomAccess.GetLength(handle);
            return handle;
        }

        throw new PlatformNotSupportedException("Safe file opening is implemented for Linux and Windows only.");
    }

    /// <summary>
    /// Opens a folder so files in it can be opened relative to it (Linux; null elsewhere, where callers open by
    /// full path). The folder must still be the real path that was walked.
    /// </summary>
    public static FolderHandle? OpenFolder(string realPath)
    {
        ArgumentNullException.ThrowIfNull(realPath);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var handle = LinuxFileStatus.OpenFolder(realPath);
        if (LinuxFileStatus.PathIs(handle, realPath) == false)
        {
            handle.Dispose();
            throw new FileKindException("The folder moved while it was being opened."); // SECURITY: no swapped parent
        }

        return new FolderHandle(handle, realPath);
    }

    /// <summary>Opens the regular file <paramref name="name"/> (one component) of an open folder, or by full path without one.</summary>
    public static SafeFileHandle OpenRegular(FolderHandle? folder, string folderPath, string name, ServedFileRule rule, out long length)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(rule);
        if (folder is null || !OperatingSystem.IsLinux())
        {
            return OpenRegular(Path.Join(folderPath, name), rule, out length);
        }

        if (name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
        {
            throw new FileKindException("Not a single path component.");
        }

        var handle = OpenChecked(folder.Handle, name, null, rule, out var opened);
        length = opened.Size;
        return handle;
    }

    /// <summary>
    /// Opens the regular file <paramref name="name"/> that a walk listed from <paramref name="folder"/>'s own
    /// descriptor (getdents64 said "regular file"), giving the status of the opened descriptor that the checks used:
    /// the index build, once per file, so the stamp describes the bytes it reads. On Linux this is one openat relative
    /// to the pinned folder and one fstat, without the lstat <see cref="OpenRegular(FolderHandle?, string, string, ServedFileRule, out long)"/>
    /// takes first: the listing already said what the entry was, and the properties hold by construction of the open
    /// itself (see <see cref="OpenChecked"/>). Without a folder (off Linux) it is the checked open by full path.
    /// </summary>
    internal static SafeFileHandle OpenListedWithStatus(FolderHandle? folder, string folderPath, string name, ServedFileRule rule, out LinuxFileStatus.FileIdentity opened)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(rule);
        if (folder is null || !OperatingSystem.IsLinux())
        {
            var handle = OpenRegular(Path.Join(folderPath, name), rule, out _);
            try
            {
                opened = LinuxFileStatus.FStat(handle);
                return handle;
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }

        if (name.Contains('/', StringComparison.Ordinal) || name is "" or "." or "..")
        {
            throw new FileKindException("Not a single path component."); // SECURITY: one name, inside the pinned folder
        }

        return OpenChecked(folder.Handle, name, null, rule, out opened, listed: true);
    }

    /// <summary>
    /// lstat, open without following or blocking, fstat; by full path also the /proc path check; then the serving rule
    /// on the opened file. With <paramref name="listed"/> (a name just listed as a regular file from the open folder
    /// <paramref name="folder"/>) the lstat and the identity comparison are left out: the open alone keeps every
    /// property. It is one component relative to a folder descriptor the walk opened without following links, so
    /// nothing outside that folder can be reached; O_NOFOLLOW refuses a name swapped for a link (ELOOP) and O_NONBLOCK a
    /// FIFO's wait; the fstat of the opened descriptor must say "regular file", so whatever was swapped in under the name
    /// is refused, not read, and its stamp describes the bytes that are read. A device node swapped in between the
    /// listing and the open is opened and then refused, as it was between the lstat and the open without
    /// <paramref name="listed"/> (only the window is wider; making one needs CAP_MKNOD).
    /// </summary>
    private static SafeFileHandle OpenChecked(SafeFileHandle? folder, string path, string? verifyPath, ServedFileRule rule, out LinuxFileStatus.FileIdentity opened, bool listed = false)
    {
        var before = listed ? default : folder is null ? LinuxFileStatus.LStat(path) : LinuxFileStatus.LStatAt(folder, path);
        if (!listed && before.Kind != FileKind.Regular)
        {
            // SECURITY: never open a FIFO, socket, device, folder or link.
            throw before.Kind == FileKind.Missing ? new FileNotFoundException("File not found.") : new FileKindException(before.Kind);
        }

        var handle = LinuxFileStatus.OpenFile(folder, path); // SECURITY: O_NOFOLLOW|O_NONBLOCK|O_NOCTTY, relative to the pinned folder
        try
        {
            var after = LinuxFileStatus.FStat(handle);

            // SECURITY: the opened file is a regular file, and (checked first) the one that was checked: no swap between check and open.
            if (after.Kind != FileKind.Regular || (!listed && (after.Device != before.Device || after.Inode != before.Inode)))
            {
                throw new FileKindException(after.Kind == FileKind.Regular ? FileKind.Special : after.Kind);
            }

            // SECURITY: no folder on the way was swapped for a link between the guard's check and the open.
            if (verifyPath is not null && LinuxFileStatus.PathIs(handle, verifyPath) == false)
            {
                throw new FileKindException("The file moved while it was being opened.");
            }

            rule.Check(after); // SECURITY: hard links and the service's own files, decided on the opened file itself

            opened = after;
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
