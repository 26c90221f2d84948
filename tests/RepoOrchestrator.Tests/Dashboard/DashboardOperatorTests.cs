using Microsoft.Playwright;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;
using static RepoOrchestrator.Tests.Security.SecurityApi;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>
/// The operator's first hour in the dashboard: a status tile that tells the truth, one error banner, security events
/// resolved outside lockdown, the repository list filtered, the allowlist edited, the audit as a table with filters and a
/// range exported by the service.
/// </summary>
[Collection(DashboardBrowser.Name)]
public sealed class DashboardOperatorTests(ChromiumFixture chromium)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = DashboardSession.TimeoutMs };

    [Fact]
    public async Task StatusTile_IsRedInLockdown()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await SendBadTokensAsync(app, 5);

        await session.SignInAsync();

        await Assertions.Expect(session.Page.Locator("#status-panel")).ToHaveAttributeAsync("data-state", "LOCKDOWN");
        await Assertions.Expect(session.Page.Locator("#status-state")).ToHaveTextAsync("LOCKDOWN");
        await Assertions.Expect(session.Page.Locator("#status-state")).ToHaveAttributeAsync("data-tone", "danger");
    }

    [Fact]
    public async Task ServiceDown_TileTurnsGreyUnreachable_AndOneBannerSaysSoOnce()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.SignInAsync();
        await Assertions.Expect(session.Page.Locator("#status-state")).ToHaveTextAsync("RUNNING");

        // Every call from now on fails like a stopped service: the connection is refused.
        await session.Page.RouteAsync("**/ui/**", route => route.AbortAsync("connectionrefused"));
        await session.RefreshAsync();

        await Assertions.Expect(session.Page.Locator("#status-panel")).ToHaveAttributeAsync("data-state", "UNREACHABLE");
        await Assertions.Expect(session.Page.Locator("#status-state")).ToHaveTextAsync("unreachable");
        var errors = session.Page.Locator("#error-list li");
        await Assertions.Expect(errors).ToHaveCountAsync(1);
        await Assertions.Expect(errors.First).ToHaveTextAsync("The service cannot be reached. Is it running?");

        await session.Page.UnrouteAllAsync();
        await session.RefreshAsync();
        await Assertions.Expect(session.Page.Locator("#status-state")).ToHaveTextAsync("RUNNING");
        await Assertions.Expect(session.Page.Locator("#error-banner")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task SecurityEvent_OutsideLockdown_IsResolvedThenDismissed()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await SendBadTokensAsync(app, 1);
        await SendBadTokensAsync(app, 1, "another-bad-token-0123456789abcdef");
        await session.SignInAsync();
        var events = session.Page.Locator("#security-panel .event");
        var count = app.Service<PanicService>().RecentEvents().Count;
        Assert.InRange(count, 1, 2);
        await Assertions.Expect(events).ToHaveCountAsync(count);

        await events.First.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();

        await Assertions.Expect(session.Page.Locator("#security-panel .event .pill", new() { HasTextString = "resolved" })).ToHaveCountAsync(1);
        Assert.Single(app.Service<PanicService>().RecentEvents(), e => e.Resolved);
        Assert.False(app.Service<PanicService>().IsPanicOn());
        await Assertions.Expect(events.First.GetByRole(AriaRole.Button, new() { Name = "Resolve" })).ToHaveCountAsync(0);

        var resolvedEvent = session.Page.Locator("#security-panel .event", new() { Has = session.Page.Locator(".pill", new() { HasTextString = "resolved" }) });
        await resolvedEvent.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();

        await Assertions.Expect(events).ToHaveCountAsync(count - 1);
        Assert.DoesNotContain(app.Service<PanicService>().RecentEvents(), e => e.Resolved);
    }

    [Fact]
    public async Task Repositories_InNaturalOrder_MarkedGitOrNot_Filtered()
    {
        var app = new OrchestratorApp();
        foreach (var name in new[] { "repo10", "repo2", "repo1" })
        {
            app.CreateRepo(name).Write("a.txt", "a\n").Commit();
        }

        Directory.CreateDirectory(Path.Combine(app.Root, "Notes"));
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.SignInAsync();
        var rows = session.Page.Locator("#repos-panel li.repo");

        await Assertions.Expect(rows).ToHaveCountAsync(4);
        Assert.Equal(["Notes", "repo1", "repo2", "repo10"], await session.Page.Locator("#repos-panel .repo-name").AllTextContentsAsync());
        await Assertions.Expect(session.Page.Locator("#repos-panel li[data-name='Notes'] .repo-kind")).ToHaveTextAsync("not git");
        await Assertions.Expect(session.Page.Locator("#repos-panel li[data-name='Notes']")).ToContainTextAsync("not a git repository");
        await Assertions.Expect(session.Page.Locator("#repos-panel li[data-name='repo2'] .repo-kind")).ToHaveTextAsync("git");
        await Assertions.Expect(session.Page.Locator("#repos-panel li[data-name='repo2'] .repo-commit")).ToContainTextAsync("last commit");

        await session.Page.GetByLabel("Filter").FillAsync("REPO1");

        Assert.Equal(["repo1", "repo10"], await session.Page.Locator("#repos-panel .repo-name").AllTextContentsAsync());
        await Assertions.Expect(session.Page.Locator("#repos-panel [data-role='count']")).ToHaveTextAsync("2 of 4");
    }

    [Fact]
    public async Task Allowlist_AddWithExpiry_ThenRemove()
    {
        var app = new OrchestratorApp();
        var repo = app.CreateRepo("alpha").Write("docs/guide.md", "guide\n");
        repo.Commit();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await app.SelectAsync(repo);
        await session.SignInAsync();
        var panel = session.Page.Locator("#allowlist-panel");

        await panel.GetByLabel("Path in the active repository").FillAsync("../outside");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Assertions.Expect(panel.Locator("[data-role='form-error']")).ToContainTextAsync("leaves the active repository");

        await panel.GetByLabel("Path in the active repository").FillAsync("docs");
        await panel.GetByLabel("For").SelectOptionAsync("8h");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();

        var item = panel.Locator(".allow-item[data-path='docs']");
        await Assertions.Expect(item).ToContainTextAsync("folder");
        await Assertions.Expect(panel.Locator("[data-role='form-error']")).ToBeEmptyAsync();
        Assert.Single(app.AuditLines("ALLOWLIST_ADD"));

        await item.GetByRole(AriaRole.Button, new() { Name = "Remove docs" }).ClickAsync();

        await Assertions.Expect(panel).ToContainTextAsync("No allowlisted paths");
        Assert.Single(app.AuditLines("ALLOWLIST_REMOVE"));
    }

    [Fact]
    public async Task Audit_Table_FiltersByToken_AndExportsTheWholeLogFromTheService()
    {
        var app = new OrchestratorApp();
        var repo = app.CreateRepo("alpha").Write("a.txt", "a\n");
        repo.Commit();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await app.SelectAsync(repo);
        using (var reader = app.CreateClient(TestRole.Actions))
        {
            (await reader.GetAsync(Url("/file?path=a.txt"))).EnsureSuccessStatusCode();
        }

        await session.SignInAsync();
        var rows = session.Page.Locator("#audit-panel tr.audit-line");
        await Assertions.Expect(rows.First).ToBeVisibleAsync(Visible);

        await session.Page.GetByLabel("Token", new() { Exact = true }).SelectOptionAsync("actions");

        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First.Locator(".audit-op")).ToHaveTextAsync("READ_SNAPSHOT");
        await Assertions.Expect(rows.First.Locator(".audit-path")).ToHaveTextAsync("a.txt");
        await Assertions.Expect(rows.First.Locator(".audit-who")).ToHaveTextAsync("actions (reader)");
        await Assertions.Expect(rows.First.Locator(".audit-client")).Not.ToBeEmptyAsync();

        var download = await session.Page.RunAndWaitForDownloadAsync(
            () => session.Page.GetByRole(AriaRole.Button, new() { Name = "Export range" }).ClickAsync(),
            new() { Timeout = DashboardSession.TimeoutMs });

        using var saved = new TempDirectory("audit-export");
        var file = Path.Combine(saved.Path, download.SuggestedFilename);
        await download.SaveAsAsync(file);
        var exported = await File.ReadAllLinesAsync(file);
        var log = File.ReadAllLines(app.Service<RepoOrchestrator.Configuration.OrchestratorOptions>().AuditLogPath);
        // The whole log as written, up to the export's own line (written before the first byte left).
        Assert.Equal(log.Take(exported.Length), exported);
        Assert.Contains(exported, l => l.Contains("OP:AUDIT_EXPORT", StringComparison.Ordinal));
    }
}
