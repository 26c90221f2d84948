using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// One tool method that <see cref="McpFastPath"/> may call itself: the method the SDK would call (found by its
/// <see cref="McpServerToolAttribute"/> name), the input schema the SDK publishes for it, and a binder that turns a
/// call's arguments into the method's parameters. The binder takes only what binds without doubt (a string for a
/// string, a whole number in range for an int, true/false for a bool, an array of strings for a string array, null
/// for a nullable parameter, the parameter's default when the argument is absent); anything else makes the call fall
/// through to the SDK, whose binder and error answers then decide, exactly as without a fast path.
/// </summary>
internal sealed class McpFastTool
{
    private static readonly Type[] Bindable = [typeof(string), typeof(int), typeof(int?), typeof(bool), typeof(bool?), typeof(string[])];

    private readonly ObjectFactory _create;
    private readonly MethodInfo _method;
    private readonly ParameterInfo[] _parameters;

    private McpFastTool(Type type, MethodInfo method, ParameterInfo[] parameters, JsonElement schema)
    {
        _create = ActivatorUtilities.CreateFactory(type, Type.EmptyTypes);
        _method = method;
        _parameters = parameters;
        Schema = schema;
    }

    /// <summary>The input schema the SDK publishes in tools/list and checks arguments against (McpRequestFilters).</summary>
    public JsonElement Schema { get; }

    /// <summary>The tool methods of <paramref name="type"/> the fast path can bind, by tool name; <paramref name="sdkTool"/> gives the SDK's tool of a name.</summary>
    public static IEnumerable<KeyValuePair<string, McpFastTool>> Of(Type type, Func<string, McpServerTool?> sdkTool)
    {
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.GetCustomAttribute<McpServerToolAttribute>() is not { Name: { } name }
                || method.ReturnType != typeof(Task<CallToolResult>)
                || sdkTool(name) is not { } registered)
            {
                continue;
            }

            var parameters = method.GetParameters();
            if (parameters.All(p => p.ParameterType == typeof(ClaimsPrincipal) || p.ParameterType == typeof(CancellationToken) || Bindable.Contains(p.ParameterType)))
            {
                yield return new(name, new McpFastTool(type, method, parameters, registered.ProtocolTool.InputSchema));
            }
        }
    }

    /// <summary>The method's parameters for <paramref name="arguments"/>; false when one does not bind without doubt.</summary>
    public bool TryBind(IReadOnlyDictionary<string, JsonElement> arguments, ClaimsPrincipal user, CancellationToken cancellationToken, out object?[] values)
    {
        values = new object?[_parameters.Length];
        var used = 0;
        for (var i = 0; i < _parameters.Length; i++)
        {
            var parameter = _parameters[i];
            var type = parameter.ParameterType;
            if (type == typeof(ClaimsPrincipal))
            {
                values[i] = user; // the SDK binds the request's principal (RequestContext.User)
            }
            else if (type == typeof(CancellationToken))
            {
                values[i] = cancellationToken;
            }
            else if (parameter.Name is { } name && arguments.TryGetValue(name, out var value))
            {
                used++;
                if (!TryConvert(type, value, out values[i]))
                {
                    return false;
                }
            }
            else if (parameter.HasDefaultValue)
            {
                values[i] = parameter.DefaultValue;
            }
            else
            {
                return false;
            }
        }

        return used == arguments.Count; // an argument no parameter takes: the SDK's answer, not ours
    }

    /// <summary>Runs the tool method on a new instance of its class, made the way the SDK makes it (from the request's services).</summary>
    public Task<CallToolResult> InvokeAsync(IServiceProvider services, object?[] values) =>
        (Task<CallToolResult>)_method.Invoke(_create(services, null), BindingFlags.DoNotWrapExceptions, binder: null, values, culture: null)!;

    private static bool TryConvert(Type type, JsonElement value, out object? converted)
    {
        converted = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            // Null only where the parameter can hold it (the schema check has already allowed it).
            return !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string) && value.ValueKind == JsonValueKind.String)
        {
            converted = value.GetString();
            return true;
        }

        if (target == typeof(int) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            converted = number;
            return true;
        }

        if (target == typeof(bool) && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            converted = value.GetBoolean();
            return true;
        }

        if (target == typeof(string[]) && value.ValueKind == JsonValueKind.Array)
        {
            var items = new string[value.GetArrayLength()];
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                items[index++] = item.GetString()!;
            }

            converted = items;
            return true;
        }

        return false;
    }
}
