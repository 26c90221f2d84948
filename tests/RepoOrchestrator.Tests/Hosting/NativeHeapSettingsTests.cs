using System.Runtime.InteropServices;
using RepoOrchestrator.Hosting;
using RepoOrchestrator.Tests.Index;

namespace RepoOrchestrator.Tests.Hosting;

/// <summary>The serving process's malloc gives 64 KiB blocks (the JIT's scratch slabs) mappings of their own.</summary>
public sealed class NativeHeapSettingsTests
{
    [LinuxFact]
    public void After_Apply_A64KiBBlock_IsItsOwnMapping()
    {
        Assert.True(NativeHeapSettings.Apply(), "mallopt(M_MMAP_THRESHOLD) refused or missing (this test expects glibc)");
        for (var i = 0; i < 8; i++)
        {
            var block = Marshal.AllocHGlobal(NativeHeapSettings.MmapThreshold); // malloc on Unix
            try
            {
                // glibc puts a mapped chunk's 16-byte header at the start of its own page-aligned mapping; a block
                // carved from an arena sits anywhere on a 16-byte boundary.
                Assert.Equal(16, block.ToInt64() & 0xFFF);
            }
            finally
            {
                Marshal.FreeHGlobal(block);
            }
        }
    }
}
