using Microsoft.Data.Sqlite;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.State;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.State;

public sealed class StateStoreTests
{
    [Fact]
    public async Task ConcurrentWriters_OnSeparateStores_LoseNoUpdate()
    {
        using var home = new TempDirectory();
        var options = new OrchestratorOptions { Home = home.Path };
        // Two independent stores = two "processes" (separate connection pools are not shared state).
        var a = new StateStore(ServiceHome.From(options));
        var b = new StateStore(ServiceHome.From(options));
        const int perWriter = 100;
        void Increment(StateStore store)
        {
            for (var i = 0; i < perWriter; i++)
            {
                store.Write((c, tx) =>
                {
                    using var read = c.CreateCommand();
                    read.Transaction = tx;
                    read.CommandText = "SELECT value FROM settings WHERE key = 'counter'";
                    var current = read.ExecuteScalar() is string s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 0;
                    StateStore.SetSetting(c, tx, "counter", (current + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                });
            }
        }

        await Task.WhenAll(Task.Run(() => Increment(a)), Task.Run(() => Increment(b)), Task.Run(() => Increment(a)), Task.Run(() => Increment(b)));
        Assert.Equal((4 * perWriter).ToString(System.Globalization.CultureInfo.InvariantCulture), a.GetSetting("counter"));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void Store_UsesWalAndMigratesOnce()
    {
        using var home = new TempDirectory();
        var options = new OrchestratorOptions { Home = home.Path };
        var store = new StateStore(ServiceHome.From(options));
        store.SetSetting("k", "v");
        var again = new StateStore(ServiceHome.From(options)); // migration re-run is a no-op
        Assert.Equal("v", again.GetSetting("k"));
        var mode = again.Read(c =>
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode";
            return cmd.ExecuteScalar() as string;
        });
        Assert.Equal("wal", mode);
        var version = again.Read(c =>
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA user_version";
            return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        });
        Assert.True(version >= 1);
        SqliteConnection.ClearAllPools();
    }
}
