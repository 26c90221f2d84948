using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using Microsoft.Win32.SafeHandles;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// Lists an open folder through its descriptor with getdents64(2): the names come from the folder that was
/// opened, never from a path looked up again (opendir(path) would follow a folder swapped for a link after it
/// was checked). The kind comes from the entry's d_type, or an lstat relative to the same descriptor where the
/// file system does not fill it in.
/// </summary>
internal static class LinuxFolderEntries
{
    private const int BufferSize = 32 * 1024;
    private const byte DtUnknown = 0;
    private const byte DtDir = 4;
    private const byte DtReg = 8;
    private const byte DtLnk = 10;
    private const int SeekSet = 0;

    /// <summary>The entries of <paramref name="folder"/> except "." and "..", each with its kind (links reported, not followed).</summary>
    public static List<(string Name, FileKind Kind)> Read(SafeFileHandle folder)
    {
        var entries = new List<(string, FileKind)>();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            LinuxFileStatus.WithFd(folder, fd => NativeMethods.LSeek(fd, 0, SeekSet));
            while (true)
            {
                var read = LinuxFileStatus.WithFd(folder, fd => NativeMethods.GetDents64(fd, buffer, BufferSize));
                if (read < 0)
                {
                    throw new IOException($"getdents64 failed (errno {Marshal.GetLastPInvokeError()}).");
                }

                if (read == 0)
                {
                    return entries;
                }

                Parse(folder, buffer.AsSpan(0, (int)read), entries);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, then the NUL-terminated name.</summary>
    private static void Parse(SafeFileHandle folder, ReadOnlySpan<byte> records, List<(string, FileKind)> entries)
    {
        var at = 0;
        while (at + 19 < records.Length)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(records[(at + 16)..]);
            if (length < 20 || at + length > records.Length)
            {
                throw new IOException("getdents64 returned a malformed record."); // SECURITY: fail closed on a bad record
            }

            var type = records[at + 18];
            var nameBytes = records.Slice(at + 19, length - 19);
            var nul = nameBytes.IndexOf((byte)0);
            nameBytes = nul < 0 ? nameBytes : nameBytes[..nul];
            at += length;
            if (nameBytes.SequenceEqual("."u8) || nameBytes.SequenceEqual(".."u8))
            {
                continue;
            }

            if (!Utf8.IsValid(nameBytes))
            {
                continue; // a name that is not UTF-8 could not be opened again by the name shown: not listed
            }

            var name = Encoding.UTF8.GetString(nameBytes);
            var kind = type switch
            {
                DtDir => FileKind.Directory,
                DtReg => FileKind.Regular,
                DtLnk => FileKind.SymbolicLink,
                DtUnknown => LinuxFileStatus.LStatAt(folder, name).Kind,
                _ => FileKind.Special,
            };
            entries.Add((name, kind));
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "getdents64", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern nint GetDents64(int fd, [Out] byte[] buffer, nint count);

        [DllImport("libc", EntryPoint = "lseek", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern long LSeek(int fd, long offset, int whence);
    }
}
