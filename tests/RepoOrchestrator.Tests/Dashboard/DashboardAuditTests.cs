using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>The audit panel: the operation filter and text search narrow the lines, export downloads them.</summary>
[Collection(DashboardBrowser.Name)]
public sealed class DashboardAuditTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Audit_OperationFilterAndSearch_NarrowTheLines()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        var lines = await WriteAuditLinesAsync(app);
        await session.SignInAsync();
        var shown = session.Page.Locator("#audit-panel .audit-line");
        await Assertions.Expect(shown.First).ToBeVisibleAsync(new() { Timeout = DashboardSession.TimeoutMs });
        var unfiltered = await shown.CountAsync();
        Assert.True(unfiltered >= lines.Count, $"{unfiltered} lines shown, the API had {lines.Count}");

        await session.Page.GetByLabel("Operation").SelectOptionAsync("OPEN_REPO");

        var openLines = lines.Where(l => l.Contains("| OP:OPEN_REPO |", StringComparison.Ordinal)).ToList();
        Assert.InRange(openLines.Count, 2, unfiltered - 1);
        await Assertions.Expect(shown).ToHaveCountAsync(openLines.Count);
        foreach (var op in await session.Page.Locator("#audit-panel .audit-op").AllTextContentsAsync())
        {
            Assert.Equal("OPEN_REPO", op);
        }

        await session.Page.GetByLabel("Search").FillAsync("gamma");

        await Assertions.Expect(shown).ToHaveCountAsync(openLines.Count(l => l.Contains("gamma", StringComparison.Ordinal)));
        await Assertions.Expect(shown.First).ToContainTextAsync("gamma");
        await Assertions.Expect(session.Page.Locator("#audit-panel [data-role='count']"))
            .ToHaveTextAsync($"Showing 1 of {openLines.Count} lines"); // the operation is filtered by the service, the text here
    }

    [Fact]
    public async Task Audit_Export_DownloadsALogFileHoldingTheShownLines()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        var lines = await WriteAuditLinesAsync(app);
        await session.SignInAsync();
        await session.Page.GetByLabel("Operation").SelectOptionAsync("SELECT");
        var expected = lines.Where(l => l.Contains("| OP:SELECT |", StringComparison.Ordinal)).ToList();
        await Assertions.Expect(session.Page.Locator("#audit-panel .audit-line")).ToHaveCountAsync(expected.Count);

        var download = await session.Page.RunAndWaitForDownloadAsync(
            () => session.Page.GetByRole(AriaRole.Button, new() { Name = "Export .log" }).ClickAsync(),
            new() { Timeout = DashboardSession.TimeoutMs });

        Assert.Matches(@"^orchestrator-audit-\d{8}-\d{6}\.log$", download.SuggestedFilename);
        using var saved = new TempDirectory("audit-export");
        var file = Path.Combine(saved.Path, download.SuggestedFilename);
        await download.SaveAsAsync(file);
        var exported = await File.ReadAllLinesAsync(file);
        Assert.Equal(expected, exported); // oldest first, byte for byte as the service wrote them, chain included
    }

    [Fact]
    public async Task Audit_AutoRefresh_ShowsNewLinesWithoutAClick()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        var lines = await WriteAuditLinesAsync(app);
        await session.Page.Clock.InstallAsync(); // the page's timers run only when the test moves its clock
        await session.SignInAsync();
        var selects = session.Page.Locator("#audit-panel .audit-op", new() { HasTextString = "SELECT" });
        await Assertions.Expect(selects).ToHaveCountAsync(lines.Count(l => l.Contains("| OP:SELECT |", StringComparison.Ordinal)));
        await session.Page.RunAndWaitForResponseAsync(
            () => session.Page.GetByLabel("Auto-refresh").CheckAsync(),
            response => response.Url.Contains("/ui/audit", StringComparison.Ordinal));

        using (var client = app.CreateClient(TestRole.Admin))
        {
            using var selected = await client.PostAsync(new Uri("/ui/repos/select?path=beta", UriKind.Relative), null);
            selected.EnsureSuccessStatusCode();
        }

        await session.Page.Clock.RunForAsync(5_000);

        await Assertions.Expect(selects).ToHaveCountAsync(2);
        await Assertions.Expect(session.Page.Locator("#audit-panel .audit-line").First).ToContainTextAsync("beta");
    }

    [Fact]
    public async Task Audit_ShowsTheTokensNameRoleAndMcpClient_NotItsFingerprint()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        app.CreateRepo("alpha");
        using (var admin = app.CreateClient(TestRole.Admin))
        {
            (await admin.PostAsync(new Uri("/ui/repos/select?path=alpha", UriKind.Relative), null)).EnsureSuccessStatusCode();
        }

        var token = app.Service<RepoOrchestrator.Security.Authentication.NamedTokenStore>()
            .Create("ci-reviewer", RepoOrchestrator.Security.Authentication.OrchestratorRole.Actions, RepoOrchestrator.Security.Authentication.RepositoryScope.All, null, null).Value;
        using (var reviewer = app.CreateClient(token))
        {
            (await reviewer.GetAsync(new Uri("/tree", UriKind.Relative))).EnsureSuccessStatusCode();
        }

        var fingerprint = RepoOrchestrator.Security.Authentication.TokenFingerprint.Of(token);
        await session.SignInAsync();
        await session.Page.GetByLabel("Operation").SelectOptionAsync("LIST_TREE");

        var who = session.Page.Locator("#audit-panel .audit-line .audit-who").First;
        await Assertions.Expect(who).ToHaveTextAsync("ci-reviewer (reader)", new() { Timeout = DashboardSession.TimeoutMs });
        await Assertions.Expect(who).ToHaveAttributeAsync("title", $"token fingerprint {fingerprint}");
        Assert.DoesNotContain(fingerprint, await session.Page.Locator("#audit-panel .audit-line").First.InnerTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>SELECT alpha, then OPEN_REPO alpha, beta, gamma: audit lines of two operations; returns the API's view.</summary>
    private static async Task<IReadOnlyList<string>> WriteAuditLinesAsync(OrchestratorApp app)
    {
        string[] names = ["alpha", "beta", "gamma"];
        foreach (var name in names)
        {
            app.CreateRepo(name);
        }

        using var client = app.CreateClient(TestRole.Admin);
        using (var selected = await client.PostAsync(new Uri("/ui/repos/select?path=alpha", UriKind.Relative), null))
        {
            selected.EnsureSuccessStatusCode();
        }

        foreach (var name in names)
        {
            using var opened = await client.PostAsync(new Uri($"/ui/repos/open?path={name}", UriKind.Relative), null);
            opened.EnsureSuccessStatusCode();
        }

        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/audit?limit=200", UriKind.Relative));
        return [.. body.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!)];
    }
}
