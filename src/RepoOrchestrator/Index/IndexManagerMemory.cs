using System.Runtime.InteropServices;

namespace RepoOrchestrator.Index;

/// <summary>
/// When a burst of /search and /tree work has ended, so that what it left resident can be handed back: paging through
/// a query's answers grows the managed heap (answers, regex automata, the files read to confirm hits) and the runtime's
/// native heap (the JIT's scratch memory while new code paths are compiled), and touches the index's mapped pages; none
/// of it is returned by the runtime on its own while the process is idle, so it stays in the resident set of every
/// later request (issue 19, bench/RESULTS.md). Decided on <see cref="IndexManager"/>'s existing once-a-second loop, not
/// on a timer of its own: a second with read work in it arms the release, the next second without any runs it, once.
/// A burst that allocated less than <see cref="MinAllocatedBytes"/> since the last release is not worth the pause.
/// </summary>
internal sealed class ReadBurstRelease
{
    /// <summary>Managed bytes allocated since the last release below which a finished burst releases nothing.</summary>
    public const long MinAllocatedBytes = 32L << 20;

    private volatile bool _worked;
    private bool _armed;
    private long _allocatedAtRelease;

    /// <summary>A search or tree request ran (called on every one: a read, and a write only the first time in a second).</summary>
    public void NoteWork()
    {
        if (!_worked)
        {
            _worked = true;
        }
    }

    /// <summary>
    /// Called once per tick of the loop with the process's managed bytes allocated so far: true when the burst that
    /// armed the release has ended (no work since the last tick) and allocated enough to be worth releasing.
    /// </summary>
    public bool Due(long allocatedBytes)
    {
        if (_worked)
        {
            _worked = false;
            _armed = true;
            return false;
        }

        if (!_armed)
        {
            return false;
        }

        _armed = false;
        if (allocatedBytes - _allocatedAtRelease < MinAllocatedBytes)
        {
            return false; // small: counted towards the next burst
        }

        _allocatedAtRelease = allocatedBytes;
        return true;
    }
}

/// <summary>The operating-system side of a release: pages of a read-only mapping and the C heap's free memory.</summary>
internal static class ResidentMemory
{
    private const int MadvDontNeed = 4; // Linux MADV_DONTNEED
    private static bool s_noMallocTrim;

    /// <summary>
    /// Drops this process's page-table entries of a read-only file mapping: the pages stay in the page cache (and the
    /// mapping in place), so the next read of them is a minor fault that finds the same bytes; only RSS changes.
    /// </summary>
    public static void DropMappedPages(SafeHandle view, ulong length)
    {
        if (!OperatingSystem.IsLinux() || length == 0)
        {
            return;
        }

        var added = false;
        try
        {
            view.DangerousAddRef(ref added);
            _ = NativeMethods.MAdvise(view.DangerousGetHandle(), (nuint)length, MadvDontNeed); // nothing to do when it refuses
        }
        finally
        {
            if (added)
            {
                view.DangerousRelease();
            }
        }
    }

    /// <summary>Returns the free pages of glibc's heaps to the system (`malloc_trim(0)`); nothing elsewhere (musl has no such call).</summary>
    public static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux() || s_noMallocTrim)
        {
            return;
        }

        try
        {
            _ = NativeMethods.MallocTrim(0);
        }
        catch (EntryPointNotFoundException)
        {
            s_noMallocTrim = true;
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "madvise")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int MAdvise(nint address, nuint length, int advice);

        [DllImport("libc", EntryPoint = "malloc_trim")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int MallocTrim(nuint pad);
    }
}
