using Microsoft.OpenApi;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Authentication;
using Scalar.AspNetCore;

namespace RepoOrchestrator.OpenApi;

/// <summary>
/// `GET /openapi.json` (the OpenAPI 3.1 document a custom GPT imports) and `GET /docs` (an interactive
/// reference that works offline), both public like `/health`: they describe the API, they do not use it.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi.json";
    public const string ReferencePath = "/docs";

    public static IServiceCollection AddOrchestratorOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddOperationTransformer<OrchestratorOperationTransformer>();
            options.AddDocumentTransformer<OrchestratorDocumentTransformer>();
            options.AddSchemaTransformer<OrchestratorSchemaTransformer>();
        });
        return services;
    }

    public static IEndpointRouteBuilder MapOrchestratorOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath).AsPublic();

        // Scalar serves its JavaScript bundle from the package itself (an embedded resource under /docs/),
        // so the page needs nothing from the internet once default fonts (a font CDN), telemetry, the hosted
        // AI agent and the MCP hand-off are off; the page's CSP (ApiReferenceHeaders) holds it to that.
        app.MapScalarApiReference(ReferencePath, scalar => scalar
                .WithTitle("Repo Orchestrator API")
                .WithOpenApiRoutePattern(DocumentPath)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools() // the toolbar links to Scalar's hosted services
                .WithProxy("") // SECURITY: never relay "try it" requests (and their bearer token) through Scalar's hosted proxy
                .AddPreferredSecuritySchemes(OrchestratorDocumentTransformer.BearerSchemeId))
            .AddEndpointFilter((context, next) =>
            {
                var network = context.HttpContext.RequestServices.GetRequiredService<NetworkSettings>();
                ApiReferenceHeaders.Apply(context.HttpContext.Response, network.PublicUrl);
                return next(context);
            })
            .AsPublic();
        return app;
    }
}
