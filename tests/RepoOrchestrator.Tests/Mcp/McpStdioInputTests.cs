using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RepoOrchestrator.Mcp;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>The stdio line guard on its own, over in-memory streams: what passes to the SDK and what is answered here.</summary>
public sealed class McpStdioInputTests
{
    [Fact]
    public async Task Read_MixedLines_PassesValidOnesAndAnswersTheRest()
    {
        var input = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n\nnot json\n[]\r\n\"x\"\n{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
        using var stdout = new MemoryStream();
        using var output = new McpStdioOutput(new NonClosing(stdout));
        using var guard = new McpStdioInput(new MemoryStream(Encoding.UTF8.GetBytes(input)), output, NullLogger.Instance);
        using var reader = new StreamReader(guard);

        var passed = await reader.ReadToEndAsync();

        Assert.Equal("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n", passed);
        var answers = Encoding.UTF8.GetString(stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, answers.Length);
        Assert.Contains("-32700", answers[0], StringComparison.Ordinal);
        Assert.Contains("batches", answers[1], StringComparison.Ordinal);
        Assert.Contains("JSON object", answers[2], StringComparison.Ordinal);
        Assert.All(answers, a => Assert.Contains("\"id\":null", a, StringComparison.Ordinal));
    }

    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
