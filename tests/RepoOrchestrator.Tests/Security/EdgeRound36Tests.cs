using System.Diagnostics;
using System.Net;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.OAuth;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Edge round 36: attacks on authentication, OAuth, MCP, the dashboard, the audit log and the home folder; each test failed on the product as it was.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EdgeRound36Tests
{
    /// <summary>
    /// A client_id URL whose server sends JSON headers at once and then a byte a second, forever. HttpClient.Timeout
    /// covers only the headers (the fetch asks for ResponseHeadersRead), so the body read waited as long as the hostile
    /// server liked, and it waited holding the one gate every client_id document fetch goes through: no other URL
    /// client could sign in until the attacker hung up. The whole fetch, body included, is bounded by the 5 seconds.
    /// </summary>
    [Fact]
    public async Task UrlClient_DocumentBodyThatNeverEnds_IsRefusedInTime_AndDoesNotHoldOtherClients()
    {
        await using var site = await ClientMetadataDocumentTests.DocumentSite.StartAsync();
        var goodId = site.Url("/client.json");
        site.Documents["/client.json"] = ClientMetadataDocumentTests.Document(goodId, OAuthTestFlow.RedirectUri, "Good Client");
        await using var app = ClientMetadataDocumentTests.LoopbackAllowed(new OrchestratorApp(), site);
        using var flow = new OAuthTestFlow(app);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        var endless = flow.Browser.GetAsync(new Uri(OAuthTestFlow.AuthorizeQuery(site.Url("/endless.json"), OAuthTestFlow.Pkce().Challenge), UriKind.Relative), giveUp.Token);
        await Task.Delay(500, giveUp.Token); // the endless fetch holds the gate first
        using var good = await flow.Browser.GetAsync(new Uri(OAuthTestFlow.AuthorizeQuery(goodId, OAuthTestFlow.Pkce().Challenge), UriKind.Relative), giveUp.Token);
        using var refused = await endless;

        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode); // on to the consent page
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("5 seconds", await refused.Content.ReadAsStringAsync(giveUp.Token), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }
}
