using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.OpenApi;

/// <summary>`/openapi.json`: OpenAPI 3.1, public, every endpoint named, bearer security only where a token is needed.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task OpenApi_WithoutToken_IsOpenApi31WithBearerScheme()
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app);
        Assert.StartsWith("3.1.", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearerAuth");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Equal("Repo Orchestrator", doc.GetProperty("info").GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(doc.GetProperty("info").GetProperty("version").GetString()));
        Assert.False(string.IsNullOrEmpty(doc.GetProperty("info").GetProperty("description").GetString()));
    }

    [Fact]
    public async Task OpenApi_EveryMappedEndpoint_AppearsWithItsNameAsOperationId()
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app);
        var paths = doc.GetProperty("paths");
        var endpoints = app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !IsUndocumented(e))
            .ToList();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var path = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            Assert.True(name is not null, $"{path} has no endpoint name");
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            Assert.True(methods is { Count: > 0 }, $"{path} answers every method; map it with MapGet/MapPost so it can be documented");
            foreach (var method in methods)
            {
                Assert.True(paths.TryGetProperty(path, out var item), $"{method} {path} is missing from /openapi.json");
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is missing from /openapi.json");
                Assert.Equal(name, operation.GetProperty("operationId").GetString());
            }
        }
    }

    [Fact]
    public async Task OpenApi_Security_BearerOnProtectedOperationsNoneOnPublic()
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app);
        Assert.False(doc.TryGetProperty("security", out _)); // no global requirement: it is per operation
        var publicIds = app.Service<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<PublicEndpoint>() is not null)
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("getHealth", publicIds);
        foreach (var operation in Operations(doc))
        {
            var id = operation.GetProperty("operationId").GetString()!;
            var hasSecurity = operation.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;
            if (publicIds.Contains(id))
            {
                Assert.False(hasSecurity, $"public operation {id} must not require a token");
                Assert.False(operation.GetProperty("responses").TryGetProperty("401", out _), id);
            }
            else
            {
                Assert.True(hasSecurity, $"protected operation {id} must require the bearer token");
                Assert.True(security[0].TryGetProperty("bearerAuth", out _), id);
                Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), id);
            }
        }
    }

    [Fact]
    public async Task OpenApi_ErrorResponses_AreProblemJsonByRole()
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app);
        var select = doc.GetProperty("paths").GetProperty("/ui/repos/select").GetProperty("post").GetProperty("responses");
        foreach (var status in new[] { "400", "401", "403", "404", "429", "503" })
        {
            Assert.True(select.TryGetProperty(status, out var response), status);
            Assert.Equal("#/components/schemas/Problem", response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        }

        // A reader endpoint is not refused for its role, so it documents no role 403.
        var status200 = doc.GetProperty("paths").GetProperty("/status").GetProperty("get").GetProperty("responses");
        Assert.False(status200.TryGetProperty("403", out _));
        Assert.True(doc.GetProperty("components").GetProperty("schemas").GetProperty("Problem").GetProperty("properties").TryGetProperty("detail", out _));
    }

    [Fact]
    public async Task OpenApi_Parameters_CarryDescriptionsAndLimits()
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app);
        var limit = doc.GetProperty("paths").GetProperty("/ui/audit").GetProperty("get").GetProperty("parameters")[0];
        Assert.Equal("limit", limit.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(limit.GetProperty("description").GetString()));
        Assert.Equal(10, limit.GetProperty("schema").GetProperty("minimum").GetInt32());
        Assert.Equal(500, limit.GetProperty("schema").GetProperty("maximum").GetInt32());
        // Numbers are plain numbers (no integer-or-string unions a GPT Action would stumble on).
        Assert.Equal("integer", limit.GetProperty("schema").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/tree", "max_depth", "minimum", 0)]
    [InlineData("/tree", "max_depth", "maximum", 6)]
    [InlineData("/file", "start_line", "minimum", 1)]
    [InlineData("/search", "q", "minLength", 3)]
    [InlineData("/search", "q", "maxLength", 128)]
    [InlineData("/diff", "base", "maxLength", 256)]
    public async Task OpenApi_ReadParameters_CarryTheServiceLimits(string path, string parameter, string keyword, int value)
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app);
        var found = doc.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == parameter);
        Assert.False(string.IsNullOrEmpty(found.GetProperty("description").GetString()));
        Assert.Equal(value, found.GetProperty("schema").GetProperty(keyword).GetInt32());
    }

    [Theory]
    [InlineData("/file")]
    [InlineData("/diff")]
    public async Task OpenApi_FileAndDiff_AnswerTextPlain(string path)
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app);
        var ok = doc.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200");
        Assert.Equal("string", ok.GetProperty("content").GetProperty("text/plain").GetProperty("schema").GetProperty("type").GetString());
        Assert.Single(ok.GetProperty("content").EnumerateObject());
        if (path == "/file")
        {
            Assert.True(ok.GetProperty("headers").TryGetProperty("X-Content-SHA256", out _));
            Assert.True(ok.GetProperty("headers").TryGetProperty("X-Total-Lines", out _));
            var pathParameter = doc.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters")[0];
            Assert.True(pathParameter.GetProperty("required").GetBoolean());
        }
    }

    [Fact]
    public async Task OpenApi_Servers_IsTheConfiguredPublicUrl()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_PUBLIC_URL", "https://orch.example.com/");
        var doc = await LoadAsync(app);
        var servers = doc.GetProperty("servers");
        Assert.Equal(1, servers.GetArrayLength());
        Assert.Equal("https://orch.example.com", servers[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task OpenApi_OperationIds_AreUniqueAndGptActionSized()
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app);
        var operations = Operations(doc).ToList();
        var ids = operations.Select(o => o.GetProperty("operationId").GetString()!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.True(operations.Count <= 30, "a GPT Action accepts at most 30 operations");
        var text = doc.GetRawText();
        foreach (var construct in new[] { "\"anyOf\"", "\"oneOf\"", "\"allOf\"", "\"not\"", "\"$dynamicRef\"" })
        {
            Assert.DoesNotContain(construct, text, StringComparison.Ordinal); // composition keywords GPT Actions handle poorly
        }

        Assert.All(operations, o =>
        {
            // GPT Actions refuse operation descriptions over 300 characters.
            var text = o.TryGetProperty("description", out var d) ? d.GetString()! : "";
            Assert.True(text.Length <= 300, o.GetProperty("operationId").GetString());
        });
    }

    internal static async Task<JsonElement> LoadAsync(OrchestratorApp app)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/openapi.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static IEnumerable<JsonElement> Operations(JsonElement doc) =>
        doc.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => m.Value));

    /// <summary>The endpoints that are not API operations: the dashboard root, the 404 fallback, MCP, the document and its reference page.</summary>
    private static bool IsUndocumented(RouteEndpoint endpoint)
    {
        var raw = endpoint.RoutePattern.RawText ?? "";
        var path = "/" + raw.Trim('/');
        return path == "/"
            || (endpoint.RoutePattern.Parameters.Any(p => p.IsCatchAll) && endpoint.Order == int.MaxValue)
            || path.StartsWith("/mcp", StringComparison.Ordinal)
            || path == "/openapi.json"
            || path == "/openapi/actions.json"
            || path.StartsWith("/docs", StringComparison.Ordinal);
    }
}
