using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// The response body the MCP SDK writes into while <see cref="McpJsonResponse"/> decides how to frame its answer
/// (as stream and as pipe: it stands in for the request's <see cref="IHttpResponseBodyFeature"/>): writes are held in
/// memory, flushes and starts are ignored, until more than <paramref name="maxHeld"/> bytes arrive; then what was held
/// and everything after goes to the real response body as written (flushes too).
/// </summary>
internal sealed class McpResponseHold(IHttpResponseBodyFeature real, int maxHeld) : Stream, IHttpResponseBodyFeature
{
    private readonly MemoryStream _held = new();
    private PipeWriter? _writer;
    private bool _completed;

    private Stream Inner => real.Stream;

    Stream IHttpResponseBodyFeature.Stream => this;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default) =>
        PassedThrough ? real.StartAsync(cancellationToken) : Task.CompletedTask;

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    /// <summary>Pushes what the SDK left in the pipe into the hold (or through); the answer is complete after this.</summary>
    public async Task CompleteAsync()
    {
        if (_writer is not null && !_completed)
        {
            _completed = true;
            await _writer.FlushAsync();
            await _writer.CompleteAsync();
        }
    }

    /// <summary>Whether the answer outgrew the hold and is being written to the client directly.</summary>
    public bool PassedThrough { get; private set; }

    /// <summary>What was written and held (empty once passed through); writable, so the answer can be re-encoded in place.</summary>
    public Memory<byte> Held => _held.GetBuffer().AsMemory(0, (int)_held.Length);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!PassedThrough && _held.Length + buffer.Length <= maxHeld)
        {
            _held.Write(buffer.Span);
            return;
        }

        if (!PassedThrough)
        {
            PassedThrough = true;
            await Inner.WriteAsync(Held, cancellationToken);
            _held.SetLength(0);
        }

        await Inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The MCP response is written asynchronously.");

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        PassedThrough ? Inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _held.Dispose();
        }

        base.Dispose(disposing);
    }
}
