using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
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
/// immutable parts are shared; every call gets a new <see cref="CallToolResult"/>.
/// </summary>
internal static class McpFileResultCache
{
    private static readonly ConditionalWeakTable<byte[], Parts> ByBody = new();

    /// <summary>The `read_file` result of <paramref name="read"/>: the body as text, the summary line, the same facts and body as structured content.</summary>
    public static CallToolResult Build(FileReadResult read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var facts = new Facts(read.Path, read.StartLine, read.EndLine, read.TotalLines, read.ContentSha256, read.Truncated, read.HiddenCharacters);
        var parts = MemoryMarshal.TryGetArray(read.BodyUtf8, out var segment) && segment.Array is { } array
            && segment.Offset == 0 && segment.Count == array.Length
            ? Cached(array, facts)
            : Parts.From(facts, read.Body());
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = parts.Body }, new TextContentBlock { Text = parts.Summary }],
            StructuredContent = parts.Structured,
        };
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
