using System.Runtime.InteropServices;
using RepoOrchestrator.Hosting;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Hosting;

/// <summary>The serving process's malloc gives 64 KiB blocks (the JIT's scratch slabs) mappings of their own.</summary>
public sealed class NativeHeapSettingsTests
{
    [LinuxFact]
    public void After_Apply_64KiBBlocks_GetMappingsOfTheirOwn_OnceTheArenasFreeSpaceIsUsed()
    {
        Assert.True(NativeHeapSettings.Apply(), "mallopt(M_MMAP_THRESHOLD) refused or missing (this test expects glibc)");
        var blocks = new List<nint>();
        try
        {
            for (var i = 0; i < 256; i++)
            {
                blocks.Add(Marshal.AllocHGlobal(NativeHeapSettings.MmapThreshold)); // malloc on Unix
            }

            // glibc puts a mapped chunk's 16-byte header at the start of its own page-aligned mapping; blocks carved from
            // an arena (its free space first: the threshold only decides how it grows) sit anywhere on a 16-byte boundary,
            // 65,552 bytes apart. Without the setting all 256 (16 MiB) would grow an arena.
            var mapped = blocks.Count(b => (b & 0xFFF) == 16);
            Assert.True(mapped >= 128, $"only {mapped} of 256 blocks of 64 KiB got a mapping of their own");
        }
        finally
        {
            blocks.ForEach(Marshal.FreeHGlobal);
        }
    }
}
