using Microsoft.Playwright;
using Microsoft.AspNetCore.WebUtilities;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Dashboard;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.OAuth;

/// <summary>
/// The consent page in Chromium: a client's sign-in lands there, the operator gives the admin token, sees who asks
/// and where the code goes (a hostile client name shown as text), chooses role and repositories and approves; the
/// browser ends at the client's redirect URI with a code. Denying ends there with access_denied.
/// </summary>
[Collection(DashboardBrowser.Name)]
public sealed class OAuthConsentPageTests(ChromiumFixture chromium)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConsentPage_ApproveOrDeny_EndsAtTheClientsRedirect(bool approve)
    {
        var app = OAuthTestFlow.NewApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        using var flow = new OAuthTestFlow(app, session.BaseAddress);
        var clientId = await flow.RegisterAsync("<img src=x onerror=window.pwned=1>");
        var (_, challenge) = OAuthTestFlow.Pkce();

        await session.Page.GotoAsync(new Uri(session.BaseAddress, OAuthTestFlow.AuthorizeQuery(clientId, challenge)).ToString());
        await session.Page.GetByLabel("Admin token").FillAsync(OrchestratorApp.AdminToken);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(session.Page.Locator("#client-name")).ToHaveTextAsync("<img src=x onerror=window.pwned=1>");
        await Assertions.Expect(session.Page.Locator("#redirect-uri")).ToHaveTextAsync(OAuthTestFlow.RedirectUri);
        Assert.Null(await session.Page.EvaluateAsync<object?>("() => window.pwned ?? null"));
        await session.Page.GetByLabel("Name in the audit").FillAsync("my-connector");
        await session.Page.GetByLabel("Repositories").FillAsync("alpha,beta");
        await session.Page.ScreenshotAsync(new() { Path = TestArtifacts.PathOf($"oauth-consent-{approve}.png") });
        // The client's own callback is not running: the browser's request to it is what the test reads.
        var callback = session.Page.WaitForRequestAsync("http://127.0.0.1:7777/**", new() { Timeout = DashboardSession.TimeoutMs });
        await session.Page.GetByRole(AriaRole.Button, new() { Name = approve ? "Approve" : "Deny" }).ClickAsync();

        var query = QueryHelpers.ParseQuery(new Uri((await callback).Url).Query);
        Assert.Equal("st4te", query["state"].ToString());
        Assert.Equal(approve, query.ContainsKey("code"));
        Assert.Equal(!approve, query.ContainsKey("error"));
        var approved = app.Service<NamedTokenStore>().List();
        Assert.Equal(approve ? ["my-connector"] : [], approved.Select(t => t.Name));
        Assert.All(approved, t => Assert.Equal("alpha,beta", t.Repositories.ToString()));
        // The admin token never appeared in a URL the page loaded.
        Assert.DoesNotContain(session.Requests, url => url.Contains(OrchestratorApp.AdminToken, StringComparison.Ordinal));
        Assert.DoesNotContain(session.ConsoleErrors, text => text.Contains("Content Security Policy", StringComparison.Ordinal));
    }
}
