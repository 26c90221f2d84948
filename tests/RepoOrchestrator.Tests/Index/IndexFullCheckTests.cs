using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Index;

/// <summary>
/// The periodic full check (ORCH_INDEX_RECHECK_SECONDS) never holds queries up: it only finds what notifications missed
/// and queues it, so answers keep coming from the index while it walks the repository.
/// </summary>
public sealed class IndexFullCheckTests
{
    [Fact]
    public async Task FullCheck_QueriesKeepAnsweringFromTheIndex_AndItsFindingsAreServed()
    {
        using var outside = new TempDirectory("orch-outside");
        await using var app = new OrchestratorApp().With("ORCH_INDEX_RECHECK_SECONDS", "5");
        var repo = app.CreateRepo();
        for (var i = 0; i < 3_000; i++)
        {
            repo.Write($"d{i % 60}/f{i}.py", $"value_{i} = {i}\n");
        }

        repo.Write("d0/rare.py", "full_check_marker = 1\n").Commit();
        await app.SelectAsync(repo);
        await app.WaitForIndexAsync();
        using var client = app.CreateClient(TestRole.Actions);

        // A change no notification reports (a hard link made from outside changes only the inode): only the full
        // check can find it, and it must then be served (the search refuses the hard-linked file at once anyway).
        ReadPathTestKit.HardLink(Path.Combine(repo.Path, "d1/f1.py"), Path.Combine(outside.Path, "copy.py"));

        // Two full checks fall in these 11 s; each walks 3,000 files. Every answer in between is the index's.
        var states = new Dictionary<string, int>();
        var until = DateTimeOffset.UtcNow.AddSeconds(11);
        while (DateTimeOffset.UtcNow < until)
        {
            using var response = await client.Get("/search?q=full_check_marker");
            var body = await response.Json();
            Assert.Single(body.GetProperty("results").EnumerateArray());
            var state = body.GetProperty("index").GetString()!;
            states[state] = states.GetValueOrDefault(state) + 1;
        }

        Assert.Equal(["ready"], states.Keys);
        Assert.True(states["ready"] > 50, "too few answers to tell: " + states["ready"]);

        // What the full check found is in the index's listing: the hard-linked file is no longer listed.
        var (entries, use) = await client.TreeAllAsync("path=d1&max_depth=0");
        Assert.Equal("ready", use);
        Assert.DoesNotContain(entries, e => JsonDocument.Parse(e).RootElement.GetProperty("path").GetString() == "d1/f1.py");
    }
}
