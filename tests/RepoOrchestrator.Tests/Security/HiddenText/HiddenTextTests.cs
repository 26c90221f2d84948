using System.Net;
using System.Text.Json;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Security.HiddenText;

/// <summary>Invisible characters (tags, bidi controls, zero-width) are shown as &lt;U+XXXX&gt; and counted on every read.</summary>
public sealed class HiddenTextTests
{
    // One of each class: a tag character (U+E0041, invisible 'A'), a bidi override, an isolate, a mark, zero-width, a BOM.
    private const string Hostile = "ok\U000E0041 \u202E \u2066 \u200F \u061C \u200B \u2060 \uFEFF end";
    private const string Revealed = "ok<U+E0041> <U+202E> <U+2066> <U+200F> <U+061C> <U+200B> <U+2060> <U+FEFF> end";
    private const int HostileCount = 8;

    [Fact]
    public void Reveal_EachClass_IsShownAndCounted()
    {
        Assert.Equal(Revealed, HiddenCharacters.Reveal(Hostile, out var count));
        Assert.Equal(HostileCount, count);
        Assert.Equal(HostileCount, HiddenCharacters.Count(Hostile));
    }

    [Fact]
    public void Reveal_CleanText_ReturnsTheSameInstance()
    {
        var clean = "plain text, é and 😀 (a surrogate pair that is no tag)";
        Assert.Same(clean, HiddenCharacters.Reveal(clean, out var count));
        Assert.Equal(0, count);
    }

    [Fact]
    public void Reveal_TagRangeEnd_StopsAtU000E007F()
    {
        Assert.Equal("<U+E007F>\U000E0080", HiddenCharacters.Reveal("\U000E007F\U000E0080", out var count));
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task File_HostileLine_IsRevealedWithHeaderCount()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", $"line one\n{Hostile}\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=a.txt");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"line one\n{Revealed}\n", body);
        Assert.Equal(HostileCount.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Hidden-Characters").Single());
    }

    [Fact]
    public async Task File_CleanText_HeaderSaysZero()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "clean\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=a.txt");

        Assert.Equal("0", response.Headers.GetValues("X-Hidden-Characters").Single());
    }

    [Fact]
    public async Task File_TokenSplitByZeroWidthSpace_IsStillRedacted()
    {
        await using var app = new OrchestratorApp();
        var token = ReadPathTestKit.FakeGitHubToken();
        var split = token[..12] + "\u200B" + token[12..];
        await app.RepoWith(("notes.md", $"hello\nsee {split} here\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=notes.md");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(token[12..], body, StringComparison.Ordinal); // SECURITY: no part after the split leaves
        Assert.DoesNotContain(token, body.Replace("<U+200B>", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", body, StringComparison.Ordinal);
        Assert.Equal("1", response.Headers.GetValues("X-Hidden-Characters").Single());
    }

    [Fact]
    public async Task Search_HostileLine_IsRevealedWithResultCount()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", $"{Hostile}\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/search?q=end");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Revealed, json.RootElement.GetProperty("results")[0].GetProperty("content").GetString());
        Assert.Equal(HostileCount, json.RootElement.GetProperty("hidden_characters").GetInt32());
    }

    [Fact]
    public async Task Diff_HostilePatch_IsRevealedWithHeaderCount()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write("b.txt", $"{Hostile}\n").Commit("hostile");
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/diff?base=HEAD~1&mode=patch");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("+" + Revealed, text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", text, StringComparison.Ordinal);
        Assert.Equal(HostileCount.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Hidden-Characters").Single());
    }

    [Fact]
    public async Task McpReadFile_HostileLine_IsRevealedWithStructuredCountAndSummary()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        repo.Write("a.txt", $"{Hostile}\n").Commit();
        await app.Service<RepositoryService>().SelectAsync(repo.Name, "test");
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(McpToolNames.ReadFile, ("path", "a.txt"));

        Assert.NotEqual(true, result.IsError);
        Assert.Contains(Revealed, result.Text(), StringComparison.Ordinal);
        Assert.Contains($"hidden_characters: {HostileCount}", result.Text(), StringComparison.Ordinal);
        Assert.Equal(HostileCount, result.StructuredContent!.Value.GetProperty("hidden_characters").GetInt32());
        Assert.Equal(Revealed + "\n", result.StructuredContent.Value.GetProperty("content").GetString());
    }

    [Fact]
    public void AuditLine_HiddenCharacters_AreNeutralised()
    {
        var line = AuditLine.OperationBody("READ", "actor\u200B", "a\u202Eb\U000E0041.txt", "1-2", "h");

        Assert.Contains("PATH:a<U+202E>b<U+E0041>.txt", line, StringComparison.Ordinal);
        Assert.Contains("ACTOR:actor<U+200B>", line, StringComparison.Ordinal);
        Assert.Equal(0, HiddenCharacters.Count(line));
    }
}
