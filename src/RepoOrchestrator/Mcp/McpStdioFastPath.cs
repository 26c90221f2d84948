using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// The fast path of `repo-orchestrator mcp` (issue 19): <see cref="McpStdioInput"/> offers it each admitted line, and a
/// plain `tools/call` of a read tool is answered here, with the decision, binding and tool call of
/// <see cref="McpFastPath"/> (the one mechanism both transports share), instead of by the SDK's session. Every other
/// line goes to the SDK unchanged. It answers only once the SDK has handled the session's `initialize` (its negotiated
/// version is one whose answers <see cref="McpFastPath.ProtocolVersions"/> lists, and it knows the client) and the client
/// has sent `notifications/initialized` (which it does only after reading the initialize answer); before that the SDK
/// answers every line, whatever it answers. A call runs as the SDK runs one: off the reading loop, as the local operator
/// (<see cref="McpLocalOperator"/>: admin, `admin:stdio`, the client its initialize named), in a service scope of its
/// own, with a token that a `notifications/cancelled` naming its id cancels (a cancelled call is answered with nothing,
/// as the SDK does; the notification still reaches the SDK, which knows no such request). The answer is one frame
/// through <see cref="McpStdioOutput"/>'s gate, so it never interleaves with an SDK frame; at the end of input the
/// answers still running are written before the SDK is told the input ended.
/// </summary>
internal sealed partial class McpStdioFastPath(McpFastPath fastPath, IServiceProvider services, McpStdioOutput output, ILogger logger) : IDisposable
{
    private static readonly JsonRpcErrorDetail Failed = new() { Code = (int)McpErrorCode.InternalError, Message = "An error occurred." };

    private readonly ConcurrentDictionary<RequestId, CancellationTokenSource> _running = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Lazy<McpServer?> _server = new(services.GetService<McpServer>);
    private int _inFlight;
    private TaskCompletionSource? _drained;
    private volatile bool _initializedNotified;

    /// <summary>
    /// Takes an admitted line (<paramref name="root"/>, and <paramref name="message"/> the node that wraps it, as the line
    /// guard parsed them once) when it is a call the fast path answers: true means it has started and the SDK must not see the line.
    /// </summary>
    public bool TryTake(JsonElement root, JsonNode? message)
    {
        if (message is not JsonObject envelope || envelope["method"] is not JsonValue method || method.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        switch (method.GetValue<string>())
        {
            case "notifications/initialized":
                _initializedNotified = true;
                return false;
            case "notifications/cancelled":
                Cancel(root);
                return false; // the SDK sees it too: it cancels its own request of that id, if any
            case "tools/call":
                return TryStart(root);
            default:
                return false;
        }
    }

    /// <summary>Waits until every call this path started has written its answer (or ended without one).</summary>
    public Task DrainAsync()
    {
        lock (_gate)
        {
            if (_inFlight == 0)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    /// <summary>Cancels the calls still running (the process is stopping); their answers are not written.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private bool TryStart(JsonElement root)
    {
        // SECURITY: only after the SDK's own initialize handling: the negotiated version decides the answer's shape.
        if (!_initializedNotified || !fastPath.Enabled
            || _server.Value is not { NegotiatedProtocolVersion: { } version, ClientInfo: var client }
            || !McpFastPath.ProtocolVersions.Contains(version))
        {
            return false;
        }

        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        // SECURITY: stdio has no token: every call is the local operator's, as McpLocalOperator.Filter makes the SDK's.
        var call = fastPath.Prepare(root, McpLocalOperator.Principal, cancellation.Token);

        // A second call of an id still running is the SDK's (which answers both): cancellation names one request.
        if (call is null || !_running.TryAdd(call.Id, cancellation))
        {
            cancellation.Dispose();
            return false;
        }

        lock (_gate)
        {
            _inFlight++;
        }

        var stopping = _stopping.Token;
        _ = Task.Run(() => RunAsync(call, cancellation, client, stopping), CancellationToken.None);
        return true;
    }

    private async Task RunAsync(McpFastInvocation call, CancellationTokenSource cancellation, Implementation? client, CancellationToken stopping)
    {
        try
        {
            JsonRpcErrorDetail? error = null;
            CallToolResult? result = null;
            try
            {
                McpLocalOperator.EnterCall(client);
                await using var scope = services.CreateAsyncScope(); // the SDK's scope per request
                result = await call.InvokeAsync(scope.ServiceProvider);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return; // cancelled by the client or the process stopping: no answer, as the SDK sends none
            }
            catch (Exception ex)
            {
                // McpToolRunner answers every failure of a tool body; what is left (e.g. the tool class not resolving)
                // is answered as the SDK answers an exception out of its handler.
                LogCallFailed(logger, ex, call.Id);
                error = Failed;
            }

            fastPath.CountAnswered(); // before the frame leaves: a client (a test) that has read it sees the count
            if (result is not null)
            {
                await McpFastResponse.WriteFrameAsync(output, call.Id, result, stopping);
            }
            else
            {
                var frame = JsonSerializer.SerializeToUtf8Bytes<JsonRpcMessage>(new JsonRpcError { Id = call.Id, Error = error! }, McpJsonUtilities.DefaultOptions);
                await output.WriteFrameAsync(frame, stopping);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            LogAnswerLost(logger, call.Id); // standard output closed or the process stopping
        }
        finally
        {
            _running.TryRemove(call.Id, out _);
            cancellation.Dispose();
            lock (_gate)
            {
                if (--_inFlight == 0 && _drained is { } drained)
                {
                    _drained = null;
                    drained.SetResult();
                }
            }
        }
    }

    private void Cancel(JsonElement notification)
    {
        if (notification.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object
            && parameters.TryGetProperty("requestId", out var requestId) && McpFastCall.IdOf(requestId) is { } id
            && _running.TryGetValue(id, out var running))
        {
            try
            {
                running.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // It finished between the lookup and the cancel: nothing left to cancel.
            }
        }
    }

    [LoggerMessage(EventId = 6014, Level = LogLevel.Error, Message = "MCP stdio tool call {Id} failed outside the tool")]
    private static partial void LogCallFailed(ILogger logger, Exception ex, RequestId id);

    [LoggerMessage(EventId = 6015, Level = LogLevel.Information, Message = "MCP stdio answer to request {Id} not written: the output is closed")]
    private static partial void LogAnswerLost(ILogger logger, RequestId id);
}
