using RepoOrchestrator.Files;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Files;

public sealed class FileBodyCacheTests
{
    [Fact]
    public void TryGet_SameContentAndRange_ReturnsTheBodyAndOtherRangesMiss()
    {
        var cache = new FileBodyCache();
        var body = new FileBody("a\n"u8.ToArray(), false, 3, 1, "hash");
        cache.Add("sha", 1, 1, 100, body);

        Assert.True(cache.TryGet("sha", 1, 1, 100, out var hit));
        Assert.Same(body, hit);
        Assert.False(cache.TryGet("sha", 1, null, 100, out _));
        Assert.False(cache.TryGet("sha", 2, 1, 100, out _));
        Assert.False(cache.TryGet("other", 1, 1, 100, out _));
        Assert.False(cache.TryGet("sha", 1, 1, 99, out _)); // another byte cap is another body
    }

    [Fact]
    public void Add_BeyondTheBudget_StartsOverAndKeepsTheNewest()
    {
        var cache = new FileBodyCache();
        var bytes = new byte[FileBodyCache.BudgetBytes / 10];
        for (var i = 0; i < 12; i++)
        {
            cache.Add($"sha{i}", 1, null, 100, new FileBody(bytes, false, 1, 1, "h"));
        }

        Assert.False(cache.TryGet("sha0", 1, null, 100, out _));
        Assert.True(cache.TryGet("sha11", 1, null, 100, out _));
    }

    [Fact]
    public void Add_HugeBody_IsNotKept()
    {
        var cache = new FileBodyCache();
        cache.Add("sha", 1, null, 100, new FileBody(new byte[FileBodyCache.BudgetBytes / 4], false, 1, 1, "h"));
        Assert.False(cache.TryGet("sha", 1, null, 100, out _));
    }

    [Fact]
    public async Task File_ReadAgainAfterTheFileChanged_ServesTheNewContentAndAuditsBothReads()
    {
        await using var app = new OrchestratorApp();
        var secret = ReadPathTestKit.FakeGitHubToken();
        var repo = await app.RepoWith(("src/app.py", $"github = '{secret}'\nprint(1)\n"));
        using var client = app.CreateClient(TestRole.Actions);

        var first = await (await client.Get("/file?path=src/app.py")).Content.ReadAsStringAsync();
        var again = await (await client.Get("/file?path=src/app.py")).Content.ReadAsStringAsync();
        repo.Write("src/app.py", "print(2)\n");
        var changed = await (await client.Get("/file?path=src/app.py")).Content.ReadAsStringAsync();

        Assert.Equal("github = '[REDACTED]'\nprint(1)\n", first);
        Assert.Equal(first, again);
        Assert.Equal("print(2)\n", changed);
        var audit = app.AuditLines("READ_SNAPSHOT");
        Assert.Equal(3, audit.Count); // a cached body is still a read: audited every time
        Assert.Contains("HASH:" + ReadPathTestKit.Sha256(first), audit[1], StringComparison.Ordinal);
    }
}
