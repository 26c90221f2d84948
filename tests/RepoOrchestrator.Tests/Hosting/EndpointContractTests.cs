using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Hosting;

/// <summary>
/// Secure by default, checked over every mapped endpoint: public ones are an explicit list, read-only ones
/// are exactly SPEC 3's list, and every request is answered by the real auth pipeline as the roles demand.
/// </summary>
public sealed class EndpointContractTests
{
    /// <summary>The only endpoints anyone may call without a token (SPEC 3), besides static dashboard files.</summary>
    private static readonly HashSet<string> PublicRoutes = new(StringComparer.Ordinal)
    {
        "GET /", "GET /health", "GET /openapi.json", "GET /openapi/actions.json",
        // OAuth (issue 17), mapped only when ORCH_OAUTH is on: discovery (RFC 9728), and the authorization, token and
        // registration endpoints a client without a token must reach to get one (OpenIddict validates each request).
        "GET /.well-known/oauth-protected-resource", "GET /oauth/authorize", "POST /oauth/token", "POST /oauth/register",
        // The API reference page (Scalar) and its bundled assets: they describe the API, they do not use it.
        "GET /docs/{documentName?}", "GET /docs/scalar.js", "GET /docs/scalar.aspnetcore.js", "GET /docs/favicon.svg",
    };

    /// <summary>SPEC 3: what the actions (read-only) token may call.</summary>
    private static readonly string[] ReaderPrefixes = ["/status", "/ui/status", "/tree", "/file", "/files", "/search", "/diff", "/git", "/mcp"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryEndpoint_HasAuthorizationOrIsListedPublic(bool oauth)
    {
        await using var app = WithOAuth(new OrchestratorApp(), oauth);
        using var _ = app.CreateClient();
        foreach (var endpoint in Endpoints(app))
        {
            var key = Key(endpoint);
            var isPublic = endpoint.Metadata.GetMetadata<PublicEndpoint>() is not null;
            var allowsAnonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (isPublic || allowsAnonymous)
            {
                Assert.True(isPublic && PublicRoutes.Contains(key), $"{key} is anonymous but not in the public list");
                continue;
            }

            var isReader = ReaderPrefixes.Any(p => Route(endpoint) == p || Route(endpoint).StartsWith(p + "/", StringComparison.Ordinal));
            var expected = isReader ? OrchestratorClaims.ReaderPolicy : OrchestratorClaims.AdminPolicy;
            Assert.True(policies.Contains(expected) || (!isReader && policies.Count == 0),
                $"{key} should carry the {expected} policy but has [{string.Join(", ", policies)}]");
            Assert.False(!isReader && policies.Contains(OrchestratorClaims.ReaderPolicy), $"{key} is readable by the actions token but SPEC 3 does not list it");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryProtectedEndpoint_AnswersTheRoleMatrix(bool oauth)
    {
        await using var app = WithOAuth(new OrchestratorApp(), oauth);
        using var anonymous = app.CreateClient();
        using var actions = app.CreateClient(TestRole.Actions);
        using var admin = app.CreateClient(TestRole.Admin);
        foreach (var endpoint in Endpoints(app))
        {
            if (endpoint.Metadata.GetMetadata<PublicEndpoint>() is not null || Route(endpoint) == "/mcp")
            {
                continue; // public; /mcp speaks its own protocol and has its own role tests
            }

            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods[0] ?? "GET";
            var uri = new Uri(Sample(Route(endpoint)), UriKind.Relative);
            var key = $"{method} {uri}";

            using var noToken = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), uri));
            Assert.True(noToken.StatusCode == HttpStatusCode.Unauthorized, $"{key} without a token gave {noToken.StatusCode}");

            var isReader = ReaderPrefixes.Any(p => Route(endpoint) == p || Route(endpoint).StartsWith(p + "/", StringComparison.Ordinal));
            using var asActions = await actions.SendAsync(new HttpRequestMessage(new HttpMethod(method), uri));
            if (isReader)
            {
                Assert.True(asActions.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{key} as actions gave {asActions.StatusCode}");
            }
            else
            {
                Assert.True(asActions.StatusCode == HttpStatusCode.Forbidden, $"{key} as actions gave {asActions.StatusCode}");
                Assert.Contains("Read-only token cannot access this endpoint", await asActions.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            if (!IsDisruptive(Route(endpoint)))
            {
                using var asAdmin = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), uri));
                Assert.True(asAdmin.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{key} as admin gave {asAdmin.StatusCode}");
                Assert.NotEqual(HttpStatusCode.InternalServerError, asAdmin.StatusCode);
            }
        }
    }

    /// <summary>With OAuth on, its endpoints join the table (the consent API is admin, the rest public).</summary>
    private static OrchestratorApp WithOAuth(OrchestratorApp app, bool oauth) =>
        oauth ? app.With("ORCH_PUBLIC_URL", "http://localhost").With("ORCH_OAUTH", "on") : app;

    private static bool IsDisruptive(string route) => route.StartsWith("/ui/service/", StringComparison.Ordinal);

    private static IEnumerable<RouteEndpoint> Endpoints(OrchestratorApp app) =>
        app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.Contains("{*", StringComparison.Ordinal) && raw.Length > 0 && e.Metadata.GetMetadata<HttpMethodMetadata>() is not null);

    private static string Route(RouteEndpoint e) => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');

    private static string Key(RouteEndpoint e) =>
        $"{e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods[0] ?? "ANY"} {Route(e)}";

    private static string Sample(string route) => route.Contains('{', StringComparison.Ordinal)
        ? string.Join('/', route.Split('/').Select(s => s.StartsWith('{') ? "x" : s))
        : route;
}
