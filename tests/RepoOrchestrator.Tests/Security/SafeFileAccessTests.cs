using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.ReadPath;

namespace RepoOrchestrator.Tests.Security;

public sealed class SafeFileAccessTests
{
    [Fact]
    public async Task OpenRegular_Fifo_IsRefusedWithoutBlocking()
    {
        using var dir = new TempDirectory("safe");
        var fifo = ReadPathTestKit.MakeFifo(dir.Combine("pipe.txt"));

        var open = Task.Run(() => SafeFileAccess.OpenRegular(fifo));

        var ex = await Assert.ThrowsAsync<FileKindException>(() => open.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(FileKind.Special, ex.Kind);
        Assert.Equal(FileKind.Special, SafeFileAccess.GetKind(fifo));
    }

    [Fact]
    public void OpenRegular_FinalSymbolicLink_IsNotFollowed()
    {
        using var dir = new TempDirectory("safe");
        var target = dir.WriteFile("target.txt", "x");
        var link = dir.Combine("link.txt");
        File.CreateSymbolicLink(link, target);

        Assert.Equal(FileKind.SymbolicLink, Assert.Throws<FileKindException>(() => SafeFileAccess.OpenRegular(link)).Kind);
    }

    [Fact]
    public void OpenRegular_Folder_IsRefused()
    {
        using var dir = new TempDirectory("safe");

        Assert.Equal(FileKind.Directory, Assert.Throws<FileKindException>(() => SafeFileAccess.OpenRegular(dir.Path)).Kind);
    }

    [Fact]
    public void OpenRegular_Missing_IsNotFound()
    {
        using var dir = new TempDirectory("safe");

        Assert.Throws<FileNotFoundException>(() => SafeFileAccess.OpenRegular(dir.Combine("missing.txt")));
        Assert.Equal(FileKind.Missing, SafeFileAccess.GetKind(dir.Combine("missing.txt")));
    }

    [Fact]
    public void OpenRegular_RegularFile_ReadsItsBytes()
    {
        using var dir = new TempDirectory("safe");
        var file = dir.WriteFile("a.txt", "hello");

        using var handle = SafeFileAccess.OpenRegular(file);
        using var bytes = PooledBytes.Read(handle, 100);

        Assert.Equal("hello"u8.ToArray(), bytes!.Span.ToArray());
    }

    [Fact]
    public void PooledBytes_FileOverTheLimit_IsNull()
    {
        using var dir = new TempDirectory("safe");
        var file = dir.WriteFile("a.txt", "0123456789");

        using var handle = SafeFileAccess.OpenRegular(file);

        Assert.Null(PooledBytes.Read(handle, 9));
    }

    [Fact]
    public void OpenFolder_LinkToAFolder_IsRefused()
    {
        using var dir = new TempDirectory("safe");
        Directory.CreateDirectory(dir.Combine("real"));
        File.CreateSymbolicLink(dir.Combine("alias"), dir.Combine("real"));

        Assert.ThrowsAny<IOException>(() => SafeFileAccess.OpenFolder(dir.Combine("alias")));
    }

    [Fact]
    public void OpenRegularInFolder_OneComponentOnly_ReadsAndRefusesLinksAndPaths()
    {
        using var dir = new TempDirectory("safe");
        dir.WriteFile("a.txt", "inside");
        dir.WriteFile("sub/b.txt", "nested");
        File.CreateSymbolicLink(dir.Combine("link.txt"), dir.Combine("a.txt"));
        using var folder = SafeFileAccess.OpenFolder(dir.Path);

        using (var handle = SafeFileAccess.OpenRegular(folder, dir.Path, "a.txt", out var length))
        {
            Assert.Equal(6, length);
        }

        Assert.Throws<FileKindException>(() => SafeFileAccess.OpenRegular(folder, dir.Path, "link.txt", out _));
        Assert.Throws<FileKindException>(() => SafeFileAccess.OpenRegular(folder, dir.Path, "sub/b.txt", out _));
        Assert.Throws<FileKindException>(() => SafeFileAccess.OpenRegular(folder, dir.Path, "..", out _));
    }
}
