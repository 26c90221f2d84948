using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Status;

namespace RepoOrchestrator.OpenApi;

/// <summary>
/// Document-level parts: title, version and description, the one `servers` entry (ORCH_PUBLIC_URL, so a GPT
/// Action calls the tunnel, not the importer's guess), the bearer scheme and the shared error schemas.
/// </summary>
internal sealed class OrchestratorDocumentTransformer(NetworkSettings network) : IOpenApiDocumentTransformer
{
    public const string BearerSchemeId = "bearerAuth";
    public const string ProblemSchemaId = "Problem";
    public const string FailureSchemaId = "InternalFailure";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "Repo Orchestrator",
            Version = StatusService.Version,
            Description =
                "Safe, read-only, audited access to the operator's active git repository: list files, read a file " +
                "(secrets redacted), search, and diff refs. Authenticate with `Authorization: Bearer <token>`; " +
                "give agents the read-only token. Errors are application/problem+json with a human `detail`.",
        };
        document.Servers = [new OpenApiServer { Url = network.PublicUrl, Description = "This Repo Orchestrator (ORCH_PUBLIC_URL)" }];
        EnsureComponents(document);
        FeatureTags.Prune(document);
        return Task.CompletedTask;
    }

    /// <summary>Adds the security scheme and the error schemas once; operation transformers call it too, before they reference them.</summary>
    public static void EnsureComponents(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        if (!document.Components.SecuritySchemes.ContainsKey(BearerSchemeId))
        {
            document.AddComponent<IOpenApiSecurityScheme>(BearerSchemeId, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The admin token, or the read-only (actions) token for agents: `Authorization: Bearer <token>`.",
            });
        }

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        if (!document.Components.Schemas.ContainsKey(ProblemSchemaId))
        {
            document.AddComponent<IOpenApiSchema>(ProblemSchemaId, new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "RFC 9457 problem details; `detail` says what went wrong in plain words.",
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                {
                    ["type"] = Text("A stable URI naming the kind of problem."),
                    ["title"] = Text("The HTTP reason phrase."),
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "The HTTP status code." },
                    ["detail"] = Text("What went wrong, for a human or an agent to act on."),
                    ["instance"] = Text("The request path."),
                    ["correlation_id"] = Text("The X-Correlation-ID of the request, to find it in the logs."),
                },
                Required = new HashSet<string>(StringComparer.Ordinal) { "status", "detail" },
            });
        }

        if (!document.Components.Schemas.ContainsKey(FailureSchemaId))
        {
            document.AddComponent<IOpenApiSchema>(FailureSchemaId, new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "An unexpected failure; it holds no internals, only the correlation id.",
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                {
                    ["error"] = Text("Always `Internal System Failure`."),
                    ["correlation_id"] = Text("The X-Correlation-ID of the request."),
                },
                Required = new HashSet<string>(StringComparer.Ordinal) { "error", "correlation_id" },
            });
        }
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
