using System.Globalization;
using System.Text.Json;

namespace RepoOrchestrator.Mcp;

/// <summary>A refused tool argument: its name as the tool's schema spells it (null when unknown) and what to fix.</summary>
public sealed record McpArgumentError(string? Argument, string Detail);

/// <summary>
/// Checks a tools/call's `arguments` against the input schema the tool publishes in tools/list, before the SDK
/// binds them to the tool method's parameters. The SDK's binder fails with messages that do not name the argument
/// ("could not be converted to System.Int32. Path: $") and logs them as errors with a stack trace; this names the
/// argument (snake_case, as the schema does) and the expected type or range. The subset of JSON Schema the tools
/// use: `properties`, `required`, `type` (string or array of types), `minimum`/`maximum`, `minLength`/`maxLength`,
/// `enum`, and for arrays `minItems`/`maxItems` and `items`. `pattern` is left to the services, which check refs themselves. Argument values are never echoed.
/// </summary>
public static class McpToolArguments
{
    public static McpArgumentError? Check(JsonElement schema, IDictionary<string, JsonElement>? arguments)
    {
        var properties = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p
            : default;
        arguments ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);

        foreach (var (name, value) in arguments.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(name, out var property))
            {
                return new McpArgumentError(null, $"Unknown argument `{McpRequestValidation.Echo(name)}`. {Accepted(properties)}");
            }

            if (CheckValue(name, property, value) is { } problem)
            {
                return new McpArgumentError(name, problem);
            }
        }

        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()).OfType<string>())
            {
                if (!arguments.ContainsKey(name))
                {
                    return new McpArgumentError(name, $"Missing required argument `{name}`.");
                }
            }
        }

        return null;
    }

    private static string? CheckValue(string name, JsonElement property, JsonElement value)
    {
        var types = Types(property);
        var kind = KindOf(value);
        if (types.Count > 0 && !types.Contains(kind) && !(kind == "integer" && types.Contains("number")))
        {
            return $"Argument `{name}` must be {Describe(types)}.";
        }

        return kind switch
        {
            "integer" or "number" => CheckNumber(name, property, value),
            "string" => CheckString(name, property, value.GetString()!),
            "array" => CheckArray(name, property, value),
            _ => null,
        };
    }

    /// <summary>`minItems`/`maxItems`, then each item against `items` (named `name[i]`).</summary>
    private static string? CheckArray(string name, JsonElement property, JsonElement value)
    {
        var count = value.GetArrayLength();
        if (Bound(property, "minItems") is { } min && count < min)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Argument `{name}` must hold at least {min} item(s).");
        }

        if (Bound(property, "maxItems") is { } max && count > max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Argument `{name}` must hold at most {max} item(s) (it holds {count}).");
        }

        if (!property.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (CheckValue(string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]"), items, item) is { } problem)
            {
                return problem;
            }

            index++;
        }

        return null;
    }

    private static string? CheckNumber(string name, JsonElement property, JsonElement value)
    {
        var number = value.TryGetDouble(out var parsed) ? parsed : double.PositiveInfinity;
        var min = Bound(property, "minimum");
        var max = Bound(property, "maximum");
        if ((min is { } low && number < low) || (max is { } high && number > high))
        {
            var range = (min, max) switch
            {
                ({ } a, { } b) => string.Create(CultureInfo.InvariantCulture, $"between {a} and {b}"),
                ({ } a, null) => string.Create(CultureInfo.InvariantCulture, $"at least {a}"),
                (null, { } b) => string.Create(CultureInfo.InvariantCulture, $"at most {b}"),
                _ => "",
            };
            return $"Argument `{name}` must be {range}.";
        }

        return null;
    }

    private static string? CheckString(string name, JsonElement property, string text)
    {
        if (Bound(property, "minLength") is { } min && text.Length < min)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Argument `{name}` must be at least {min} characters long.");
        }

        if (Bound(property, "maxLength") is { } max && text.Length > max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Argument `{name}` must be at most {max} characters long.");
        }

        if (property.TryGetProperty("enum", out var allowed) && allowed.ValueKind == JsonValueKind.Array
            && !allowed.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && string.Equals(a.GetString(), text, StringComparison.Ordinal)))
        {
            return $"Argument `{name}` must be one of: {string.Join(", ", allowed.EnumerateArray().Select(a => a.ToString()))}.";
        }

        return null;
    }

    /// <summary>The JSON Schema type of a value; a number is an `integer` only when it is whole and fits a 64-bit integer.</summary>
    private static string KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "array",
        _ => "object",
    };

    private static List<string> Types(JsonElement property)
    {
        if (!property.TryGetProperty("type", out var type))
        {
            return [];
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => [type.GetString()!],
            JsonValueKind.Array => type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList(),
            _ => [],
        };
    }

    private static string Describe(List<string> types)
    {
        var named = types.Select(t => t switch
        {
            "integer" => "a whole number (within the allowed range)",
            "number" => "a number",
            "string" => "a string",
            "boolean" => "true or false",
            "null" => "null",
            "array" => "an array",
            _ => "an object",
        });
        return string.Join(" or ", named);
    }

    private static double? Bound(JsonElement property, string keyword) =>
        property.TryGetProperty(keyword, out var bound) && bound.ValueKind == JsonValueKind.Number ? bound.GetDouble() : null;

    private static string Accepted(JsonElement properties)
    {
        var names = properties.ValueKind == JsonValueKind.Object ? properties.EnumerateObject().Select(p => $"`{p.Name}`").ToList() : [];
        return names.Count == 0 ? "This tool takes no arguments." : $"This tool takes: {string.Join(", ", names)}.";
    }
}
