using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Security;

public sealed class SafeFileAccessTests
{
    private static readonly ServedFileRule Rule = new(PathPolicy.From(new OrchestratorOptions()), new ServiceFiles(ServiceFilePaths.From(new OrchestratorOptions())));

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void OpenRegular_HardLink_IsRefusedUnlessAllowed()
    {
        using var dir = new TempDirectory("safe");
        var original = dir.Combine("original.txt");
        File.WriteAllText(original, "shared bytes");
        var link = dir.Combine("link.txt");
        ReadPathTestKit.HardLink(original, link);

        Assert.Throws<HardLinkException>(() => SafeFileAccess.OpenRegular(link, Rule));
        Assert.Throws<HardLinkException>(() => SafeFileAccess.OpenRegular(original, Rule)); // both names are links now

        var allowing = new OrchestratorOptions { AllowHardLinks = true };
        using var handle = SafeFileAccess.OpenRegular(link, new ServedFileRule(PathPolicy.From(allowing), new ServiceFiles(ServiceFilePaths.From(allowing))), out var length);
        Assert.Equal(12, length);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void FolderHandle_ChildSwappedForLink_IsNotOpenedAndListingComesFromTheDescriptor()
    {
        using var dir = new TempDirectory("safe");
        Directory.CreateDirectory(dir.Combine("repo", "sub"));
        File.WriteAllText(dir.Combine("repo", "sub", "inside.txt"), "in");
        Directory.CreateDirectory(dir.Combine("outside"));
        File.WriteAllText(dir.Combine("outside", "OUTSIDE_MARKER.txt"), "out");
        File.CreateSymbolicLink(dir.Combine("repo", "alias"), dir.Combine("outside"));

        using var repo = SafeFileAccess.OpenFolder(dir.Combine("repo"))!;
        Assert.ThrowsAny<IOException>(() => repo.OpenChild("alias"));
        using var sub = repo.OpenChild("sub");

        // Swap the opened folder's name for a link to the outside folder: the descriptor still lists the original.
        Directory.Move(dir.Combine("repo", "sub"), dir.Combine("repo", "moved"));
        File.CreateSymbolicLink(dir.Combine("repo", "sub"), dir.Combine("outside"));
        Assert.Equal([("inside.txt", FileKind.Regular)], sub.ReadEntries());
        Assert.Contains(("alias", FileKind.SymbolicLink), repo.ReadEntries());
        Assert.ThrowsAny<IOException>(() => repo.OpenChild("sub"));
    }

    [Fact]
    public async Task OpenRegular_Fifo_IsRefusedWithoutBlocking()
    {
        using var dir = new TempDirectory("safe");
        var fifo = ReadPathTestKit.MakeFifo(dir.Combine("pipe.txt"));

        var open = Task.Run(() => SafeFileAccess.OpenRegular(fifo, Rule));

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

        Assert.Equal(FileKind.SymbolicLink, Assert.Throws<FileKindException>(() => SafeFileAccess.OpenRegular(link, Rule)).Kind);
    }

    [Fact]
    public void OpenRegular_Folder_IsRefused()
    {
        using var dir = new TempDirectory("safe");

        Assert.Equal(FileKind.Directory, Assert.Throws<FileKindException>(() => SafeFileAccess.OpenRegular(dir.Path, Rule)).Kind);
    }

    [Fact]
    public void OpenRegular_Missing_IsNotFound()
    {
        using var dir = new TempDirectory("safe");

        Assert.Throws<FileNotFoundException>(() => SafeFileAccess.OpenRegular(dir.Combine("missing.txt"), Rule));
        Assert.Equal(FileKind.Missing, SafeFileAccess.GetKind(dir.Combine("missing.txt")));
    }

    [Fact]
    public void OpenRegular_RegularFile_ReadsItsBytes()
    {
        using var dir = new TempDirectory("safe");
        var file = dir.WriteFile("a.txt", "hello");

        using var handle = SafeFileAccess.OpenRegular(file, Rule);
        using var bytes = PooledBytes.Read(handle, 100);

        Assert.Equal("hello"u8.ToArray(), bytes!.Span.ToArray());
    }

    [Fact]
    public void PooledBytes_FileOverTheLimit_IsNull()
    {
        using var dir = new TempDirectory("safe");
        var file = dir.WriteFile("a.txt", "0123456789");

        using var handle = SafeFileAccess.OpenRegular(file, Rule);

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

        using (var handle = SafeFileAccess.OpenRegular(folder, dir.Path, "a.txt", Rule, out var length))
        {
            Assert.Equal(6, length);
        }

        Assert.Throws<FileKindException>(() => SafeFileAccess.OpenRegular(folder, dir.Path, "link.txt", Rule, out _));
        Assert.Throws<FileKindException>(() => SafeFileAccess.OpenRegular(folder, dir.Path, "sub/b.txt", Rule, out _));
        Assert.Throws<FileKindException>(() => SafeFileAccess.OpenRegular(folder, dir.Path, "..", Rule, out _));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task OpenListedWithStatus_NameSwappedAfterListing_ReadsOnlyTheRegularFileInsideTheFolder()
    {
        using var dir = new TempDirectory("safe");
        dir.WriteFile("outside/SECRET.txt", "OUTSIDE_MARKER");
        dir.WriteFile("repo/a.txt", "inside");
        dir.WriteFile("repo/sub/b.txt", "nested");
        using var folder = SafeFileAccess.OpenFolder(dir.Combine("repo"))!;

        // Each name was a regular file when the walk listed it; by the open it is something else.
        File.CreateSymbolicLink(dir.Combine("repo", "link.txt"), dir.Combine("outside", "SECRET.txt"));
        ReadPathTestKit.HardLink(dir.Combine("outside", "SECRET.txt"), dir.Combine("repo", "hard.txt"));
        ReadPathTestKit.MakeFifo(dir.Combine("repo", "pipe.txt"));
        Directory.CreateDirectory(dir.Combine("repo", "folder.txt"));
        string[] refused = ["link.txt", "hard.txt", "pipe.txt", "folder.txt", "sub/b.txt", "..", ".", "", "missing.txt"];

        foreach (var name in refused)
        {
            var open = Task.Run(() => SafeFileAccess.OpenListedWithStatus(folder, dir.Combine("repo"), name, Rule, out _));
            await Assert.ThrowsAnyAsync<IOException>(() => open.WaitAsync(TimeSpan.FromSeconds(20))); // never blocks, never opens
        }

        using var handle = SafeFileAccess.OpenListedWithStatus(folder, dir.Combine("repo"), "a.txt", Rule, out var status);
        using var bytes = PooledBytes.Read(handle, 100);
        Assert.Equal("inside"u8.ToArray(), bytes!.Span.ToArray());
        Assert.Equal(FileKind.Regular, status.Kind);
        Assert.Equal(6, status.Size);
        Assert.Equal(LinuxFileStatus.LStat(dir.Combine("repo", "a.txt")).Inode, status.Inode); // the stamp is the opened file's
    }
    [Fact]
    public void DirectPRead_OnlyWhereOffTIs64Bits()
    {
        Assert.True(LinuxFileStatus.DirectPRead(8)); // 64-bit Linux: off_t is 64 bits in glibc and musl
        Assert.False(LinuxFileStatus.DirectPRead(4)); // 32-bit glibc's pread takes a 32-bit off_t: the runtime's read instead
    }

    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void ReadAt_ReadsTheBytesAtTheOffset_PastFourGiB()
    {
        using var dir = new TempDirectory("safe");
        var path = dir.Combine("sparse.bin");
        const long far = (4L << 30) + 3; // a 32-bit offset would wrap to 3
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write("near"u8);
            stream.Position = far;
            stream.Write("far!"u8);
        }

        using var handle = File.OpenHandle(path);
        var buffer = new byte[8];
        Assert.Equal(4, LinuxFileStatus.ReadAt(handle, buffer, far));
        Assert.Equal("far!"u8.ToArray(), buffer[..4]);
        Assert.Equal(3, LinuxFileStatus.ReadAt(handle, buffer.AsSpan(0, 3), 1));
        Assert.Equal("ear"u8.ToArray(), buffer[..3]);
    }
}
