using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.OpenApi;

/// <summary>`/openapi/actions.json`: what a custom GPT imports — only the read-only token's operations, 3.1.0, reads not consequential, feature tags.</summary>
public sealed class ActionsDocumentTests
{
    [Fact]
    public async Task ActionsDocument_WithoutToken_DeclaresOpenApi310AndBearer()
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app);
        Assert.Equal("3.1.0", doc.GetProperty("openapi").GetString());
        Assert.Equal("bearer", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearerAuth").GetProperty("scheme").GetString());
        Assert.Contains("100,000", doc.GetProperty("info").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActionsDocument_Operations_AreExactlyTheReaderEndpoints()
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app);
        var readerIds = app.Service<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == OrchestratorClaims.ReaderPolicy))
            .Where(e => e.Metadata.GetMetadata<PublicEndpoint>() is null)
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        var ids = Operations(doc).Select(o => o.Operation.GetProperty("operationId").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(readerIds, ids);
        Assert.Contains("getFile", ids);
        Assert.DoesNotContain("selectRepo", ids); // admin
        Assert.DoesNotContain("getAudit", ids); // admin
        Assert.DoesNotContain("getHealth", ids); // public: nothing for a GPT to read there
        Assert.All(Operations(doc), o => Assert.Equal("get", o.Method));
    }

    [Fact]
    public async Task ActionsDocument_EveryOperation_IsCallableWithTheActionsToken()
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app);
        using var client = app.CreateClient(TestRole.Actions);
        foreach (var (path, _, _) in Operations(doc))
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            // No repository is selected and no parameters are sent: 200, 400 or 409, never a refusal of the token.
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{path}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task ActionsDocument_Reads_AreNotConsequential()
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app);
        Assert.NotEmpty(Operations(doc));
        Assert.All(Operations(doc), o => Assert.Equal(JsonValueKind.False, o.Operation.GetProperty("x-openai-isConsequential").ValueKind));
    }

    [Theory]
    [InlineData("/openapi/actions.json")]
    [InlineData("/openapi.json")]
    public async Task Documents_Tags_AreFeatureNamesWithDescriptions(string path)
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app, path);
        var declared = doc.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("description").GetString());
        Assert.All(declared, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), t.Key));
        Assert.All(declared.Keys, name => Assert.DoesNotContain("Endpoints", name, StringComparison.Ordinal)); // not a C# class name
        var used = Operations(doc).Select(o => o.Operation.GetProperty("tags").EnumerateArray().Single().GetString()!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(used.Order(StringComparer.Ordinal), declared.Keys.Order(StringComparer.Ordinal));
        var fileTag = doc.GetProperty("paths").GetProperty("/file").GetProperty("get").GetProperty("tags")[0].GetString();
        Assert.Equal("Files", fileTag);
        Assert.Equal("Search", doc.GetProperty("paths").GetProperty("/search").GetProperty("get").GetProperty("tags")[0].GetString());
        Assert.Equal("Tree", doc.GetProperty("paths").GetProperty("/tree").GetProperty("get").GetProperty("tags")[0].GetString());
        Assert.Equal("Diff", doc.GetProperty("paths").GetProperty("/diff").GetProperty("get").GetProperty("tags")[0].GetString());
        Assert.Equal("Status", doc.GetProperty("paths").GetProperty("/status").GetProperty("get").GetProperty("tags")[0].GetString());
    }

    [Fact]
    public async Task FullDocument_StillListsAdminOperations()
    {
        await using var app = new OrchestratorApp();
        var doc = await LoadAsync(app, "/openapi.json");
        var ids = Operations(doc).Select(o => o.Operation.GetProperty("operationId").GetString()).ToList();
        Assert.Contains("selectRepo", ids);
        Assert.Contains("getHealth", ids);
        Assert.DoesNotContain(Operations(doc), o => o.Operation.TryGetProperty("x-openai-isConsequential", out _));
    }

    internal static async Task<JsonElement> LoadAsync(OrchestratorApp app, string path = "/openapi/actions.json")
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<(string Path, string Method, JsonElement Operation)> Operations(JsonElement doc) =>
        doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (p.Name, m.Name, m.Value)))
            .ToList();
}
