using System.Net;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Faults;

/// <summary>ORCH_HOME on a real, tiny tmpfs filled to the last byte: no injected fault, the kernel's own ENOSPC for every file in it.</summary>
public sealed class RealDiskFullTests
{
    [TmpfsFact]
    public async Task Read_HomeOnFullTmpfs_Is507ThenRecoversWhenSpaceReturns()
    {
        using var disk = TmpfsMount.Create("2m");
        await using var app = new OrchestratorApp(home: disk.Path) { UseFakeTime = true };
        await app.RepoWith(("a.txt", "hello\n"), ("b.txt", "other content\n"));
        using var client = app.CreateClient(TestRole.Actions);
        using var anonymous = app.CreateClient();
        using (var first = await client.Get("/file?path=a.txt"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var filler = TmpfsMount.FillUp(disk.Path);

        using (var refused = await client.Get("/file?path=b.txt"))
        {
            Assert.True(refused.StatusCode == HttpStatusCode.InsufficientStorage, await refused.Content.ReadAsStringAsync());
            Assert.Contains("cannot be written: no space left on device.", await refused.Detail(), StringComparison.Ordinal);
        }

        using (var health = await anonymous.Get("/health"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }

        File.Delete(filler);
        app.Time.Advance(TimeSpan.FromSeconds(1));

        using (var health = await anonymous.Get("/health"))
        {
            Assert.True(health.StatusCode == HttpStatusCode.OK, await health.Content.ReadAsStringAsync());
        }

        using var served = await client.Get("/file?path=b.txt");
        Assert.True(served.StatusCode == HttpStatusCode.OK, await served.Content.ReadAsStringAsync());
        Assert.Equal("other content\n", await served.Content.ReadAsStringAsync());
        Assert.False(app.Service<RepoOrchestrator.Security.Panic.PanicService>().IsPanicOn());
    }

    [TmpfsFact]
    public async Task BadTokens_HomeOnFullTmpfs_LockdownAtExactlyTheThresholdAndKeptOnceSpaceReturns()
    {
        using var disk = TmpfsMount.Create("2m");
        await using (var app = new OrchestratorApp(home: disk.Path) { UseFakeTime = true })
        {
            using var anonymous = app.CreateClient();
            using (var before = await anonymous.Get("/health"))
            {
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }

            var filler = TmpfsMount.FillUp(disk.Path);
            await StoreFullLockdownTests.SendBadTokensOneByOneAsync(app, anonymous, 4); // ORCH_PANIC_AUTH_THRESHOLD is 5
            await Security.SecurityApi.SendBadTokensAsync(app, 1);
            await StoreFullLockdownTests.AssertLockedAsync(anonymous);

            File.Delete(filler);
            app.Time.Advance(RepoOrchestrator.Security.Panic.PanicService.FlushInterval);
            await StoreFullLockdownTests.AssertLockedAsync(anonymous);
            Assert.Equal(("1", 5), StoreFullLockdownTests.Stored(app));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var restarted = new OrchestratorApp(home: disk.Path);
        using var again = restarted.CreateClient();
        await StoreFullLockdownTests.AssertLockedAsync(again);
    }
}
