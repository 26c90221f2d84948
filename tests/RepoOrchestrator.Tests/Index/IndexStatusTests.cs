using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Index;

/// <summary>/ui/status shows the active repository's index to the admin: its state, size and build time.</summary>
public sealed class IndexStatusTests
{
    [Fact]
    public async Task UiStatus_ShowsTheActiveIndex_ToTheAdminOnly()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.py", "x = 1\n"), ("b.py", "y = 2\n"));
        await app.WaitForIndexAsync();
        using var admin = app.CreateClient(TestRole.Admin);
        using var reader = app.CreateClient(TestRole.Actions);

        var status = await (await admin.Get("/ui/status")).Json();
        Assert.Equal("ready", status.GetProperty("index_state").GetString());
        Assert.Equal(2, status.GetProperty("index_files").GetInt32());
        Assert.True(status.GetProperty("index_disk_bytes").GetInt64() > 0);
        Assert.True(status.GetProperty("index_build_ms").GetInt64() >= 0);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await (await reader.Get("/ui/status")).Json()).GetProperty("index_state").ValueKind);
        Assert.NotNull(repo);
    }

    [Fact]
    public async Task IndexOff_SaysOff_AndAnswersByScan()
    {
        await using var app = new OrchestratorApp().With("ORCH_INDEX", "off");
        await app.RepoWith(("a.py", "off_marker = 1\n"));
        using var admin = app.CreateClient(TestRole.Admin);
        Assert.Equal("off", (await (await admin.Get("/ui/status")).Json()).GetProperty("index_state").GetString());
        var (hits, use) = await admin.SearchAllAsync("q=off_marker");
        Assert.Equal("off", use);
        Assert.Single(hits);
        Assert.False(Directory.Exists(Path.Combine(app.Home, "index")));
    }
}
