using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// Writes a tool result as the JSON-RPC response the SDK would have sent through <see cref="McpJsonResponse"/>: the
/// SDK's serializer options and type contracts (so the same members, order and escapes), members in the SDK's order
/// (`result`, `id`, `jsonrpc`), the quote escapes shortened (<see cref="McpJsonEscapes"/>), `application/json` with
/// a Content-Length and the SDK's `Cache-Control`; over stdio, the frame the SDK's stream transport writes (its
/// serializer's text unchanged, then a newline). The JSON is written once into a pooled buffer, never held as a tree.
/// </summary>
internal static class McpFastResponse
{
    private static readonly JsonSerializerOptions Sdk = McpJsonUtilities.DefaultOptions;

    private static readonly JsonTypeInfo<CallToolResult> ResultContract = (JsonTypeInfo<CallToolResult>)Sdk.GetTypeInfo(typeof(CallToolResult));

    private static readonly JsonTypeInfo<RequestId> IdContract = (JsonTypeInfo<RequestId>)Sdk.GetTypeInfo(typeof(RequestId));

    private static readonly JsonWriterOptions Writer = new() { Encoder = Sdk.Encoder, SkipValidation = true };

    /// <summary>The HTTP answer: the JSON with its quote escapes shortened, as McpJsonResponse reframes the SDK's.</summary>
    public static async Task WriteAsync(HttpContext context, RequestId id, CallToolResult result)
    {
        using var buffer = Serialize(id, result);
        var length = McpJsonEscapes.Shorten(buffer.Written);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache,no-store"; // what the SDK sets on every answer
        response.ContentLength = length;
        await response.Body.WriteAsync(buffer.Memory[..length], context.RequestAborted);
    }

    /// <summary>The stdio answer: one frame through <paramref name="output"/>'s gate, between the SDK's frames, never inside one.</summary>
    public static async Task WriteFrameAsync(McpStdioOutput output, RequestId id, CallToolResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = Serialize(id, result);
        await output.WriteFrameAsync(buffer.Memory, cancellationToken);
    }

    private static PooledBuffer Serialize(RequestId id, CallToolResult result)
    {
        var buffer = new PooledBuffer();
        using var writer = new Utf8JsonWriter(buffer, Writer);
        writer.WriteStartObject();
        writer.WritePropertyName("result"u8);
        if (McpFileResultCache.Serialized(result) is { } json)
        {
            writer.WriteRawValue(json, skipInputValidation: true); // read_file: the same bytes the line below would write
        }
        else
        {
            JsonSerializer.Serialize(writer, result, ResultContract);
        }

        writer.WritePropertyName("id"u8);
        JsonSerializer.Serialize(writer, id, IdContract);
        writer.WriteString("jsonrpc"u8, "2.0"u8);
        writer.WriteEndObject();
        writer.Flush();
        return buffer;
    }

    /// <summary>A growable buffer rented from the shared pool and returned on dispose.</summary>
    private sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
    {
        private byte[] _array = ArrayPool<byte>.Shared.Rent(16 * 1024);
        private int _written;

        public Span<byte> Written => _array.AsSpan(0, _written);

        public Memory<byte> Memory => _array.AsMemory(0, _written);

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _array.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _array.AsSpan(_written);
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
        }

        private void Reserve(int sizeHint)
        {
            var needed = _written + Math.Max(sizeHint, 256);
            if (needed <= _array.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
            _array.AsSpan(0, _written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = larger;
        }
    }
}
