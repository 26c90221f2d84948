using System.Buffers;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace RepoOrchestrator.Tree;

/// <summary>
/// The 200 answer of GET /tree: a page answered through the index (<see cref="TreeResult.Page"/>) is written straight
/// from the index listing's bytes, as raw JSON when the service's JSON options allow it (<see cref="WritesRaw"/>), else with
/// a JSON writer on those options (either way the bytes the serializer would write: IndexTreePagesTests compare them); any other page is serialized as <see cref="Ok{TValue}"/> does. Declares
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
        if (WritesRaw(options))
        {
            WriteRaw(body, Value, Writing(options));
        }
        else
        {
            using var json = new Utf8JsonWriter(body, Writing(options));
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

    /// <summary>
    /// Whether <see cref="WriteRaw"/> writes what the serializer would with <paramref name="options"/>: compact output
    /// and an encoder that leaves alone every path the listing marks plain (<see cref="Index.IndexListing.Plain"/>,
    /// made with the default encoder): the default one, or the relaxed one ASP.NET Core's JSON options use, which
    /// escapes less (both leave printable ASCII other than the default's few HTML-sensitive characters as it is).
    /// </summary>
    internal static bool WritesRaw(JsonSerializerOptions options) =>
        !options.WriteIndented && (options.Encoder is null || ReferenceEquals(options.Encoder, JavaScriptEncoder.Default)
            || ReferenceEquals(options.Encoder, JavaScriptEncoder.UnsafeRelaxedJsonEscaping));

    /// <summary>
    /// A page answered through the index, as <see cref="Write"/> writes it, but as bytes straight into
    /// <paramref name="output"/>: the page's paths are copied from the listing, and only strings that may need escaping
    /// (overlay paths, paths the listing marks, the cursor) go through a JSON writer with <paramref name="writing"/>.
    /// Only for settings <see cref="WritesRaw"/> accepts.
    /// </summary>
    internal static void WriteRaw(IBufferWriter<byte> output, TreeResult value, JsonWriterOptions writing)
    {
        var page = value.Page!;
        using var escape = new JsonTokens(writing);
        var raw = new RawJson(output);
        try
        {
            raw.Write("{\"files\":["u8);
            page.WriteFilesRaw(ref raw, escape);
            raw.Write(value.Truncated ? "],\"truncated\":true,\"entries\":["u8 : "],\"truncated\":false,\"entries\":["u8);
            page.WriteEntriesRaw(ref raw, escape);
            raw.Write("],\"next_cursor\":"u8);
            raw.Write(value.NextCursor is null ? "null"u8 : escape.String(value.NextCursor));
            if (value.GitIgnoreIncomplete)
            {
                raw.Write(",\"gitignore_incomplete\":true"u8);
            }

            raw.Write(",\"index\":"u8);
            raw.Write(escape.String(value.Index));
            raw.Write((byte)'}');
        }
        finally
        {
            raw.Dispose(); // commits what was written
        }
    }

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
