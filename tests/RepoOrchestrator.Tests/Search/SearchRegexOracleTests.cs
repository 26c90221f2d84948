using System.Net;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Search;

/// <summary>
/// Issue 18: regex, case-insensitive and context lines must not turn search into an oracle on a redacted value.
/// Each probe below matches only the raw characters of the fake token; none may hit, no context line may show it,
/// and the audit holds the query's fingerprint, never its text.
/// </summary>
public sealed class SearchRegexOracleTests
{
    private static readonly string Token = ReadPathTestKit.FakeGitHubToken();

    public static TheoryData<string> Probes() => new()
    {
        "/search?regex=true&q=" + Uri.EscapeDataString("ghp_[A-Za-z0-9]+"),
        "/search?regex=true&q=" + Uri.EscapeDataString("ghp_aB3"),
        "/search?regex=true&q=" + Uri.EscapeDataString("aB3dE5"),
        "/search?regex=true&case_sensitive=false&q=" + Uri.EscapeDataString("GHP_AB3D"),
        "/search?case_sensitive=false&q=" + Uri.EscapeDataString("GHP_AB3D"),
        "/search?case_sensitive=false&q=" + Uri.EscapeDataString("ab3de5gh7k"),
        "/search?context_lines=5&q=" + Uri.EscapeDataString(Token[..10]),
        "/search?regex=true&context_lines=5&q=" + Uri.EscapeDataString("TOKEN = .ghp"),
    };

    [Theory]
    [MemberData(nameof(Probes))]
    public async Task Probe_MatchingOnlyTheSecretsRawCharacters_NeverHitsAndIsNotAudited(string url)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("cfg.py", $"before = 1\nTOKEN = \"{Token}\"\nafter = 2\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get(url);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.Json()).GetProperty("results").GetArrayLength());
        Assert.DoesNotContain(Token[4..], text, StringComparison.Ordinal);
        var audit = Assert.Single(app.AuditLines("SEARCH"));
        Assert.DoesNotContain("ghp", audit, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("aB3", audit, StringComparison.Ordinal); // ordinal: the lower-case hex fingerprint may hold "ab3"
    }

    [Fact]
    public async Task ContextLines_AroundAnOpenHit_AreServedRedacted()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("cfg.py", $"before = 1\nTOKEN = \"{Token}\"\nafter = 2\n"));
        using var client = app.CreateClient(TestRole.Actions);

        var hit = (await (await client.Get("/search?context_lines=2&q=after")).Json()).GetProperty("results")[0];

        var before = hit.GetProperty("context_before").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(2, before.Length);
        Assert.Contains("[REDACTED]", before[1], StringComparison.Ordinal);
        Assert.DoesNotContain(Token[4..], before[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".{1000}{1000}")]
    [InlineData("((a{50}){50}){50}")]
    public async Task HostileCountedRepetition_Is400NamingQ(string pattern)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "aaaa\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/search?regex=true&q=" + Uri.EscapeDataString(pattern));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'q'", await response.Detail(), StringComparison.Ordinal); // refused when built, before any matching
    }
}
