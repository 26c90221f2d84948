using System.Net;
using System.Text;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Actions;

/// <summary>
/// Every answer to the actions token fits ChatGPT Actions' 100,000-character limit, over a real repository, and a
/// cut answer says so and how to go on; the admin token is served what ORCH_MAX_BYTES allows.
/// </summary>
public sealed class ActionsResponseLimitTests
{
    private const int Limit = 100_000;

    [Fact]
    public async Task File_LargeAsActions_IsUnderTheLimitAndNamesTheNextStartLine()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo().Write("big.txt", Lines(1, 600, 400));
        repo.Commit();
        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);

        var (body, response) = await GetAsync(client, "/file?path=big.txt");

        Assert.True(body.Length < Limit, $"{body.Length} characters");
        Assert.Equal("true", response.Headers.GetValues("X-Actions-Truncated").Single());
        Assert.Contains("# ... [TRUNCATED] ...", body, StringComparison.Ordinal);
        var next = int.Parse(body[(body.LastIndexOf("start_line=", StringComparison.Ordinal) + "start_line=".Length)..].TrimEnd('\n', ')'), System.Globalization.CultureInfo.InvariantCulture);
        var lastServed = body.Split('\n').Last(l => l.StartsWith("line ", StringComparison.Ordinal));
        Assert.Equal($"line {next - 1:D4} ", lastServed[..10]); // whole lines only, and the note points at the first one not served

        var (rest, _) = await GetAsync(client, $"/file?path=big.txt&start_line={next}");
        Assert.StartsWith($"line {next:D4} ", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_LargeAsAdmin_IsNotHeldToTheActionsLimit()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo().Write("big.txt", Lines(1, 400, 400));
        repo.Commit();
        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Admin);

        var (body, response) = await GetAsync(client, "/file?path=big.txt");

        Assert.True(body.Length > Limit);
        Assert.False(response.Headers.Contains("X-Actions-Truncated"));
    }

    [Fact]
    public async Task Diff_LargePatchAsActions_IsUnderTheLimitAndSaysHowToAskForLess()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo().Write("a.txt", "start\n");
        repo.Commit();
        repo.Git("tag", "base");
        repo.Write("a.txt", Lines(1, 600, 300));
        repo.Commit("grow");
        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);

        var (body, _) = await GetAsync(client, "/diff?base=base&head=HEAD&mode=patch");

        Assert.True(body.Length < Limit, $"{body.Length} characters");
        Assert.Contains("# ... [TRUNCATED] ...", body, StringComparison.Ordinal);
        Assert.Contains("100,000-character limit of ChatGPT Actions", body, StringComparison.Ordinal);
        Assert.Contains("mode=stat", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ManyHugeLinesAsActions_IsValidJsonUnderTheLimit()
    {
        // /search cuts each hit's line itself (FileMatcher) and serves at most 50 hits: fits today, and the limit
        // holds whatever a later parameter (context lines) adds, as the fitter's tests show.
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        for (var i = 0; i < 60; i++)
        {
            repo.Write($"f{i:D2}.py", "needle = \"" + new string('y', 30_000) + "\"\n");
        }

        repo.Commit();
        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);

        var (body, _) = await GetAsync(client, "/search?q=needle");

        Assert.True(body.Length < Limit, $"{body.Length} characters");
        using var json = JsonDocument.Parse(body);
        Assert.True(json.RootElement.GetProperty("truncated").GetBoolean()); // 60 files, 50 hits: says more exist
        Assert.Equal(50, json.RootElement.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Tree_ManyLongNamesAsActions_PagesUnderTheLimitWithACursorNeverCut()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        var name = new string('n', 80);
        for (var i = 0; i < 1500; i++)
        {
            repo.Write($"{name}{i:D4}.txt", "x\n");
        }

        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);

        // Each page fits the limit by itself (the service pages by characters too), so the Actions fitter never cuts
        // one and the cursor always survives: following it lists every file exactly once.
        var listed = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (body, _) = await GetAsync(client, "/tree" + (cursor is null ? "" : "?cursor=" + Uri.EscapeDataString(cursor)));
            Assert.True(body.Length < Limit, $"{body.Length} characters");
            using var json = JsonDocument.Parse(body);
            Assert.False(json.RootElement.TryGetProperty("actions_note", out _), "a tree page was cut by the Actions limit");
            listed.AddRange(json.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()!));
            cursor = json.RootElement.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.True(pages > 1);
        Assert.Equal(Enumerable.Range(0, 1500).Select(i => $"{name}{i:D4}.txt"), listed);
    }

    private static string Lines(int from, int to, int width)
    {
        var text = new StringBuilder();
        for (var i = from; i <= to; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"line {i:D4} ").Append('x', width).Append('\n');
        }

        return text.ToString();
    }

    private static async Task<(string Body, HttpResponseMessage Response)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), response);
    }
}
