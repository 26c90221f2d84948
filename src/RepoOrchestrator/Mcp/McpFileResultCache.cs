using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol.Protocol;
using RepoOrchestrator.Files;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// The parts of a `read_file` result built from one served body: the body as text, the summary line and the
/// structured content already serialized (issue 19: building them escaped and re-parsed the whole body on every
/// call, about a tenth of the server's CPU per stdio call). They are pure functions of the served bytes and the
/// facts beside them (path, range, line count, hash, truncation, hidden characters), so they are kept with the
/// body's byte array: the read service's body cache hands the same array back for an unchanged file and range,
/// and the parts live exactly as long as that array (a weak table: no budget, no eviction of its own). A hit must
/// match every fact, so a second file with the same bytes (another path, same array) gets its own parts. Only the
/// immutable parts are shared; every call gets a new <see cref="CallToolResult"/>. The fast path also takes the result's
/// JSON from here (<see cref="Serialized"/>): written once per body and facts, with the SDK's contract, instead of
/// escaping the body twice on every call; the audit line and the snapshot still happen on every call, before this.
/// </summary>
internal static class McpFileResultCache
{
    private static readonly ConditionalWeakTable<byte[], Parts> ByBody = new();

    /// <summary>The parts each result of <see cref="Build"/> was made from, for as long as that result lives.</summary>
    private static readonly ConditionalWeakTable<CallToolResult, Parts> ByResult = new();

    /// <summary>The SDK's own contract for a tool result: its members, order and escapes.</summary>
    private static readonly JsonTypeInfo<CallToolResult> SdkContract =
        (JsonTypeInfo<CallToolResult>)ModelContextProtocol.McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    /// <summary>The `read_file` result of <paramref name="read"/>: the body as text, the summary line, the same facts and body as structured content.</summary>
    public static CallToolResult Build(FileReadResult read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var facts = new Facts(read.Path, read.StartLine, read.EndLine, read.TotalLines, read.ContentSha256, read.Truncated, read.HiddenCharacters);
        if (!MemoryMarshal.TryGetArray(read.BodyUtf8, out var segment) || segment.Array is not { } array
            || segment.Offset != 0 || segment.Count != array.Length)
        {
            return Parts.From(facts, read.Body()).Result();
        }

        var parts = Cached(array, facts);
        var result = parts.Result();
        ByResult.AddOrUpdate(result, parts);
        return result;
    }

    /// <summary>
    /// The JSON of <paramref name="result"/> as the SDK's serializer writes it, when <see cref="Build"/> made it from a
    /// cached body (the same bytes for every call of that body and those facts); null for any other result.
    /// </summary>
    public static byte[]? Serialized(CallToolResult result)
    {
        if (!ByResult.TryGetValue(result, out var parts))
        {
            return null;
        }

        // A race writes the same bytes twice, never different ones.
        return parts.Json ??= JsonSerializer.SerializeToUtf8Bytes(parts.Result(), SdkContract);
    }

    private static Parts Cached(byte[] body, Facts facts)
    {
        if (ByBody.TryGetValue(body, out var hit) && hit.Facts == facts)
        {
            return hit;
        }

        var parts = Parts.From(facts, System.Text.Encoding.UTF8.GetString(body));
        ByBody.AddOrUpdate(body, parts);
        return parts;
    }

    private readonly record struct Facts(string Path, int StartLine, int EndLine, int TotalLines, string ContentSha256, bool Truncated, int HiddenCharacters);

    private sealed record Parts(Facts Facts, string Body, string Summary, JsonElement Structured)
    {
        /// <summary>The result's JSON, written the first time the fast path needs it.</summary>
        public byte[]? Json { get; set; }

        /// <summary>A new result of these parts (the same text and structured content, never the same object).</summary>
        public CallToolResult Result() => new()
        {
            Content = [new TextContentBlock { Text = Body }, new TextContentBlock { Text = Summary }],
            StructuredContent = Structured,
        };

        public static Parts From(Facts facts, string body)
        {
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{facts.Path}: lines {facts.StartLine}-{facts.EndLine} of {facts.TotalLines}; sha256 {facts.ContentSha256}; {McpToolResults.HiddenNote(facts.HiddenCharacters)}; ") +
                McpToolResults.TruncationNote(facts.Truncated, "ask for the next lines with start_line");
            var structured = McpToolResults.ToElement(new McpFileContent(
                facts.Path, facts.StartLine, facts.EndLine, facts.TotalLines, facts.ContentSha256, facts.Truncated, body, facts.HiddenCharacters));
            return new Parts(facts, body, summary, structured);
        }
    }
}
