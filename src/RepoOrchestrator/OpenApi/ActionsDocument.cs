using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.OpenApi;

/// <summary>
/// `GET /openapi/actions.json`: the document a custom GPT imports. It lists only the operations the read-only
/// (actions) token may call — those mapped with the reader policy; admin operations and public ones (`/health`)
/// are left out, so a GPT never offers a call its token is refused — and marks each read
/// `x-openai-isConsequential: false`, so ChatGPT may run it without asking the user each time.
/// `/openapi.json` stays the full document (every operation) for people and other tools.
/// </summary>
internal static class ActionsDocument
{
    public const string Name = "actions";
    public const string Path = "/openapi/actions.json";
    public const string ConsequentialExtension = "x-openai-isConsequential";

    /// <summary>The OpenAPI version the document declares: the one OpenAI's Actions documentation names (3.1.1 only clarified 3.1.0's text).</summary>
    public const string DeclaredVersion = "3.1.0";

    /// <summary>
    /// Serves the document written as OpenAPI 3.1 with <see cref="DeclaredVersion"/> as its `openapi` field
    /// (Microsoft.OpenApi 2 writes 3.1.1, which GPT importers are not known to take).
    /// </summary>
    public static async Task<IResult> ServeAsync([FromKeyedServices(Name)] IOpenApiDocumentProvider provider, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var document = await provider.GetOpenApiDocumentAsync(ct);
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, ct);
        var root = JsonNode.Parse(json)!.AsObject();
        root["openapi"] = DeclaredVersion;
        return TypedResults.Text(root.ToJsonString(Written), "application/json; charset=utf-8");
    }

    // Served as JSON, never inside HTML: backticks and quotes in descriptions stay readable.
    private static readonly JsonSerializerOptions Written = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reader-policy operations only (SECURITY: what the actions token may call, no more).</summary>
    public static bool Includes(ApiDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var metadata = description.ActionDescriptor.EndpointMetadata;
        return metadata.OfType<IAuthorizeData>().Any(a => string.Equals(a.Policy, OrchestratorClaims.ReaderPolicy, StringComparison.Ordinal))
            && !metadata.OfType<PublicEndpoint>().Any();
    }

    /// <summary>Every operation of this document is a read: GET, no side effect but the audit line.</summary>
    internal sealed class OperationTransformer : IOpenApiOperationTransformer
    {
        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(operation);
            ArgumentNullException.ThrowIfNull(context);
            if (!string.Equals(context.Description.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"{context.Description.HttpMethod} /{context.Description.RelativePath} is in the actions document but is not a GET: "
                    + "the actions token reads only, so a reader endpoint must be a GET.");
            }

            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
            operation.Extensions[ConsequentialExtension] = new JsonNodeExtension(JsonValue.Create(false));
            return Task.CompletedTask;
        }
    }

    /// <summary>Says in the document itself what a GPT should know: the token, the answer size, how to go on.</summary>
    internal sealed class DocumentTransformer : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(document);
            document.Info ??= new OpenApiInfo();
            document.Info.Title = "Repo Orchestrator (read-only, for ChatGPT Actions)";
            document.Info.Description =
                "Read-only, audited access to the operator's active git repository: list files, read a file (secrets redacted), "
                + "search, diff refs. Authenticate with the read-only token: `Authorization: Bearer <token>`. Every answer fits "
                + $"ChatGPT's 100,000-character limit; a cut answer says so (`truncated`, "
                + "`# ... [TRUNCATED] ...`) and how to ask for the rest. Errors are application/problem+json with a `detail`.";
            return Task.CompletedTask;
        }
    }
}
