using Microsoft.Playwright;
using RepoOrchestrator.Status;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>Token entry: asked once, kept in session storage, refused tokens asked again, forgotten on request.</summary>
[Collection(DashboardBrowser.Name)]
public sealed class DashboardSignInTests(ChromiumFixture chromium)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = DashboardSession.TimeoutMs };

    [Fact]
    public async Task Dashboard_WithoutToken_AsksForTheTokenAndShowsNoPanel()
    {
        await using var session = await DashboardSession.StartAsync(chromium.Browser, new OrchestratorApp());
        await session.OpenAsync();

        await Assertions.Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Enter the admin token" })).ToBeVisibleAsync(Visible);
        await Assertions.Expect(session.Page.GetByLabel("Admin token", new() { Exact = true })).ToBeFocusedAsync();
        await Assertions.Expect(session.Page.Locator("#panels")).ToBeHiddenAsync();
        // Nothing but the dashboard's own files was fetched: no API call without a token.
        Assert.DoesNotContain(session.Requests, url => url.Contains("/ui/", StringComparison.Ordinal));
        var artifact = TestArtifacts.PathOf("dashboard-signin.png");
        await session.Page.ScreenshotAsync(new() { Path = artifact });
    }

    [Fact]
    public async Task Dashboard_WrongToken_ShowsTheRefusalAndAsksAgain()
    {
        await using var session = await DashboardSession.StartAsync(chromium.Browser, new OrchestratorApp());
        await session.OpenAsync();
        await session.Page.GetByLabel("Admin token", new() { Exact = true }).FillAsync("wrong-token-0123456789abcdef");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Open dashboard" }).ClickAsync();

        await Assertions.Expect(session.Page.Locator("#signin-error")).ToContainTextAsync("Invalid token", new() { Timeout = DashboardSession.TimeoutMs });
        await Assertions.Expect(session.Page.Locator("#signin")).ToBeVisibleAsync(Visible);
        await Assertions.Expect(session.Page.Locator("#panels")).ToBeHiddenAsync();
        Assert.Null(await session.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('repo-orchestrator.token')"));
    }

    [Fact]
    public async Task Dashboard_AdminToken_LoadsEveryPanelFromTheServiceOnly()
    {
        await using var session = await DashboardSession.StartAsync(chromium.Browser, new OrchestratorApp());
        await session.SignInAsync();

        await Assertions.Expect(session.Page.Locator("#status-version")).ToHaveTextAsync(StatusService.Version);
        // The service's own state and how it runs, never the viewer's User-Agent.
        await Assertions.Expect(session.Page.Locator("#status-service")).ToHaveTextAsync("RUNNING");
        await Assertions.Expect(session.Page.Locator("#status-mode")).ToHaveTextAsync("foreground process");
        await Assertions.Expect(session.Page.Locator("#status-active")).ToHaveTextAsync("none selected");
        await Assertions.Expect(session.Page.Locator("#security-panel")).ToBeVisibleAsync(Visible);
        await Assertions.Expect(session.Page.Locator("#allowlist-panel")).ToContainTextAsync("No allowlisted paths");
        await Assertions.Expect(session.Page.Locator("#audit-panel [data-role='count']")).ToContainTextAsync("Showing");
        Assert.Equal(OrchestratorApp.AdminToken, await session.Page.EvaluateAsync<string>("() => sessionStorage.getItem('repo-orchestrator.token')"));

        // No font, CDN or other host: every request went to the service, and nothing broke the CSP.
        Assert.All(session.Requests, url => Assert.StartsWith(session.BaseAddress.ToString(), url, StringComparison.Ordinal));
        Assert.DoesNotContain(session.ConsoleErrors, text => text.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_ReadOnlyToken_ShowsStatusAndSaysTheRestNeedsTheAdminToken()
    {
        await using var session = await DashboardSession.StartAsync(chromium.Browser, new OrchestratorApp());
        await session.SignInAsync(OrchestratorApp.ActionsToken);

        await Assertions.Expect(session.Page.Locator("#status-version")).ToHaveTextAsync(StatusService.Version);
        // Four panels are refused alike: the one error banner says so once.
        var errors = session.Page.Locator("#error-banner #error-list li");
        await Assertions.Expect(errors).ToHaveCountAsync(1);
        await Assertions.Expect(errors.First).ToContainTextAsync("This needs the admin token");
    }

    [Fact]
    public async Task Dashboard_ForgetToken_ClearsSessionStorageAndAsksAgain()
    {
        await using var session = await DashboardSession.StartAsync(chromium.Browser, new OrchestratorApp());
        await session.SignInAsync();

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Forget token" }).ClickAsync();

        await Assertions.Expect(session.Page.GetByLabel("Admin token", new() { Exact = true })).ToBeVisibleAsync(Visible);
        await Assertions.Expect(session.Page.Locator("#panels")).ToBeHiddenAsync();
        Assert.Null(await session.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('repo-orchestrator.token')"));
    }
}
