using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Authentication;
using Scalar.AspNetCore;

namespace RepoOrchestrator.OpenApi;

/// <summary>
/// `GET /openapi.json` (the OpenAPI 3.1 document of every operation), `GET /openapi/actions.json` (the part a custom
/// GPT imports: <see cref="ActionsDocument"/>) and `GET /docs` (an interactive reference that works offline), all
/// public like `/health`: they describe the API, they do not use it.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi.json";
    public const string ReferencePath = "/docs";

    public static IServiceCollection AddOrchestratorOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(options => Configure(options));
        services.AddOpenApi(ActionsDocument.Name, options =>
        {
            Configure(options);
            options.ShouldInclude = ActionsDocument.Includes; // SECURITY: only what the read-only token may call
            options.AddOperationTransformer<ActionsDocument.OperationTransformer>();
            options.AddDocumentTransformer<ActionsDocument.DocumentTransformer>();
        });
        return services;
    }

    private static void Configure(OpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1; // ChatGPT Actions import 3.0 and 3.1; 3.1 is JSON Schema proper
        options.AddOperationTransformer<OrchestratorOperationTransformer>();
        options.AddDocumentTransformer<OrchestratorDocumentTransformer>();
        options.AddSchemaTransformer<OrchestratorSchemaTransformer>();
    }

    public static IEndpointRouteBuilder MapOrchestratorOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath).AsPublic();
        app.MapGet(ActionsDocument.Path, ActionsDocument.ServeAsync).AsPublic().ExcludeFromDescription();

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
