using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RepoOrchestrator.OpenApi;

/// <summary>
/// Operations are grouped by feature (`Files`, `Search`, `Tree`, `Diff`, `Status`, …): the feature folder (namespace)
/// of the handler that maps the endpoint, so a new feature is tagged without a list to update. The generator's own
/// default is the declaring class's name (`FileEndpoints`), which means nothing to a GPT or a reader.
/// </summary>
internal static class FeatureTags
{
    private const string Root = "RepoOrchestrator.";

    /// <summary>What each feature's operations do, for readers of the document (a feature not listed gets a plain sentence).</summary>
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["Status"] = "Service version, uptime and health.",
        ["Tree"] = "List the files of the active repository.",
        ["Files"] = "Read files of the active repository, secrets redacted.",
        ["Search"] = "Search the text of the active repository, secrets redacted.",
        ["Diff"] = "Compare two refs of the active repository, secrets redacted.",
        ["Git"] = "History of the active repository (log, a file at a ref, blame), secrets redacted.",
        ["History"] = "History of the active repository (log, a file at a ref, blame), secrets redacted.",
        ["Repositories"] = "Repositories under the root, and which one is active (admin).",
        ["Audit"] = "The tamper-evident audit log (admin).",
        ["Allowlist"] = "Paths an agent may read when the allowlist is required (admin).",
        ["Security"] = "Security events and panic mode (admin).",
        ["ServiceControl"] = "Restart or stop the service (admin).",
        ["Vitaminize"] = "Prepare a repository for agents (admin).",
    };

    /// <summary>The feature of an endpoint's handler, or null when it has none (a lambda in the host, say).</summary>
    public static string? For(IList<object> endpointMetadata)
    {
        var handler = endpointMetadata.OfType<MethodInfo>().FirstOrDefault();
        var ns = handler?.DeclaringType?.Namespace;
        if (ns is null || !ns.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }

        var feature = ns[Root.Length..];
        var dot = feature.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? feature : feature[..dot];
    }

    /// <summary>Replaces the operation's tags with its feature tag (kept as is when the feature is unknown).</summary>
    public static void Apply(OpenApiOperation operation, OpenApiDocument document, IList<object> endpointMetadata)
    {
        if (For(endpointMetadata) is not { } feature)
        {
            return;
        }

        document.Tags ??= new HashSet<OpenApiTag>();
        if (!document.Tags.Any(t => string.Equals(t.Name, feature, StringComparison.Ordinal)))
        {
            document.Tags.Add(new OpenApiTag { Name = feature });
        }

        operation.Tags = new HashSet<OpenApiTagReference> { new(feature, document) };
    }

    /// <summary>
    /// The document's tags: exactly those its operations use (the generator's class-name tags go), sorted, each
    /// with its description (the generator may have added a bare one for a name an operation uses).
    /// </summary>
    public static void Prune(OpenApiDocument document)
    {
        document.Tags ??= new HashSet<OpenApiTag>();

        var used = (document.Paths ?? [])
            .SelectMany(p => p.Value.Operations ?? [])
            .SelectMany(o => o.Value.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        document.Tags.Clear();
        foreach (var name in used.Order(StringComparer.Ordinal))
        {
            document.Tags.Add(new OpenApiTag
            {
                Name = name,
                Description = Descriptions.TryGetValue(name, out var text) ? text : $"Operations of the {name} feature.",
            });
        }
    }
}
