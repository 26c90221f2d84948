using System.Runtime.InteropServices;

namespace RepoOrchestrator.Hosting;

/// <summary>
/// glibc's malloc settings for the serving process: blocks of <see cref="MmapThreshold"/> and more get a mapping of
/// their own, unmapped when freed. The largest native blocks the service asks for are the JIT's 64 KiB scratch slabs
/// while new code paths compile (the first searches, regexes and tree pages); with glibc's default, adaptive threshold
/// they land in a thread's arena once the threshold has risen, and the arena stays resident and fragmented after they
/// are freed (about 15 MiB after the bench's comparison step, 6 MiB of it even after `malloc_trim`; issue 19,
/// bench/RESULTS.md). Nothing on other C libraries or systems.
/// </summary>
internal static class NativeHeapSettings
{
    /// <summary>The fixed mmap threshold, in bytes.</summary>
    public const int MmapThreshold = 64 * 1024;

    private const int MMmapThreshold = -3; // glibc's M_MMAP_THRESHOLD

    /// <summary>Sets the threshold; false where there is no glibc `mallopt` or it refused.</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return NativeMethods.MallOpt(MMmapThreshold, MmapThreshold) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // not glibc (musl has no mallopt)
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "mallopt")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int MallOpt(int parameter, int value);
    }
}
