using System.Runtime.InteropServices;

namespace RepoOrchestrator.Configuration;

/// <summary>
/// Whether a folder is this user's own and out of other users' reach (Linux statx and geteuid; .NET exposes no owner):
/// the default home must be owned by the effective user, and every folder above it (links resolved) owned by this user or
/// root and not writable by other users unless sticky (group-writable only for this process's own group), or another user could rename the home away and put their own (with a
/// token they know) in its place. chmod alone does not show this: root may chmod another user's folder.
/// </summary>
internal static class FolderOwnership
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxModeAndUid = 0x1 | 0x2 | 0x8 | 0x10; // type, mode, uid, gid
    private const ushort GroupWrite = 0x10; // 0020
    private const ushort OtherWrite = 0x2; // 0002
    private const ushort Sticky = 0x200; // 01000

    /// <summary>Why the default home <paramref name="folder"/> is not private to this user (a sentence), or null; null where it cannot tell (not Linux).</summary>
    public static string? Problem(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var own = Stat(folder);
        return own.Uid != NativeMethods.GetEUid() ? "belongs to another user" : AboveProblem(folder);
    }

    /// <summary>Why a folder above <paramref name="folder"/> (links resolved) lets another user swap it, or null.</summary>
    private static string? AboveProblem(string folder)
    {
        var me = NativeMethods.GetEUid();
        // SECURITY: whoever may write a folder above the home may swap the home itself.
        for (var above = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(RealFolder(folder))); above is not null; above = Path.GetDirectoryName(above))
        {
            var parent = Stat(above);
            if (parent.Uid != me && parent.Uid != 0)
            {
                return $"lies in {above}, which belongs to another user";
            }

            // Group-writable is fine when the group is this process's own (a user private group, umask 002).
            if (OthersMayWrite(parent) && (parent.Mode & Sticky) == 0)
            {
                return $"lies in {above}, which other users may write";
            }
        }

        return null;
    }

    /// <summary>
    /// Why a home named with ORCH_HOME is not this user's own (a sentence), or null; null where it cannot tell (not Linux).
    /// Its mode is the operator's, but a home another user owns or may write is never private: they could replace the token
    /// files, the state store or the audit log (a sticky bit does not help: they could create those names first).
    /// </summary>
    public static string? NamedHomeProblem(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var home = Stat(folder);
        if (home.Uid != NativeMethods.GetEUid())
        {
            return "belongs to another user";
        }

        // SECURITY: and, as for the default home, no other user may write a folder above it (they could swap it after the start).
        return OthersMayWrite(home) ? "may be written by other users" : AboveProblem(folder);
    }

    /// <summary>
    /// Why the folder a kept file lives in (a token file, the allowlist or the audit log) is not private, judged like a named
    /// home; a folder not made yet (the service creates it 0700) is judged by the nearest folder above it that exists, and a
    /// file that is a link by the folder of the file it names.
    /// </summary>
    public static string? FileFolderProblem(string file)
    {
        // SECURITY: a kept file that is a link (dangling or not) is read and written where it points: that folder is judged.
        var full = new FileInfo(Path.GetFullPath(file));
        var folder = Path.GetDirectoryName(full.LinkTarget is null ? full.FullName : full.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full.FullName);
        while (folder is not null && !Directory.Exists(folder))
        {
            folder = Path.GetDirectoryName(folder);
        }

        if (folder is null || !OperatingSystem.IsLinux())
        {
            return null;
        }

        folder = RealFolder(folder); // a link to the folder is judged by the folder it names
        return NamedHomeProblem(folder) is { } problem ? $"{folder} {problem}" : null;
    }

    private static bool OthersMayWrite(StatxBuffer folder) =>
        (folder.Mode & OtherWrite) != 0 || ((folder.Mode & GroupWrite) != 0 && folder.Gid != NativeMethods.GetEGid());

    /// <summary>realpath(3): every link on the way resolved by the kernel.</summary>
    private static string RealFolder(string folder)
    {
        var buffer = new byte[4096]; // PATH_MAX
        return NativeMethods.RealPath(folder, buffer) == 0
            ? throw new IOException($"realpath failed (errno {Marshal.GetLastPInvokeError()}).")
            : System.Text.Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0));
    }

    private static StatxBuffer Stat(string path) =>
        NativeMethods.Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxModeAndUid, out var buffer) == 0
            ? buffer
            : throw new IOException($"statx failed (errno {Marshal.GetLastPInvokeError()}).");

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(20)]
        public uint Uid;

        [FieldOffset(24)]
        public uint Gid;

        [FieldOffset(28)]
        public ushort Mode;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out StatxBuffer buffer);

        [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern nint RealPath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] resolved);

        [DllImport("libc", EntryPoint = "geteuid")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern uint GetEUid();

        [DllImport("libc", EntryPoint = "getegid")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern uint GetEGid();
    }
}
