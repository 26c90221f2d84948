using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// Reads one JSON-RPC message from raw bytes for the transport guards: -32700 when it is not JSON (with where it
/// broke, never the text), -32600 when it nests deeper than <see cref="McpRequestValidation.MaxDepth"/>, then the
/// envelope and parameter checks of <see cref="McpRequestValidation"/>.
/// </summary>
public static class McpMessageParser
{
    public static McpRequestError? Parse(ReadOnlySpan<byte> utf8, bool checkParams, out JsonNode? message) =>
        Parse(utf8, checkParams, out message, out _);

    /// <summary>
    /// As <see cref="Parse(ReadOnlySpan{byte}, bool, out JsonNode?)"/>, with the message also as <paramref name="root"/>:
    /// the one parse of the text, which <paramref name="message"/> wraps (the fast path reads it without parsing again).
    /// </summary>
    public static McpRequestError? Parse(ReadOnlySpan<byte> utf8, bool checkParams, out JsonNode? message, out JsonElement root)
    {
        message = null;
        root = default;
        if (Unreadable(utf8) is { } unreadable)
        {
            return unreadable;
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = McpRequestValidation.MaxDepth });
        root = JsonElement.ParseValue(ref reader);
        message = root.ValueKind switch
        {
            JsonValueKind.Object => JsonObject.Create(root),
            JsonValueKind.Array => JsonArray.Create(root),
            JsonValueKind.Null => null,
            _ => JsonValue.Create(root),
        };
        var error = McpRequestValidation.ValidateEnvelope(message);
        if (error is null && checkParams && message!["method"] is { } method)
        {
            error = McpRequestValidation.ValidateParams(method.GetValue<string>(), message["params"]);
        }

        return error;
    }

    /// <summary>Whether the current string token reads as text: valid UTF-8 without escapes, else decoded once.</summary>
    private static bool Decodable(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return System.Text.Unicode.Utf8.IsValid(reader.ValueSpan);
        }

        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static McpRequestError? Unreadable(ReadOnlySpan<byte> utf8)
    {
        // Depth is tracked token by token, so a hostile 100 000-level body is refused at level 65, not walked.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 4 * McpRequestValidation.MaxDepth });
        try
        {
            if (utf8.IsEmpty)
            {
                return new McpRequestError(McpErrorCode.ParseError, "Parse error: the body is empty; send one JSON-RPC request object.");
            }

            while (reader.Read())
            {
                if (reader.CurrentDepth >= McpRequestValidation.MaxDepth)
                {
                    return new McpRequestError(McpErrorCode.InvalidRequest, string.Create(CultureInfo.InvariantCulture,
                        $"Invalid Request: the message nests deeper than {McpRequestValidation.MaxDepth} levels."));
                }

                // SECURITY: the reader accepts a string it cannot decode (bytes that are not UTF-8, an escaped lone
                // surrogate) and throws only when it is read as text, which the guards and the fast path do on the
                // request thread (a 500 and a PANIC event over HTTP, the end of the session over stdio): refused here.
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !Decodable(ref reader))
                {
                    return new McpRequestError(McpErrorCode.ParseError, string.Create(CultureInfo.InvariantCulture,
                        $"Parse error: the body holds a string that is not valid Unicode (at byte {reader.TokenStartIndex + 1}): send UTF-8 JSON without lone surrogate escapes."));
                }
            }

            return null;
        }
        catch (JsonException ex)
        {
            return new McpRequestError(McpErrorCode.ParseError, string.Create(CultureInfo.InvariantCulture,
                $"Parse error: the body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."));
        }
    }
}
