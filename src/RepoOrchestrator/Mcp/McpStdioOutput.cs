namespace RepoOrchestrator.Mcp;

/// <summary>
/// Standard output of `repo-orchestrator mcp`, written one whole frame at a time. The SDK writes a frame as its JSON,
/// a newline and a flush; <see cref="McpStdioInput"/> answers malformed lines itself from another thread. Both go
/// through one gate, and the SDK's bytes are held until its flush, so an error reply can never land inside a frame.
/// Every frame, the SDK's and ours, has its quote escapes shortened on the way out (<see cref="McpJsonEscapes"/>, as
/// `POST /mcp` does: issue 19): the same JSON values in fewer bytes for the client to read.
/// </summary>
internal sealed class McpStdioOutput(Stream inner) : Stream
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MemoryStream _pending = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Writes one complete frame (a JSON-RPC message and its newline) between the SDK's frames.</summary>
    /// <remarks><paramref name="frame"/> (JSON text without its newline) is rewritten in place.</remarks>
    public async Task WriteFrameAsync(Memory<byte> frame, CancellationToken cancellationToken)
    {
        var length = McpJsonEscapes.Shorten(frame.Span);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await inner.WriteAsync(frame[..length], cancellationToken);
            await inner.WriteAsync(Newline, cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    // The SDK writes under its own send lock, one frame after another: _pending has one writer at a time.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _pending.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _pending.Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_pending.Length > 0)
            {
                var length = McpJsonEscapes.Shorten(_pending.GetBuffer().AsSpan(0, (int)_pending.Length));
                await inner.WriteAsync(_pending.GetBuffer().AsMemory(0, length), cancellationToken);
                _pending.SetLength(0);
            }

            await inner.FlushAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
            _pending.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
