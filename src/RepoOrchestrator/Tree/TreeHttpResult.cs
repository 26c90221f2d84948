using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace RepoOrchestrator.Tree;

/// <summary>
/// The 200 answer of GET /tree: a page answered through the index (<see cref="TreeResult.Page"/>) is written straight
/// from the index listing's bytes with the service's JSON options (the same encoder, so the same bytes the serializer
/// would write: TreeHttpResultTests compare them); any other page is serialized as <see cref="Ok{TValue}"/> does. Declares
/// the same OpenAPI response as <c>Ok&lt;TreeResult&gt;</c>.
/// </summary>
public sealed class TreeHttpResult(TreeResult value) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<TreeResult>
{
    private static readonly JsonEncodedText FilesName = JsonEncodedText.Encode("files");
    private static readonly JsonEncodedText TruncatedName = JsonEncodedText.Encode("truncated");
    private static readonly JsonEncodedText EntriesName = JsonEncodedText.Encode("entries");
    private static readonly JsonEncodedText NextCursorName = JsonEncodedText.Encode("next_cursor");
    private static readonly JsonEncodedText GitIgnoreIncompleteName = JsonEncodedText.Encode("gitignore_incomplete");
    private static readonly JsonEncodedText IndexName = JsonEncodedText.Encode("index");

    public TreeResult Value { get; } = value;

    object? IValueHttpResult.Value => Value;

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public static TreeHttpResult From(TreeResult value) => new(value);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (Value.Page is null)
        {
            await TypedResults.Ok(Value).ExecuteAsync(httpContext);
            return;
        }

        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        httpContext.Response.StatusCode = StatusCode;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        var body = httpContext.Response.BodyWriter;
        using (var json = new Utf8JsonWriter(body, Writing(options)))
        {
            Write(json, Value);
        }

        await body.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TreeResult), ["application/json"]));
    }

    /// <summary>The writer settings the serializer would use with <paramref name="options"/> (its encoder decides every escape).</summary>
    internal static JsonWriterOptions Writing(JsonSerializerOptions options) => new()
    {
        Encoder = options.Encoder,
        Indented = options.WriteIndented,
        IndentCharacter = options.IndentCharacter,
        IndentSize = options.IndentSize,
        NewLine = options.NewLine,
        MaxDepth = options.MaxDepth == 0 ? 64 : options.MaxDepth,
        SkipValidation = true,
    };

    /// <summary>A page answered through the index, as the serializer writes a <see cref="TreeResult"/> (keys in its order).</summary>
    internal static void Write(Utf8JsonWriter json, TreeResult value)
    {
        var page = value.Page!;
        json.WriteStartObject();
        json.WriteStartArray(FilesName);
        page.WriteFiles(json);
        json.WriteEndArray();
        json.WriteBoolean(TruncatedName, value.Truncated);
        json.WriteStartArray(EntriesName);
        page.WriteEntries(json);
        json.WriteEndArray();
        if (value.NextCursor is null)
        {
            json.WriteNull(NextCursorName);
        }
        else
        {
            json.WriteString(NextCursorName, value.NextCursor);
        }

        if (value.GitIgnoreIncomplete)
        {
            json.WriteBoolean(GitIgnoreIncompleteName, true);
        }

        json.WriteString(IndexName, value.Index);
        json.WriteEndObject();
    }
}
