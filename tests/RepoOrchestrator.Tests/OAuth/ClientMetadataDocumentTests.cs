using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RepoOrchestrator.OAuth;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.OAuth;

/// <summary>
/// Client ID metadata documents: a client_id that is an https URL is read from that URL (a real local https server
/// here, with the address rule widened to loopback for the test only), checked like a registration, and then signs in
/// through consent like any client. With the real rule, loopback and private addresses are never dialled.
/// </summary>
public sealed class ClientMetadataDocumentTests
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("2002:7f00:1::", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700::1111", true)]
    public void PublicAddress_OnlyPublicInternetAddresses(string address, bool allowed) =>
        Assert.Equal(allowed, PublicAddress.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://app.example/client.json", null)]
    [InlineData("http://app.example/client.json", "https URL")]
    [InlineData("https://app.example/", "must have a path")]
    [InlineData("https://app.example/a/../client.json", "dot segments")]
    [InlineData("https://user@app.example/client.json", "user info")]
    [InlineData("https://app.example/client.json#x", "fragment")]
    public void UrlRefusal_FollowsTheDraftsRules(string clientId, string? refusal)
    {
        var result = ClientMetadataDocuments.UrlRefusal(clientId);
        if (refusal is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.Contains(refusal, result, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UrlClient_IsReadFromItsDocument_AndSignsInThroughConsent()
    {
        await using var site = await DocumentSite.StartAsync();
        var clientId = site.Url("/client.json");
        site.Documents["/client.json"] = Document(clientId, OAuthTestFlow.RedirectUri, "Doc Client");
        await using var app = LoopbackAllowed(new OrchestratorApp(), site);
        using var flow = new OAuthTestFlow(app);

        var (verifier, challenge) = OAuthTestFlow.Pkce();
        var id = await flow.StartAsync(OAuthTestFlow.AuthorizeQuery(clientId, challenge));
        using var view = await flow.Admin.GetAsync(new Uri("/oauth/consent/" + id, UriKind.Relative));
        Assert.Equal("Doc Client", (await view.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("client_name").GetString());
        var back = await flow.FinishAsync(await flow.DecideAsync(id, true));
        var tokens = await flow.ExchangeAsync(clientId, back["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, (await flow.ListToolsAsync(tokens.GetProperty("access_token").GetString()!)).Status);
    }

    [Theory]
    [InlineData("/other-id.json", "must name its own URL as client_id")]
    [InlineData("/clear-redirect.json", "must be https")]
    [InlineData("/moved.json", "not 200 (redirects are not followed)")]
    [InlineData("/huge.json", "larger than 64 KiB")]
    [InlineData("/missing.json", "answered 404")]
    public async Task UrlClient_WithABadDocument_IsRefusedNamingWhy_AndNotCreated(string path, string detail)
    {
        await using var site = await DocumentSite.StartAsync();
        site.Documents["/other-id.json"] = Document(site.Url("/client.json"), OAuthTestFlow.RedirectUri, "x");
        site.Documents["/clear-redirect.json"] = Document(site.Url("/clear-redirect.json"), "http://evil.example/cb", "x");
        site.Documents["/huge.json"] = Document(site.Url("/huge.json"), OAuthTestFlow.RedirectUri, "x").Replace("\"x\"", "\"x\", \"pad\": \"" + new string('a', 70_000) + "\"", StringComparison.Ordinal);
        await using var app = LoopbackAllowed(new OrchestratorApp(), site);
        using var flow = new OAuthTestFlow(app);

        using var response = await flow.Browser.GetAsync(new Uri(OAuthTestFlow.AuthorizeQuery(site.Url(path), OAuthTestFlow.Pkce().Challenge), UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UrlClient_OnLoopback_IsNeverFetched_WithTheRealAddressRule()
    {
        await using var site = await DocumentSite.StartAsync();
        var clientId = site.Url("/client.json");
        site.Documents["/client.json"] = Document(clientId, OAuthTestFlow.RedirectUri, "Doc Client");
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);

        using var response = await flow.Browser.GetAsync(new Uri(OAuthTestFlow.AuthorizeQuery(clientId, OAuthTestFlow.Pkce().Challenge), UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("resolves to no public internet address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, site.Requests); // SECURITY: refused before any connection
    }

    [Fact]
    public async Task Metadata_SaysDocumentsAreSupported()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var doc = await flow.Browser.GetFromJsonAsync<JsonElement>(new Uri("/.well-known/oauth-authorization-server", UriKind.Relative));
        Assert.True(doc.GetProperty("client_id_metadata_document_supported").GetBoolean());
    }

    internal static string Document(string clientId, string redirect, string name) => JsonSerializer.Serialize(new
    {
        client_id = clientId,
        client_name = name,
        redirect_uris = new[] { redirect },
        grant_types = new[] { "authorization_code", "refresh_token" },
        response_types = new[] { "code" },
        token_endpoint_auth_method = "none",
    });

    /// <summary>The test's own https site is on loopback: widen the address rule and trust its certificate, for this app only.</summary>
    internal static OrchestratorApp LoopbackAllowed(OrchestratorApp app, DocumentSite site) => app.WithServices(services =>
    {
        services.RemoveAll<ClientMetadataFetchOptions>();
        services.AddSingleton(new ClientMetadataFetchOptions
        {
            AddressAllowed = IPAddress.IsLoopback,
            CertificateValidation = (_, certificate, _, _) => string.Equals(certificate?.GetCertHashString(), site.Thumbprint, StringComparison.Ordinal),
        });
    });

    /// <summary>A real https server on 127.0.0.1 with a self-signed certificate, serving the documents a test puts in.</summary>
    internal sealed class DocumentSite : IAsyncDisposable
    {
        private readonly WebApplication _web;
        private int _requests;

        private DocumentSite(WebApplication web, string thumbprint)
        {
            _web = web;
            Thumbprint = thumbprint;
        }

        /// <summary>The site's certificate, the one the fetcher is told to trust (pinned, not "any").</summary>
        public string Thumbprint { get; }

        public Dictionary<string, string> Documents { get; } = new(StringComparer.Ordinal);

        public int Requests => _requests;

        public string Url(string path) => _web.Urls.First().TrimEnd('/') + path;

        public static async Task<DocumentSite> StartAsync()
        {
            var builder = WebApplication.CreateBuilder();
            using var certificate = SelfSigned();
            var pfx = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(pfx)));
            var web = builder.Build();
            var site = new DocumentSite(web, pfx.GetCertHashString());
            web.Use(async (context, next) =>
            {
                Interlocked.Increment(ref site._requests);
                await next(context);
            });
            web.MapGet("/moved.json", () => Results.Redirect("/client.json"));
            // A body that never ends: JSON headers at once, then one space a second until the caller hangs up.
            web.MapGet("/endless.json", async (HttpContext context) =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.StartAsync(context.RequestAborted);
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.WriteAsync(" ", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(TimeSpan.FromSeconds(1), context.RequestAborted);
                }
            });
            web.MapGet("/{name}", (string name) => site.Documents.TryGetValue("/" + name, out var text)
                ? Results.Text(text, "application/json")
                : Results.NotFound());
            await web.StartAsync();
            return site;
        }

        public async ValueTask DisposeAsync() => await _web.DisposeAsync();

        private static X509Certificate2 SelfSigned()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        }
    }
}
