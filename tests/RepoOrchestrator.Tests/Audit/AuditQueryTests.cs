using System.Net;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Audit;

/// <summary>GET /ui/audit as the dashboard's table reads it: fields split out, filters by operation, actor and time.</summary>
public sealed class AuditQueryTests
{
    [Fact]
    public async Task Entries_CarryTheFieldsOfEachLine_InTheOrderOfTheLines()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "a\n"));
        using var reader = app.CreateClient(TestRole.Actions);
        Assert.Equal(HttpStatusCode.OK, (await reader.Get("/file?path=a.txt&start_line=1&end_line=1")).StatusCode);
        using var admin = app.CreateClient(TestRole.Admin);

        var body = await (await admin.Get("/ui/audit?limit=10")).Json();

        var lines = body.GetProperty("lines").EnumerateArray().Select(l => l.GetString()).ToArray();
        var entries = body.GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(lines, entries.Select(e => e.GetProperty("line").GetString()).ToArray());
        var read = entries.Last(e => e.GetProperty("op").GetString() == "READ_SNAPSHOT");
        Assert.Equal("a.txt", read.GetProperty("path").GetString());
        Assert.Equal("1-1", read.GetProperty("range").GetString());
        Assert.Equal("actions", read.GetProperty("actor").GetString());
        Assert.StartsWith("actions:", read.GetProperty("actor_id").GetString(), StringComparison.Ordinal);
        Assert.Equal("reader", read.GetProperty("role").GetString());
        Assert.False(string.IsNullOrEmpty(read.GetProperty("client").GetString()));
    }

    [Fact]
    public async Task Filters_ByOperationAndActor_ReachPastTheNewestLines()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "a\n"));
        using var reader = app.CreateClient(TestRole.Actions);
        Assert.Equal(HttpStatusCode.OK, (await reader.Get("/file?path=a.txt")).StatusCode);
        for (var i = 0; i < 30; i++)
        {
            await app.SelectAsync(repo); // newer lines that push the READ out of the last 10
        }

        using var admin = app.CreateClient(TestRole.Admin);
        Assert.DoesNotContain((await (await admin.Get("/ui/audit?limit=10")).Json()).GetProperty("entries").EnumerateArray(),
            e => e.GetProperty("op").GetString() == "READ_SNAPSHOT");

        var reads = (await (await admin.Get("/ui/audit?limit=10&op=READ_SNAPSHOT")).Json()).GetProperty("entries").EnumerateArray().ToArray();
        var byActor = (await (await admin.Get("/ui/audit?limit=10&actor=actions")).Json()).GetProperty("entries").EnumerateArray().ToArray();
        var nobody = (await (await admin.Get("/ui/audit?limit=10&actor=act")).Json()).GetProperty("entries").EnumerateArray().ToArray();

        Assert.Equal("a.txt", Assert.Single(reads).GetProperty("path").GetString());
        Assert.All(byActor, e => Assert.Equal("actions", e.GetProperty("actor").GetString()));
        Assert.Contains(byActor, e => e.GetProperty("op").GetString() == "READ_SNAPSHOT");
        Assert.Empty(nobody); // the name is matched whole, not as a prefix
    }

    [Fact]
    public async Task TimeRange_KeepsOnlyLinesWithin()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        var repo = await app.RepoWith(("a.txt", "a\n"));
        app.Time.Advance(TimeSpan.FromHours(2));
        using var reader = app.CreateClient(TestRole.Actions);
        Assert.Equal(HttpStatusCode.OK, (await reader.Get("/file?path=a.txt")).StatusCode);
        using var admin = app.CreateClient(TestRole.Admin);
        var from = app.Time.GetUtcNow().AddMinutes(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);

        var entries = (await (await admin.Get($"/ui/audit?from={Uri.EscapeDataString(from)}")).Json()).GetProperty("entries").EnumerateArray().ToArray();

        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.True(e.GetProperty("time").GetDateTimeOffset() >= app.Time.GetUtcNow().AddMinutes(-1)));
        Assert.DoesNotContain(entries, e => e.GetProperty("op").GetString() == "SELECT");
        _ = repo;
    }

    [Theory]
    [InlineData("/ui/audit?from=yesterday", "ISO-8601")]
    [InlineData("/ui/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "'from'")]
    public async Task BadTimes_Are400SayingWhatToFix(string url, string detail)
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);

        using var response = await admin.Get(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, await response.Detail(), StringComparison.Ordinal);
    }
}
