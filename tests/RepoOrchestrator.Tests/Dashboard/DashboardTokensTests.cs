using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>
/// The tokens panel: a token created in the page is shown once, works over HTTP, is never stored nor put in a URL and
/// leaves the page on Done; the server's refusal is shown by the form; revoking asks first and ends the token; an
/// approved OAuth client is shown as one.
/// </summary>
[Collection(DashboardBrowser.Name)]
public sealed class DashboardTokensTests(ChromiumFixture chromium)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = DashboardSession.TimeoutMs };

    [Fact]
    public async Task Create_ShowsTheTokenOnce_ItReadsOverHttp_NeverStored_GoneAfterDone()
    {
        var app = new OrchestratorApp();
        app.CreateRepo("app").Write("README.md", "hello\n").Commit("initial");
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.Page.AddInitScriptAsync(ConnectPageSession.CspRecorder);
        await session.SignInAsync();
        await SelectAsync(session, "app");
        var panel = session.Page.Locator("#tokens-panel");

        await panel.GetByLabel("Name", new() { Exact = true }).FillAsync("ci-bot");
        await panel.GetByLabel("Repositories").FillAsync("app");
        await panel.GetByLabel("Rate").FillAsync("50");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();

        var box = panel.Locator("[data-role='created']");
        await Assertions.Expect(box).ToBeVisibleAsync(Visible);
        await Assertions.Expect(box).ToContainTextAsync("shown once: store it now");
        var secret = (await box.Locator("[data-role='secret']").InnerTextAsync()).Trim();
        Assert.True(secret.Length >= 32, "the shown token is too short to be one");
        var row = panel.Locator("li[data-name='ci-bot']");
        await Assertions.Expect(row).ToContainTextAsync("Repositories: app");
        await Assertions.Expect(row).ToContainTextAsync("50 requests per window");
        await Assertions.Expect(row).ToContainTextAsync("never used");

        // SECURITY: never kept by the browser and never in a URL.
        var storage = await session.Page.EvaluateAsync<string>(
            "() => JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage)])");
        Assert.DoesNotContain(secret, storage, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Requests, url => url.Contains(secret, StringComparison.Ordinal));

        using (var bot = Client(session, secret))
        {
            using var read = await bot.GetAsync(new Uri("/file?path=README.md", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        await box.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        await Assertions.Expect(box).ToBeHiddenAsync();
        Assert.DoesNotContain(secret, await ConnectPageSession.EverythingAsync(session.Page), StringComparison.Ordinal);
        await Assertions.Expect(panel.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("");
        await Assertions.Expect(panel.GetByLabel("Repositories")).ToHaveValueAsync("");
        Assert.Empty(await ConnectPageSession.CspViolationsAsync(session.Page));
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task Copy_PutsTheTokenOnTheClipboard()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = session.BaseAddress.GetLeftPart(UriPartial.Authority) });
        await session.SignInAsync();
        var panel = session.Page.Locator("#tokens-panel");
        await panel.GetByLabel("Name", new() { Exact = true }).FillAsync("copied");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var box = panel.Locator("[data-role='created']");
        var secret = (await box.Locator("[data-role='secret']").InnerTextAsync()).Trim();

        await box.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();

        await Assertions.Expect(box.GetByRole(AriaRole.Button, new() { Name = "Copied" })).ToBeVisibleAsync(Visible);
        Assert.Equal(secret, await session.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
    }

    [Theory]
    [InlineData("Bad Name", "A token name is 1 to 64 characters")]
    [InlineData("admin", "name of a built-in token")]
    [InlineData("", "A token name is 1 to 64 characters")]
    [InlineData("taken", "A token named 'taken' exists")]
    public async Task Create_Refused_ShowsTheServersDetailAndNoToken(string name, string detail)
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await CreateAsync(session, "taken");
        await session.SignInAsync();
        var panel = session.Page.Locator("#tokens-panel");

        await panel.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();

        await Assertions.Expect(panel.Locator("#tokens-form-error")).ToContainTextAsync(detail);
        await Assertions.Expect(panel.Locator("[data-role='created']")).ToBeHiddenAsync();
        await Assertions.Expect(panel.Locator("li.token-item")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Revoke_AsksFirst_CancelKeepsIt_ConfirmRemovesTheRowAndTheTokenGets401()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        var token = await CreateAsync(session, "ci-bot");
        await session.SignInAsync();
        var row = session.Page.Locator("#tokens-panel li[data-name='ci-bot']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-kind", "named");
        var revoke = session.Page.GetByRole(AriaRole.Button, new() { Name = "Revoke ci-bot" });
        var dialog = session.Page.GetByRole(AriaRole.Dialog, new() { Name = "Revoke ci-bot?" });

        await revoke.ClickAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await session.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(HttpStatusCode.OK, await StatusOfReadAsync(session, token));

        await revoke.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Assertions.Expect(session.Page.Locator("#notice-text")).ToContainTextAsync("Revoked ci-bot");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfReadAsync(session, token));
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task ApprovedOAuthClient_IsShownAsOne_AndThePanelSaysWhereApprovalHappens()
    {
        var app = new OrchestratorApp().With("ORCH_OAUTH", "on");
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.SignInAsync();
        await Assertions.Expect(session.Page.Locator("#tokens-panel [data-role='oauth']")).ToContainTextAsync("OAuth is on");
        await Assertions.Expect(session.Page.Locator("#tokens-panel [data-role='oauth']")).ToContainTextAsync("/oauth/consent.html");
        Assert.True(app.Service<NamedTokenStore>().Approve("claude-connector", "client-1234", OrchestratorRole.Actions, RepositoryScope.All, null).Succeeded);

        await session.RefreshAsync();

        var row = session.Page.Locator("#tokens-panel li[data-name='claude-connector']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-kind", "oauth");
        await Assertions.Expect(row).ToContainTextAsync("OAuth client");
        await Assertions.Expect(row).ToContainTextAsync("reader");
        await Assertions.Expect(row).ToContainTextAsync("never expires");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Revoke claude-connector" }).ClickAsync();
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("approval is withdrawn");
        await session.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.Null(app.Service<NamedTokenStore>().IdentifyClient("client-1234"));
    }

    [Fact]
    public async Task OAuthOff_ThePanelSaysNoClientWaits()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.SignInAsync();

        await Assertions.Expect(session.Page.Locator("#tokens-panel [data-role='oauth']")).ToContainTextAsync("OAuth is off");
        await Assertions.Expect(session.Page.Locator("#tokens-panel .empty")).ToContainTextAsync("No named tokens");
    }

    [Fact]
    public async Task SessionRefusedAfterCreating_TheShownTokenLeavesThePage()
    {
        // A named admin token signs in, creates a token, and is revoked from elsewhere before Done is clicked.
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        var operatorToken = await CreateAsync(session, "operator", "&role=admin");
        await session.SignInAsync(operatorToken);
        var panel = session.Page.Locator("#tokens-panel");
        await panel.GetByLabel("Name", new() { Exact = true }).FillAsync("ci-bot");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var secret = (await panel.Locator("[data-role='secret']").InnerTextAsync()).Trim();
        using (var admin = Client(session, OrchestratorApp.AdminToken))
        {
            using var revoked = await admin.DeleteAsync(new Uri("/ui/tokens/operator", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Refresh", Exact = true }).ClickAsync();

        await Assertions.Expect(session.Page.Locator("#signin")).ToBeVisibleAsync(Visible);
        Assert.DoesNotContain(secret, await ConnectPageSession.EverythingAsync(session.Page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopedAdminToken_ThePanelSaysItCannotManageTokens()
    {
        var app = new OrchestratorApp();
        app.CreateRepo("app");
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        var scoped = await CreateAsync(session, "team-admin", "&role=admin&repos=app");
        await session.SignInAsync(scoped);

        await Assertions.Expect(session.Page.Locator("#error-list")).ToContainTextAsync("without a repository or tool scope");
        await Assertions.Expect(session.Page.Locator("#tokens-panel li.token-item")).ToHaveCountAsync(0);
    }

    private static HttpClient Client(DashboardSession session, string token)
    {
        var client = new HttpClient { BaseAddress = session.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a named token over HTTP (real Kestrel) and returns it.</summary>
    private static async Task<string> CreateAsync(DashboardSession session, string name, string more = "")
    {
        using var admin = Client(session, OrchestratorApp.AdminToken);
        using var response = await admin.PostAsync(new Uri($"/ui/tokens?name={name}{more}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private static async Task SelectAsync(DashboardSession session, string repo)
    {
        using var admin = Client(session, OrchestratorApp.AdminToken);
        using var response = await admin.PostAsync(new Uri($"/ui/repos/select?path={repo}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<HttpStatusCode> StatusOfReadAsync(DashboardSession session, string token)
    {
        using var client = Client(session, token);
        using var response = await client.GetAsync(new Uri("/status", UriKind.Relative));
        return response.StatusCode;
    }
}
