using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Snapshots;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Snapshots;

public sealed class SnapshotMirrorTests
{
    [Fact]
    public void Store_ReReadWithinASecond_KeepsTheMtimeAndALaterReadMovesIt()
    {
        using var home = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var store = new SnapshotStore(SnapshotSettings.From(new OrchestratorOptions { Home = home.Path }), time, NullLogger<SnapshotStore>.Instance);
        var content = Encoding.UTF8.GetBytes("print('hi')\n");

        var first = store.Store(content);
        var written = File.GetLastWriteTimeUtc(first.FilePath);
        Assert.Equal(time.GetUtcNow().UtcDateTime, written);

        time.Advance(TimeSpan.FromMilliseconds(500));
        store.Store(content);
        Assert.Equal(written, File.GetLastWriteTimeUtc(first.FilePath)); // no metadata write for a re-read a moment later

        time.Advance(TimeSpan.FromMilliseconds(600));
        store.Store(content);
        Assert.Equal(time.GetUtcNow().UtcDateTime, File.GetLastWriteTimeUtc(first.FilePath));
    }

    [Fact]
    public void Store_SnapshotFileRemovedBehindItsBack_IsWrittenAgainAtOnce()
    {
        using var home = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var store = new SnapshotStore(SnapshotSettings.From(new OrchestratorOptions { Home = home.Path }), time, NullLogger<SnapshotStore>.Instance);
        var content = Encoding.UTF8.GetBytes("print('hi')\n");
        var first = store.Store(content);

        File.Delete(first.FilePath);
        store.Store(content);

        Assert.Equal(content, File.ReadAllBytes(first.FilePath));
    }
}
