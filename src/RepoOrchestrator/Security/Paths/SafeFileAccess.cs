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
    /// Opens a regular file for reading. Throws <see cref="FileNotFoundException"/> when it is gone and
    /// <see cref="FileKindException"/> when it is not a regular file or not the file at
    /// <paramref name="realPath"/> any more.
    /// </summary>
    public static SafeFileHandle OpenRegular(string realPath)
    {
        ArgumentNullException.ThrowIfNull(realPath);
        if (OperatingSystem.IsLinux())
        {
            return OpenRegularLinux(realPath);
        }

        if (OperatingSystem.IsWindows())
        {
            var kind = GetKind(realPath);
            if (kind != FileKind.Regular)
            {
                throw kind == FileKind.Missing ? new FileNotFoundException("File not found.") : new FileKindException(kind);
            }

            var handle = File.OpenHandle(realPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var attributes = File.GetAttributes(handle);
            if ((attributes & (FileAttributes.Directory | FileAttributes.Device | FileAttributes.ReparsePoint)) != 0)
            {
                handle.Dispose();
                throw new FileKindException(FileKind.Special);
            }

            return handle;
        }

        throw new PlatformNotSupportedException("Safe file opening is implemented for Linux and Windows only.");
    }

    private static SafeFileHandle OpenRegularLinux(string realPath)
    {
        var before = LinuxFileStatus.LStat(realPath);
        if (before.Kind != FileKind.Regular)
        {
            // SECURITY: never open a FIFO, socket, device, folder or link.
            throw before.Kind == FileKind.Missing ? new FileNotFoundException("File not found.") : new FileKindException(before.Kind);
        }

        var handle = LinuxFileStatus.OpenReadNonBlocking(realPath);
        try
        {
            var after = LinuxFileStatus.FStat(handle);

            // SECURITY: the opened file is the regular file that was checked (no swap between check and open).
            if (after.Kind != FileKind.Regular || after.Device != before.Device || after.Inode != before.Inode)
            {
                throw new FileKindException(after.Kind == FileKind.Regular ? FileKind.Special : after.Kind);
            }

            // SECURITY: no folder on the way was swapped for a link between the guard's check and the open.
            if (LinuxFileStatus.PathOf(handle) is { } opened && !string.Equals(opened, realPath, StringComparison.Ordinal))
            {
                throw new FileKindException("The file moved while it was being opened.");
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
