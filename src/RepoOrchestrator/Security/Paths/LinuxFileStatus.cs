using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// Linux statx(2), openat(2) and readlink(2), the calls .NET does not expose: the file type (FIFO, socket,
/// device), an open that cannot block on a FIFO and does not follow a final link, opens relative to an open
/// folder, and the kernel's path of an open descriptor. statx has one layout on every architecture.
/// </summary>
internal static class LinuxFileStatus
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxMask = 0x1 | 0x4 | 0x40 | 0x80 | 0x100 | 0x200; // type, link count, mtime, ctime, inode, size
    private const int ONonBlock = 0x800;
    private const int ONoCtty = 0x100;
    private const int OCloseOnExec = 0x80000;
    private const int Enoent = 2;
    private const int Eintr = 4;
    private const int Enotdir = 20;

    /// <summary>
    /// O_NOFOLLOW, O_DIRECTORY and O_PATH differ by architecture; where unknown, the identity checks still catch a
    /// swap (and without O_PATH, <see cref="CanonicalPath"/> leaves resolution to the portable walk).
    /// </summary>
    private static readonly (int NoFollow, int Directory, int Path) ArchFlags = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => (0x20000, 0x10000, 0x200000),
        Architecture.Arm64 or Architecture.Arm => (0x8000, 0x4000, 0x200000),
        _ => (0, 0, 0),
    };

    private static readonly int FileOpenFlags = ONonBlock | ONoCtty | OCloseOnExec | ArchFlags.NoFollow;

    /// <summary>lstat: the kind and identity of <paramref name="path"/> without following a final link.</summary>
    public static FileIdentity LStat(string path) => StatAt(null, path, AtSymlinkNoFollow);

    /// <summary>lstat of <paramref name="name"/> inside the open folder <paramref name="folder"/>.</summary>
    public static FileIdentity LStatAt(SafeFileHandle folder, string name) => StatAt(folder, name, AtSymlinkNoFollow);

    /// <summary>fstat on an open handle.</summary>
    public static FileIdentity FStat(SafeFileHandle handle) => StatAt(handle, "", AtEmptyPath);

    /// <summary>
    /// Opens read-only with O_NONBLOCK (a FIFO swapped in after the check opens at once instead of hanging),
    /// O_NOCTTY, O_CLOEXEC and O_NOFOLLOW; relative to <paramref name="folder"/> when given.
    /// </summary>
    public static SafeFileHandle OpenFile(SafeFileHandle? folder, string path) => OpenAt(folder, path, FileOpenFlags);

    /// <summary>
    /// pread(2) into <paramref name="buffer"/> at <paramref name="offset"/>; the bytes read (0 at the end). What
    /// RandomAccess.Read does, without the lseek .NET makes once per new handle to learn whether it can seek: the index
    /// build reads each file through a handle it just opened, so that was one more system call per file.
    /// Only where <see cref="DirectPRead"/> says the C library's `pread` takes a 64-bit offset; elsewhere
    /// RandomAccess.Read, whose native shim passes the offset as the C library expects.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per file in the index build, right after start
    public static int ReadAt(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        if (!DirectPRead(IntPtr.Size))
        {
            return RandomAccess.Read(handle, buffer, offset);
        }

        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                var read = NativeMethods.PRead((int)handle.DangerousGetHandle(), ref MemoryMarshal.GetReference(buffer), buffer.Length, offset);
                if (read >= 0)
                {
                    return (int)read;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Eintr)
                {
                    throw new IOException($"pread failed (errno {errno}).");
                }
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Whether `pread` can be called directly with a 64-bit offset in a process whose pointers are
    /// <paramref name="pointerSize"/> bytes: on 64-bit Linux off_t is 64 bits in every C library, but a 32-bit glibc's
    /// `pread` takes a 32-bit off_t (the 64-bit one is `pread64`, which newer musl no longer exports). There the
    /// declared `long` would not be where the C function reads its offset (on 32-bit ARM it is passed on the stack and
    /// `pread` takes a leftover register instead), so files would be read at a wrong offset and their trigrams indexed
    /// from the wrong bytes.
    /// </summary>
    internal static bool DirectPRead(int pointerSize) => pointerSize == 8;

    /// <summary>Opens a folder (never through a final link) to open the files in it relative to it.</summary>
    public static SafeFileHandle OpenFolder(string path) =>
        OpenAt(null, path, ArchFlags.Directory | ArchFlags.NoFollow | OCloseOnExec);

    /// <summary>
    /// Opens the folder <paramref name="name"/> (one component) of the open folder <paramref name="parent"/>:
    /// openat with O_DIRECTORY|O_NOFOLLOW, so a name swapped for a link (or a file) fails instead of being followed.
    /// </summary>
    public static SafeFileHandle OpenFolderAt(SafeFileHandle parent, string name)
    {
        if (ArchFlags.NoFollow == 0 || ArchFlags.Directory == 0)
        {
            // SECURITY: fail closed where O_NOFOLLOW|O_DIRECTORY are unknown: the child could be a link.
            throw new PlatformNotSupportedException("Folder opens without following links are not known for this architecture.");
        }

        return OpenAt(parent, name, ArchFlags.Directory | ArchFlags.NoFollow | OCloseOnExec); // SECURITY: never through a link
    }

    /// <summary>
    /// Whether the kernel's path for an open descriptor (/proc/self/fd) is <paramref name="expected"/>: true or
    /// false, or null when /proc is not mounted. Compares bytes in a pooled buffer.
    /// </summary>
    public static bool? PathIs(SafeFileHandle handle, string expected)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(256, (expected.Length * 3) + 2));
        try
        {
            var length = WithFd(handle, fd => NativeMethods.ReadLink($"/proc/self/fd/{fd}", buffer, buffer.Length));
            if (length < 0)
            {
                return null;
            }

            var expectedLength = Encoding.UTF8.GetByteCount(expected);
            if (length != expectedLength)
            {
                return false;
            }

            Span<byte> wanted = expectedLength <= 1024 ? stackalloc byte[expectedLength] : new byte[expectedLength];
            Encoding.UTF8.GetBytes(expected, wanted);
            return buffer.AsSpan(0, (int)length).SequenceEqual(wanted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The kernel's canonical path of the absolute <paramref name="fullPath"/>, every link at every component
    /// resolved (one path walk: open with O_PATH, which never opens the file itself, then /proc/self/fd), or null
    /// when it cannot tell: missing, unreadable, a loop, no /proc. Callers then resolve component by component,
    /// which decides those cases.
    /// </summary>
    /// <param name="fullPath">An absolute path.</param>
    /// <param name="folderOnly">Also null when the path leads to something other than a folder (O_DIRECTORY): a folder's
    /// check costs no stat after it.</param>
    public static string? CanonicalPath(string fullPath, bool folderOnly = false)
    {
        if (ArchFlags.Path == 0 || (folderOnly && ArchFlags.Directory == 0))
        {
            return null;
        }

        var fd = NativeMethods.OpenAt(AtFdCwd, fullPath, ArchFlags.Path | OCloseOnExec | (folderOnly ? ArchFlags.Directory : 0));
        if (fd < 0)
        {
            return null;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var length = NativeMethods.ReadLink($"/proc/self/fd/{fd}", buffer, buffer.Length);
            if (length <= 0 || length >= buffer.Length || buffer[0] != (byte)'/')
            {
                return null;
            }

            var path = Encoding.UTF8.GetString(buffer, 0, (int)length);
            return path.EndsWith(" (deleted)", StringComparison.Ordinal) ? null : path;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // StatAt and OpenAt hold the folder's descriptor themselves rather than through WithFd: the index build calls them
    // for every file (no closure and delegate per call), and fully optimised from the first call (the build runs once,
    // right after start, mostly before the slow first tier would be replaced).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static FileIdentity StatAt(SafeFileHandle? folder, string path, int flags)
    {
        var added = false;
        int errno;
        try
        {
            folder?.DangerousAddRef(ref added);
            if (NativeMethods.Statx(folder is null ? AtFdCwd : (int)folder.DangerousGetHandle(), path, flags, StatxMask, out var buffer) == 0)
            {
                return buffer.ToIdentity();
            }

            errno = Marshal.GetLastPInvokeError();
        }
        finally
        {
            if (added)
            {
                folder!.DangerousRelease();
            }
        }

        return errno is Enoent or Enotdir
            ? new FileIdentity(FileKind.Missing, 0, 0, 0, 0)
            : throw new IOException($"statx failed (errno {errno}).");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SafeFileHandle OpenAt(SafeFileHandle? folder, string path, int flags)
    {
        var added = false;
        int fd;
        int errno;
        try
        {
            folder?.DangerousAddRef(ref added);
            fd = NativeMethods.OpenAt(folder is null ? AtFdCwd : (int)folder.DangerousGetHandle(), path, flags);
            errno = fd >= 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        finally
        {
            if (added)
            {
                folder!.DangerousRelease();
            }
        }

        if (fd >= 0)
        {
            return new SafeFileHandle(fd, ownsHandle: true);
        }

        throw errno is Enoent or Enotdir ? new FileNotFoundException("File not found.") : new IOException($"open failed (errno {errno}).");
    }

    /// <summary>Runs <paramref name="call"/> with the descriptor of <paramref name="handle"/> (AT_FDCWD for null), kept alive meanwhile.</summary>
    internal static T WithFd<T>(SafeFileHandle? handle, Func<int, T> call)
    {
        if (handle is null)
        {
            return call(AtFdCwd);
        }

        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return call((int)handle.DangerousGetHandle());
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Type, device and inode (two identities are the same file when all match), size and link count, and the
    /// modification and status-change times in nanoseconds since the epoch (the repository index's stamps).
    /// </summary>
    internal readonly record struct FileIdentity(FileKind Kind, ulong Device, ulong Inode, long Size, uint Links = 1, long ModifiedNs = 0, long ChangedNs = 0);

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(16)]
        public uint Links;

        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(40)]
        public ulong Size;

        [FieldOffset(96)]
        public long ChangedSeconds;

        [FieldOffset(104)]
        public uint ChangedNanoseconds;

        [FieldOffset(112)]
        public long ModifiedSeconds;

        [FieldOffset(120)]
        public uint ModifiedNanoseconds;

        [FieldOffset(136)]
        public uint DeviceMajor;

        [FieldOffset(140)]
        public uint DeviceMinor;

        public readonly FileIdentity ToIdentity()
        {
            var kind = (Mode & 0xF000) switch
            {
                0x8000 => FileKind.Regular,
                0x4000 => FileKind.Directory,
                0xA000 => FileKind.SymbolicLink,
                _ => FileKind.Special,
            };
            return new FileIdentity(kind, ((ulong)DeviceMajor << 32) | DeviceMinor, Inode, (long)Size, Links,
                (ModifiedSeconds * 1_000_000_000) + ModifiedNanoseconds, (ChangedSeconds * 1_000_000_000) + ChangedNanoseconds);
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out StatxBuffer buffer);

        [DllImport("libc", EntryPoint = "openat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int OpenAt(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "pread", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern nint PRead(int fd, ref byte buffer, nint count, long offset);

        [DllImport("libc", EntryPoint = "readlink", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern nint ReadLink([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer, nint size);
    }
}
