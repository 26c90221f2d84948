using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>What the operator sees when the service says no: lockdown (503), too many requests (429), an absent endpoint (404).</summary>
[Collection(DashboardBrowser.Name)]
public sealed class DashboardErrorTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Lockdown_WrongToken_ShowsTheBannerThenTheAdminTokenOpensTheDashboard()
    {
        var app = new OrchestratorApp().With("ORCH_PANIC_AUTH_THRESHOLD", "1");
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        using (var attacker = app.CreateClient("not-a-valid-token-0123456789"))
        {
            using var refused = await attacker.GetAsync(new Uri("/status", UriKind.Relative));
        }

        // The dashboard's own files are still served in lockdown, so the operator can reach the clear button.
        await session.OpenAsync();
        await session.Page.GetByLabel("Admin token", new() { Exact = true }).FillAsync("still-not-a-valid-token-0123");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Open dashboard" }).ClickAsync();

        await Assertions.Expect(session.Page.Locator("#lockdown-banner")).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.Locator("#lockdown-detail")).ToContainTextAsync("System in LOCKDOWN");
        await Assertions.Expect(session.Page.Locator("#signin-error")).ToContainTextAsync("LOCKDOWN");

        await session.Page.GetByLabel("Admin token", new() { Exact = true }).FillAsync(OrchestratorApp.AdminToken);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Open dashboard" }).ClickAsync();

        await Assertions.Expect(session.Page.Locator("#panels")).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.Locator("#security-panel [data-role='state']")).ToHaveTextAsync("LOCKDOWN");
        await Assertions.Expect(session.Page.Locator("#lockdown-banner")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task RateLimited_Refresh_SaysSlowDownWithRetryAfter()
    {
        // A fake clock that never moves keeps the fixed window from resetting mid-test.
        var app = new OrchestratorApp { UseFakeTime = true }.With("ORCH_RATE_LIMIT_PER_MIN", "4");
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.SignInAsync();

        await Assertions.Expect(session.Page.Locator("#notice-text")).ToContainTextAsync("Too many requests: slow down, retry in");
        // Which panels' calls came after the fourth request depends on timing: the error banner says so, once.
        await Assertions.Expect(session.Page.Locator("#error-list li", new() { HasTextString = "Too many requests" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Vitaminize_OnAServiceWithoutIt_SaysSoAndHidesTheButtons()
    {
        var app = new OrchestratorApp();
        app.CreateRepo("alpha");
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        // An older service: the endpoint answers 404 like any unknown path.
        await session.Page.RouteAsync("**/ui/repos/vitaminize**", route => route.FulfillAsync(new()
        {
            Status = 404,
            ContentType = "application/problem+json",
            Body = """{"status":404,"detail":"No endpoint at this path."}""",
        }));
        await session.SignInAsync();

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Vitaminize alpha" }).ClickAsync();
        await session.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Install kit" }).ClickAsync();

        await Assertions.Expect(session.Page.Locator("#notice-text")).ToContainTextAsync("not available on this service version");
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Vitaminize alpha" })).ToHaveCountAsync(0);
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Select alpha" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Vitaminize_Confirmed_InstallsTheKitAndMakesTheRepositoryActive()
    {
        var app = new OrchestratorApp();
        var repo = app.CreateRepo("alpha");
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.SignInAsync();

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Vitaminize alpha" }).ClickAsync();
        await session.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Install kit" }).ClickAsync();

        await Assertions.Expect(session.Page.Locator("#notice-text")).ToContainTextAsync("Vitaminized alpha: created");
        await Assertions.Expect(session.Page.Locator("#repos-panel li[data-name='alpha']")).ToHaveAttributeAsync("data-active", "true");
        Assert.True(File.Exists(Path.Combine(repo.Path, "scripts", "start_orch.sh")));
        using var client = app.CreateClient(TestRole.Admin);
        var active = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos/active", UriKind.Relative));
        Assert.EndsWith("/alpha", active.GetProperty("active_repo").GetString(), StringComparison.Ordinal);
    }
}
