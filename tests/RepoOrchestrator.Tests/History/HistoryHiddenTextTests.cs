using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.History;

/// <summary>Issue 18: history text is served like every other text: invisible characters shown as &lt;U+XXXX&gt; and counted.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HistoryHiddenTextTests
{
    [Fact]
    public async Task HistoryTools_HiddenCharacters_AreShownAndCounted()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        var old = repo.Write("a.txt", "if (isAdmin\u202E) { grant(); }\n").Commit("fix\u200B: tidy");
        repo.Write("a.txt", "clean\n").Commit("clean");
        using var client = app.CreateClient(TestRole.Actions);

        using var show = await client.Get($"/git/show?ref={old}&path=a.txt");
        var body = await show.Content.ReadAsStringAsync();
        using var log = JsonDocument.Parse(await (await client.Get("/git/log?path=a.txt")).Content.ReadAsStringAsync());
        using var blame = JsonDocument.Parse(await (await client.Get($"/git/blame?ref={old}&path=a.txt")).Content.ReadAsStringAsync());

        Assert.Equal("if (isAdmin<U+202E>) { grant(); }\n", body);
        Assert.Equal("1", show.Headers.GetValues("X-Hidden-Characters").Single());
        var subjects = log.RootElement.GetProperty("commits").EnumerateArray().Select(c => c.GetProperty("subject").GetString()).ToList();
        Assert.Contains("fix<U+200B>: tidy", subjects);
        Assert.DoesNotContain(subjects, s => s!.Contains('\u200B', StringComparison.Ordinal));
        Assert.Equal("if (isAdmin<U+202E>) { grant(); }", blame.RootElement.GetProperty("lines")[0].GetProperty("content").GetString());
        Assert.Equal(1, blame.RootElement.GetProperty("hidden_characters").GetInt32());
    }
}
