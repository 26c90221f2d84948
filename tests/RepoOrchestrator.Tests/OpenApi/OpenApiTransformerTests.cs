using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using RepoOrchestrator.OpenApi;

namespace RepoOrchestrator.Tests.OpenApi;

/// <summary>The operation transformer refuses an endpoint without a name, so no unnamed operation reaches a GPT import.</summary>
public sealed class OpenApiTransformerTests
{
    [Fact]
    public async Task Transformer_EndpointWithoutName_FailsLoudly()
    {
        var transformer = new OrchestratorOperationTransformer();
        var context = new OpenApiOperationTransformerContext
        {
            DocumentName = "v1",
            Description = new ApiDescription { HttpMethod = "GET", RelativePath = "unnamed", ActionDescriptor = new ActionDescriptor() },
            ApplicationServices = new ServiceCollection().BuildServiceProvider(),
            Document = new OpenApiDocument(),
        };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => transformer.TransformAsync(new OpenApiOperation(), context, CancellationToken.None));
        Assert.Contains("GET /unnamed", error.Message, StringComparison.Ordinal);
        Assert.Contains(".WithName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transformer_NamedAdminEndpoint_GetsBearerAndRoleError()
    {
        var transformer = new OrchestratorOperationTransformer();
        var document = new OpenApiDocument();
        var context = new OpenApiOperationTransformerContext
        {
            DocumentName = "v1",
            Description = new ApiDescription { HttpMethod = "GET", RelativePath = "x", ActionDescriptor = new ActionDescriptor() },
            ApplicationServices = new ServiceCollection().BuildServiceProvider(),
            Document = document,
        };
        var operation = new OpenApiOperation { OperationId = "getX" };
        await transformer.TransformAsync(operation, context, CancellationToken.None);
        Assert.Single(operation.Security!);
        Assert.True(operation.Responses!.ContainsKey("403")); // no reader policy: admin-only, like the fallback policy
        Assert.True(document.Components!.SecuritySchemes!.ContainsKey(OrchestratorDocumentTransformer.BearerSchemeId));
    }
}
