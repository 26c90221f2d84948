using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Snapshots;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Snapshots;

public sealed class SnapshotTests
{
    [Fact]
    public async Task File_SixteenConcurrentReads_AllCompleteIdenticalAndTheSnapshotHoldsWhatTheAuditPointsAt()
    {
        await using var app = new OrchestratorApp();
        var text = ReadPathTestKit.Lines(400, "some fairly long line of source code to make the file bigger");
        await app.RepoWith(("src/big.cs", text));
        using var client = app.CreateClient(TestRole.Actions);

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var response = await client.Get("/file?path=src/big.cs&start_line=1&end_line=400");
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(), Hash: response.Headers.GetValues("X-Content-SHA256").Single());
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(responses, r => Assert.Equal(text, r.Body));
        var audit = app.AuditLines("READ_SNAPSHOT");
        Assert.Equal(16, audit.Count);
        var hash = ReadPathTestKit.Sha256(text);
        Assert.All(audit, l => Assert.Contains($"| HASH:{hash} |", l, StringComparison.Ordinal));

        // A whole, clean file: the body is the file, so the audit HASH names the content-addressed snapshot.
        var folder = Path.Combine(app.Home, ".orch_snapshots");
        var snapshot = Assert.Single(Directory.GetFiles(folder));
        Assert.Equal(hash, Path.GetFileName(snapshot));
        Assert.Equal(text, await File.ReadAllTextAsync(snapshot));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(snapshot));
        }
    }

    [Fact]
    public async Task File_ReadOfChangedFile_TakesANewSnapshotOfTheNewBytes()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal("one\n", await (await client.Get("/file?path=a.txt")).Content.ReadAsStringAsync());
        repo.Write("a.txt", "two\n");
        Assert.Equal("two\n", await (await client.Get("/file?path=a.txt")).Content.ReadAsStringAsync());

        var names = Directory.GetFiles(Path.Combine(app.Home, ".orch_snapshots")).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(new[] { ReadPathTestKit.Sha256("one\n"), ReadPathTestKit.Sha256("two\n") }.Order().ToArray(), names);
    }

    [Fact]
    public async Task Snapshots_AfterTheTtl_AreShreddedThenRemoved()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        app.With("ORCH_SNAPSHOT_TTL", "240");
        await app.RepoWith(("a.txt", "secret-ish content\n"));
        using var client = app.CreateClient(TestRole.Actions);
        await client.Get("/file?path=a.txt");
        var folder = Path.Combine(app.Home, ".orch_snapshots");
        var snapshot = Assert.Single(Directory.GetFiles(folder));
        var witness = HardLink(snapshot, Path.Combine(app.Home, "witness"));
        var sweeper = app.Service<SnapshotCleanupService>();

        // The background loop sweeps every 60 s of the same clock: step it one tick at a time and wait for each of
        // its sweeps, so no sweep of the loop is still pending when the clock moves on.
        for (var tick = 1; tick <= 3; tick++)
        {
            var loop = sweeper.NextLoopSweep;
            app.Time.Advance(SnapshotCleanupService.Interval);
            Assert.Equal(0, await loop.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        app.Time.Advance(TimeSpan.FromSeconds(20)); // 200 s: before the next tick (240 s) and within the TTL
        Assert.Equal(0, await sweeper.SweepAsync());
        Assert.Single(Directory.GetFiles(folder));

        var expired = sweeper.NextLoopSweep;
        app.Time.Advance(TimeSpan.FromSeconds(41)); // 241 s: past the TTL; the tick at 240 s sweeps
        Assert.Equal(1, await expired.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Empty(Directory.GetFiles(folder));
        var left = await File.ReadAllBytesAsync(witness); // same inode: shows what the snapshot held when unlinked
        Assert.Equal("secret-ish content\n".Length, left.Length);
        Assert.All(left, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task Snapshots_ReadAgainBeforeTheTtl_AreKeptFromTheLastUse()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        await app.RepoWith(("a.txt", "content\n"));
        using var client = app.CreateClient(TestRole.Actions);
        var sweeper = app.Service<SnapshotCleanupService>();
        var folder = Path.Combine(app.Home, ".orch_snapshots");

        await client.Get("/file?path=a.txt");
        app.Time.Advance(TimeSpan.FromSeconds(200));
        await client.Get("/file?path=a.txt");
        app.Time.Advance(TimeSpan.FromSeconds(200));
        await sweeper.SweepAsync();
        Assert.Single(Directory.GetFiles(folder));

        app.Time.Advance(TimeSpan.FromSeconds(41));
        await sweeper.SweepAsync();
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task CleanupLoop_EverySixtySecondsOnTheClock_RemovesExpiredSnapshots()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        app.With("ORCH_SNAPSHOT_TTL", "30");
        await app.RepoWith(("a.txt", "content\n"));
        using var client = app.CreateClient(TestRole.Actions);
        await client.Get("/file?path=a.txt");
        var folder = Path.Combine(app.Home, ".orch_snapshots");
        Assert.Single(Directory.GetFiles(folder));
        var sweeper = app.Service<SnapshotCleanupService>();

        var sweep = sweeper.NextLoopSweep;
        app.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await sweep.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void Sweep_SnapshotLeftFromBeforeARestart_ExpiresByItsModificationTime()
    {
        using var home = new TempDirectory("snap");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new OrchestratorOptions { Home = home.Path, SnapshotTtlSeconds = 240 };
        var store = new SnapshotStore(SnapshotSettings.From(options), time, NullLogger<SnapshotStore>.Instance);
        var folder = Path.Combine(home.Path, ".orch_snapshots");
        Directory.CreateDirectory(folder);
        var old = Path.Combine(folder, new string('a', 64));
        var fresh = Path.Combine(folder, new string('b', 64));
        var staleTemp = Path.Combine(folder, SnapshotStore.TempPrefix + "crash");
        var foreign = Path.Combine(folder, "notes.txt");
        foreach (var file in new[] { old, fresh, staleTemp, foreign })
        {
            File.WriteAllText(file, "x");
        }

        File.SetLastWriteTimeUtc(old, time.GetUtcNow().UtcDateTime.AddSeconds(-241));
        File.SetLastWriteTimeUtc(staleTemp, time.GetUtcNow().UtcDateTime.AddSeconds(-241));
        File.SetLastWriteTimeUtc(fresh, time.GetUtcNow().UtcDateTime.AddSeconds(-10));
        File.SetLastWriteTimeUtc(foreign, time.GetUtcNow().UtcDateTime.AddSeconds(-10_000));

        Assert.Equal(2, store.Sweep());

        Assert.Equal(new[] { fresh, foreign }.Order(), Directory.GetFiles(folder).Order());
    }

    [Fact]
    public void Store_SameContentTwice_WritesOneSnapshot()
    {
        using var home = new TempDirectory("snap");
        var store = new SnapshotStore(SnapshotSettings.From(new OrchestratorOptions { Home = home.Path }), TimeProvider.System, NullLogger<SnapshotStore>.Instance);

        var first = store.Store("same"u8);
        var second = store.Store("same"u8);

        Assert.Equal(first, second);
        Assert.Equal(ReadPathTestKit.Sha256("same"), first.Id);
        Assert.Single(Directory.GetFiles(store.Folder));
    }

    [Fact]
    public void Shred_RegularFile_ZeroFillsBeforeUnlinking()
    {
        using var dir = new TempDirectory("shred");
        var file = dir.WriteFile("snap", "sensitive bytes");
        var witness = HardLink(file, dir.Combine("witness"));

        SnapshotShredder.Shred(file);

        Assert.False(File.Exists(file));
        var left = File.ReadAllBytes(witness);
        Assert.Equal(15, left.Length);
        Assert.All(left, b => Assert.Equal(0, b));
    }

    [Fact]
    public void ZeroFill_KeepsLengthAndWritesOnlyZeros()
    {
        using var dir = new TempDirectory("shred");
        var file = dir.WriteFile("big", new string('q', 200_000));

        SnapshotShredder.ZeroFill(file);

        var bytes = File.ReadAllBytes(file);
        Assert.Equal(200_000, bytes.Length);
        Assert.DoesNotContain(bytes, b => b != 0);
    }

    [Fact]
    public void Shred_LinkPlantedInTheFolder_RemovesTheLinkButNeverTouchesItsTarget()
    {
        using var dir = new TempDirectory("shred");
        var target = dir.WriteFile("precious.txt", "keep me");
        var link = dir.Combine("link");
        File.CreateSymbolicLink(link, target);

        SnapshotShredder.Shred(link);

        Assert.False(File.Exists(link));
        Assert.Equal("keep me", File.ReadAllText(target));
    }

    private static string HardLink(string existing, string link)
    {
        using var p = Process.Start(new ProcessStartInfo("ln", [existing, link]))!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return link;
    }
}
