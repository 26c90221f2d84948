using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RepoOrchestrator.OpenApi;

/// <summary>
/// Numbers are numbers. The web JSON defaults read numbers from strings too, so the generator writes
/// `type: [integer, string]` with a digits pattern; agents and GPT Action importers then send strings.
/// The service answers and accepts plain numbers, so the document says exactly that.
/// </summary>
internal sealed class OrchestratorSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Type is { } type
            && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number))
            && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        return Task.CompletedTask;
    }
}
