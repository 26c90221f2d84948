using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// Linux statx(2) and open(2), the two calls .NET does not expose: the file type (FIFO, socket, device) and an
/// open that cannot block on a FIFO. statx has one layout on every architecture, so no per-architecture struct.
/// </summary>
internal static class LinuxFileStatus
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;
    private const uint StatxSize = 0x200;
    private const int OReadOnly = 0;
    private const int ONonBlock = 0x800;
    private const int ONoCtty = 0x100;
    private const int OCloseOnExec = 0x80000;
    private const int Enoent = 2;
    private const int Enotdir = 20;

    /// <summary>O_NOFOLLOW differs by architecture; where unknown, the identity check after open still catches a swap.</summary>
    private static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x20000,
        Architecture.Arm64 or Architecture.Arm => 0x8000,
        _ => 0,
    };

    /// <summary>lstat: the kind and identity of <paramref name="path"/> without following a final link.</summary>
    public static FileIdentity LStat(string path)
    {
        if (NativeMethods.Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxIno | StatxSize, out var buffer) == 0)
        {
            return buffer.ToIdentity();
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is Enoent or Enotdir
            ? new FileIdentity(FileKind.Missing, 0, 0, 0)
            : throw new IOException($"statx failed (errno {errno}).");
    }

    /// <summary>fstat on an open handle.</summary>
    public static FileIdentity FStat(SafeFileHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            var fd = (int)handle.DangerousGetHandle();
            return NativeMethods.Statx(fd, "", AtEmptyPath, StatxType | StatxIno | StatxSize, out var buffer) == 0
                ? buffer.ToIdentity()
                : throw new IOException($"statx failed (errno {Marshal.GetLastPInvokeError()}).");
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
    /// Opens read-only with O_NONBLOCK (a FIFO swapped in after the check opens at once instead of hanging),
    /// O_NOCTTY, O_CLOEXEC and O_NOFOLLOW.
    /// </summary>
    public static SafeFileHandle OpenReadNonBlocking(string path)
    {
        var fd = NativeMethods.Open(path, OReadOnly | ONonBlock | ONoCtty | OCloseOnExec | ONoFollow);
        if (fd >= 0)
        {
            return new SafeFileHandle(fd, ownsHandle: true);
        }

        var errno = Marshal.GetLastPInvokeError();
        throw errno is Enoent or Enotdir ? new FileNotFoundException("File not found.") : new IOException($"open failed (errno {errno}).");
    }

    /// <summary>The path the kernel has for an open descriptor (/proc/self/fd), or null when /proc is not mounted.</summary>
    public static string? PathOf(SafeFileHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return new FileInfo($"/proc/self/fd/{(int)handle.DangerousGetHandle()}").LinkTarget;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Type, device and inode: two identities are the same file when all match.</summary>
    internal readonly record struct FileIdentity(FileKind Kind, ulong Device, ulong Inode, long Size);

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(40)]
        public ulong Size;

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
            return new FileIdentity(kind, ((ulong)DeviceMajor << 32) | DeviceMinor, Inode, (long)Size);
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out StatxBuffer buffer);

        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
    }
}
