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

        var index = (await (await admin.Get("/ui/status")).Json()).GetProperty("index");
        Assert.Equal("ready", index.GetProperty("state").GetString());
        Assert.Equal(2, index.GetProperty("files").GetInt32());
        Assert.True(index.GetProperty("disk_bytes").GetInt64() > 0);
        Assert.True(index.GetProperty("build_ms").GetInt64() >= 0);
        Assert.False((await (await reader.Get("/ui/status")).Json()).TryGetProperty("index", out _));
        Assert.NotNull(repo);
    }

    [Fact]
    public async Task IndexOff_SaysOff_AndAnswersByScan()
    {
        await using var app = new OrchestratorApp().With("ORCH_INDEX", "off");
        await app.RepoWith(("a.py", "off_marker = 1\n"));
        using var admin = app.CreateClient(TestRole.Admin);
        Assert.Equal("off", (await (await admin.Get("/ui/status")).Json()).GetProperty("index").GetProperty("state").GetString());
        var (hits, use) = await admin.SearchAllAsync("q=off_marker");
        Assert.Equal("off", use);
        Assert.Single(hits);
        Assert.False(Directory.Exists(Path.Combine(app.Home, "index")));
    }
}
