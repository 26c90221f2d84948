using System.Text.Json;
using System.Text.Json.Nodes;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// Standard input of `repo-orchestrator mcp`, checked line by line before the SDK's stdio transport reads it (issue 15).
/// That transport drops a line it cannot parse, answering nothing unless it can dig out an `id`, so a client waits
/// forever. Here a line that is not one well-formed JSON-RPC message (not JSON, an array, a wrong `jsonrpc`, `id` or
/// `method`, over <see cref="MaxLineBytes"/>, nested too deep) is answered with its JSON-RPC error on standard output
/// and never reaches the SDK; every other line passes through unchanged. Parameter checks are the server filter's.
/// A well-formed line is offered to the fast path (<see cref="McpStdioFastPath"/>, issue 19) first: a plain read-tool
/// call it takes is answered there and never reaches the SDK either.
/// </summary>
internal sealed partial class McpStdioInput(Stream inner, McpStdioOutput output, ILogger logger, McpStdioFastPath? fastPath = null) : Stream
{
    public const int MaxLineBytes = McpHttpRequestGuard.MaxBodyBytes;

    private readonly byte[] _chunk = new byte[16 * 1024];
    private readonly MemoryStream _line = new();
    private int _chunkStart;
    private int _chunkEnd;
    private bool _overLong;
    private ReadOnlyMemory<byte> _ready = ReadOnlyMemory<byte>.Empty;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_ready.IsEmpty)
        {
            var line = await NextLineAsync(cancellationToken);
            if (line is null)
            {
                if (fastPath is not null)
                {
                    await fastPath.DrainAsync(); // its answers are written before the SDK hears the input ended
                }

                return 0;
            }

            _ready = await AdmitAsync(line, cancellationToken);
        }

        var count = Math.Min(buffer.Length, _ready.Length);
        _ready[..count].CopyTo(buffer);
        _ready = _ready[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>The line with its newline when it may go to the SDK; empty when it was answered here.</summary>
    private async Task<ReadOnlyMemory<byte>> AdmitAsync(byte[] line, CancellationToken cancellationToken)
    {
        McpRequestError? error;
        JsonNode? message = null;
        JsonElement root = default;
        if (_overLong)
        {
            _overLong = false;
            error = new McpRequestError(ModelContextProtocol.McpErrorCode.InvalidRequest, $"Invalid Request: a message is limited to {MaxLineBytes / 1024} KiB.");
        }
        else
        {
            var text = line.AsSpan().TrimEnd("\r\n"u8);
            if (text.Trim(" \t"u8).IsEmpty)
            {
                return ReadOnlyMemory<byte>.Empty; // blank lines separate nothing; the SDK skips them too
            }

            error = McpMessageParser.Parse(text, checkParams: false, out message, out root);
        }

        if (error is null)
        {
            if (fastPath?.TryTake(root, message) == true)
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            return line.Length > 0 && line[^1] == (byte)'\n' ? line : [.. line, (byte)'\n'];
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            LogRefused(logger, (int)error.Code, error.Message);
        }

        var reply = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = McpRequestValidation.IdOf(message),
            ["error"] = new JsonObject { ["code"] = (int)error.Code, ["message"] = error.Message },
        };
        await output.WriteFrameAsync(System.Text.Encoding.UTF8.GetBytes(reply.ToJsonString()), cancellationToken);
        return ReadOnlyMemory<byte>.Empty;
    }

    /// <summary>The next line including its newline (the last one may lack it); null at the end of input.</summary>
    private async Task<byte[]?> NextLineAsync(CancellationToken cancellationToken)
    {
        _line.SetLength(0);
        while (true)
        {
            if (_chunkStart == _chunkEnd)
            {
                // Console input ignores cancellation; WaitAsync lets the host stop without waiting for a line.
                _chunkStart = 0;
                _chunkEnd = await inner.ReadAsync(_chunk, cancellationToken).AsTask().WaitAsync(cancellationToken);
                if (_chunkEnd == 0)
                {
                    return _line.Length > 0 || _overLong ? _line.ToArray() : null;
                }
            }

            var newline = Array.IndexOf(_chunk, (byte)'\n', _chunkStart, _chunkEnd - _chunkStart);
            var end = newline < 0 ? _chunkEnd : newline + 1;
            // SECURITY: past the cap the line is counted as refused and its bytes dropped, never buffered.
            if (!_overLong && _line.Length + (end - _chunkStart) > MaxLineBytes + 2)
            {
                _overLong = true;
                _line.SetLength(0);
            }

            if (!_overLong)
            {
                _line.Write(_chunk, _chunkStart, end - _chunkStart);
            }

            _chunkStart = end;
            if (newline >= 0)
            {
                return _line.ToArray();
            }
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _line.Dispose();
            fastPath?.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    [LoggerMessage(EventId = 6013, Level = LogLevel.Information, Message = "MCP stdio message refused with {Code}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int code, string reason);
}
