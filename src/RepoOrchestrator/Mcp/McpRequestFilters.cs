using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// The MCP server's own answer to malformed requests, for every transport (issue 15). The incoming-message filter
/// refuses ill-shaped parameters and unknown tools with -32602 before the SDK's handlers run, and turns a binding
/// failure the SDK still hits (System.Text.Json's <see cref="JsonException"/>) into -32602 naming the field instead of
/// `-32603 An error occurred.`. The call-tool filter checks tool arguments against the tool's published schema and
/// answers a bad one with an `isError` result (status 400, the argument named) that the agent can correct. None of
/// these is a failure of the service: logged at Information without an exception, never told to the failure
/// observers (no PANIC event), and thrown outside the SDK's handlers so the SDK logs no error with a stack trace.
/// </summary>
public static partial class McpRequestFilters
{
    public const string InvalidArgumentType = "invalid-argument";

    public static IMcpServerBuilder WithOrchestratorRequestValidation(this IMcpServerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .WithMessageFilters(filters => filters.AddIncomingFilter(ValidateMessage))
            .WithRequestFilters(filters => filters.AddCallToolFilter(ValidateToolArguments));
    }

    public static McpMessageHandler ValidateMessage(McpMessageHandler next) =>
        async (context, cancellationToken) =>
        {
            if (context.JsonRpcMessage is not JsonRpcRequest request)
            {
                await next(context, cancellationToken);
                return;
            }

            var error = McpRequestValidation.ValidateParams(request.Method, request.Params) ?? UnknownTool(context.Server, request);
            if (error is not null)
            {
                Refuse(context, request.Method, error);
            }

            try
            {
                await next(context, cancellationToken);
            }
            catch (JsonException binding)
            {
                // SECURITY: the request's parameters did not bind to the method's types: the client's input, not a
                // failure of the service (no -32603, no stack trace at Error).
                Refuse(context, request.Method, new McpRequestError(
                    McpErrorCode.InvalidParams,
                    $"Invalid params: `{McpRequestValidation.ParamsPath(binding.Path)}` is missing or has the wrong type for {McpRequestValidation.Echo(request.Method)}."));
            }
        };

    public static McpRequestHandler<CallToolRequestParams, CallToolResult> ValidateToolArguments(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            if (context.MatchedPrimitive is not McpServerTool tool)
            {
                return await next(context, cancellationToken); // the SDK answers an unknown tool with -32602
            }

            var name = tool.ProtocolTool.Name;
            if (McpToolArguments.Check(tool.ProtocolTool.InputSchema, context.Params?.Arguments) is { } invalid)
            {
                return RefuseArgument(context, name, invalid);
            }

            try
            {
                return await next(context, cancellationToken);
            }
            catch (Exception binding) when (binding is JsonException or ArgumentException)
            {
                // Tool bodies run inside McpToolRunner, which catches everything; what arrives here is the SDK binding
                // arguments the schema check above let through.
                return RefuseArgument(context, name, new McpArgumentError(null, $"The arguments do not match the input schema of `{name}` (see tools/list)."));
            }
        };

    private static McpRequestError? UnknownTool(McpServer server, JsonRpcRequest request)
    {
        if (!string.Equals(request.Method, RequestMethods.ToolsCall, StringComparison.Ordinal)
            || request.Params?["name"]?.GetValue<string>() is not { } name
            || server.ServerOptions.ToolCollection?.TryGetPrimitive(name, out _) == true)
        {
            return null;
        }

        // Thrown here rather than by the SDK's tools/call handler, which logs it as a tool failure with a stack trace.
        return new McpRequestError(McpErrorCode.InvalidParams, $"Unknown tool: `{McpRequestValidation.Echo(name)}`. Call tools/list for the tools this caller can use.");
    }

    private static void Refuse(MessageContext context, string method, McpRequestError error)
    {
        if (Logger(context.Services) is { } logger && logger.IsEnabled(LogLevel.Information))
        {
            var echoed = McpRequestValidation.Echo(method);
            LogRefused(logger, echoed, (int)error.Code, error.Message);
        }

        throw new McpProtocolException(error.Message, error.Code);
    }

    private static CallToolResult RefuseArgument(MessageContext context, string tool, McpArgumentError invalid)
    {
        if (Logger(context.Services) is { } logger && logger.IsEnabled(LogLevel.Information))
        {
            LogArgumentRefused(logger, tool, invalid.Argument ?? "(unknown)");
        }

        return McpToolResults.Error(new Problem(StatusCodes.Status400BadRequest, invalid.Detail, InvalidArgumentType));
    }

    private static ILogger? Logger(IServiceProvider? services) =>
        services?.GetService<ILoggerFactory>()?.CreateLogger(typeof(McpRequestFilters).FullName!);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "MCP request {Method} refused with {Code}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, int code, string reason);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "MCP tool {Tool} refused an invalid argument {Argument}")]
    private static partial void LogArgumentRefused(ILogger logger, string tool, string argument);
}
