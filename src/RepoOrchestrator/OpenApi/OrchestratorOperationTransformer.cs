using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Security.Panic;

namespace RepoOrchestrator.OpenApi;

/// <summary>
/// Per-operation parts derived from the endpoint itself: the operationId must be the endpoint's name (an
/// unnamed endpoint fails the whole document, so a test catches it before a GPT import does), the bearer
/// requirement on every protected operation and none on public ones, the error responses its authorization
/// implies, and the parameter limits and text/plain bodies of <see cref="OpenApiOperationCatalog"/>.
/// </summary>
internal sealed class OrchestratorOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var description = context.Description;
        var id = operation.OperationId;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new InvalidOperationException(
                $"Endpoint {description.HttpMethod} /{description.RelativePath} has no name: give it a stable operationId with .WithName(\"...\") or .ExcludeFromDescription().");
        }

        var document = context.Document ?? throw new InvalidOperationException("The OpenAPI operation transformer needs the document.");
        OrchestratorDocumentTransformer.EnsureComponents(document);
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var isPublic = metadata.OfType<PublicEndpoint>().Any();
        var isReader = metadata.OfType<IAuthorizeData>().Any(a => string.Equals(a.Policy, OrchestratorClaims.ReaderPolicy, StringComparison.Ordinal));
        // The same opt-out metadata the rate limiter and the lockdown read (SPEC 4).
        var rateLimited = !metadata.OfType<DisableRateLimitingAttribute>().Any();
        var lockedDown = !metadata.OfType<LockdownExemption>().Any();

        FeatureTags.Apply(operation, document, metadata);
        if (metadata.OfType<ReadsRepositoryMetadata>().Any())
        {
            // The filter of ReadsRepository() reads it; the handler never sees it, so it is documented from the metadata.
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = RequestedRepository.Parameter,
                In = ParameterLocation.Query,
                Description = RequestedRepository.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = RequestedRepository.MaxLength },
            });
        }

        DocumentParameters(operation, id);
        DocumentTextBody(operation, id);
        operation.Responses ??= [];
        if (operation.Parameters is { Count: > 0 })
        {
            AddProblem(operation, document, 400, "A query value is missing, malformed or out of range; `detail` names the parameter.");
        }

        if (!isPublic)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OrchestratorDocumentTransformer.BearerSchemeId, document)] = [] }];
            AddProblem(operation, document, 401, "`Token missing` or `Invalid token` (the response carries `WWW-Authenticate: Bearer`).");
            if (!isReader)
            {
                AddProblem(operation, document, 403, "`Read-only token cannot access this endpoint`: this operation needs the admin token.");
            }

            AddFailure(operation, document, metadata.OfType<ExpectedProblems>().Any(p => p.Statuses.Contains(500)));
        }

        // The endpoint's own expected failures, declared once where it is mapped (Errors/ExpectedProblems).
        foreach (var status in metadata.OfType<ExpectedProblems>().SelectMany(p => p.Statuses).Where(s => s != 400))
        {
            AddProblem(operation, document, status, ExtraErrorDescription(status));
        }

        if (rateLimited)
        {
            AddProblem(operation, document, 429, "`Too many requests` from this client address; retry after the `Retry-After` seconds.");
        }

        if (!isPublic && lockedDown)
        {
            AddProblem(operation, document, 503, "`System in LOCKDOWN` (panic mode): only requests with a valid token are served.");
        }

        SortResponses(operation);
        return Task.CompletedTask;
    }

    private static void SortResponses(OpenApiOperation operation)
    {
        var responses = operation.Responses ?? [];
        var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (key, response) in sorted)
        {
            responses[key] = response;
        }
    }

    private static string ExtraErrorDescription(int status) => status switch
    {
        403 => "`Access denied`: the path is not served (it leaves the repository, also through a link; a denied folder, extension or dot-name; not allowlisted), or the token is scoped to other repositories.",
        404 => "Not found (`Repo not found`, or no such file).",
        409 => "Conflict with the repository's state: `No active repository: select one with POST /ui/repos/select`, or git cannot read it; `detail` says which.",
        413 => "The file is larger than ORCH_MAX_FILE_BYTES.",
        415 => "The file is binary (a NUL byte in its first 8 KiB).",
        416 => "`start_line` is past the end of the file; `detail` gives its length.",
        422 => "`redaction-budget`: the text has too many secret-like candidates to redact within the request's budget; a file is redacted whole whatever lines are asked for, so such a file cannot be served; a diff can be narrowed.",
        _ => "Error; see `detail`.",
    };

    private static void DocumentParameters(OpenApiOperation operation, string id)
    {
        if (operation.Parameters is null || !OpenApiOperationCatalog.Parameters.TryGetValue(id, out var docs))
        {
            return;
        }

        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            if (parameter.Name is null || !docs.TryGetValue(parameter.Name, out var doc))
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(parameter.Description))
            {
                parameter.Description = doc.Description;
            }

            parameter.Required |= doc.Required;

            if (parameter.Schema is OpenApiSchema schema)
            {
                schema.Minimum ??= doc.Minimum?.ToString(CultureInfo.InvariantCulture);
                schema.Maximum ??= doc.Maximum?.ToString(CultureInfo.InvariantCulture);
                schema.MinLength ??= doc.MinLength;
                schema.MaxLength ??= doc.MaxLength;
                schema.Pattern ??= doc.Pattern;
                if (doc.Enum is not null && schema.Enum is not { Count: > 0 })
                {
                    schema.Enum = [.. doc.Enum.Select(value => (JsonNode)JsonValue.Create(value))];
                }
            }
        }
    }

    private static void DocumentTextBody(OpenApiOperation operation, string id)
    {
        if (!OpenApiOperationCatalog.TextPlain.TryGetValue(id, out var text))
        {
            return;
        }

        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = text.Description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            Headers = text.Headers.ToDictionary(
                h => h.Name,
                h => (IOpenApiHeader)new OpenApiHeader
                {
                    Description = h.Description,
                    Schema = new OpenApiSchema { Type = h.IsInteger ? JsonSchemaType.Integer : JsonSchemaType.String },
                },
                StringComparer.Ordinal),
        };
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiDocument document, int status, string description)
    {
        var key = status.ToString(CultureInfo.InvariantCulture);
        operation.Responses ??= [];
        if (operation.Responses.ContainsKey(key))
        {
            return; // the endpoint declared it itself (ProducesProblem); keep its wording
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(OrchestratorDocumentTransformer.ProblemSchemaId, document) },
            },
        };
    }

    /// <param name="expected">The service declares a 500 of its own (a failing service manager): problem+json beside the bare failure.</param>
    private static void AddFailure(OpenApiOperation operation, OpenApiDocument document, bool expected)
    {
        operation.Responses ??= [];
        var content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
        {
            ["application/json"] = new() { Schema = new OpenApiSchemaReference(OrchestratorDocumentTransformer.FailureSchemaId, document) },
        };
        if (expected)
        {
            content["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(OrchestratorDocumentTransformer.ProblemSchemaId, document) };
        }

        operation.Responses.TryAdd("500", new OpenApiResponse
        {
            Description = expected
                ? "problem+json when the operation itself failed (`service-control-failed`: the service manager failed, hung or is missing; `detail` says what to do); "
                    + "otherwise an unexpected failure (it counts towards panic mode) whose body holds only a correlation id."
                : "An unexpected failure (it counts towards panic mode); the body holds only a correlation id.",
            Content = content,
        });
    }
}
