using System.Buffers;
using System.Globalization;
using System.Text;

namespace RepoOrchestrator.Audit;

/// <summary>
/// The format of one audit line (SPEC 12): `&lt;time&gt; | &lt;level&gt; | &lt;body&gt; | CHAIN:&lt;chain&gt;`, where the
/// body is `NAME:value` fields joined by ` | ` and the chain is <see cref="AuditChain.Compute"/> of the previous
/// line's chain and everything before the CHAIN field. Builds lines (every value cleaned so it cannot forge a line
/// or a field) and parses them back. Pure: no file, no clock.
/// </summary>
public static class AuditLine
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    public const string Separator = " | ";

    // '|', the Unicode line and paragraph separators, every control character (char.IsControl: U+0000-U+001F and
    // U+007F-U+009F) and every surrogate (checked for pairing).
    private static readonly SearchValues<char> NeedsCleaning = SearchValues.Create(
        "|\u2028\u2029" + string.Concat(Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Concat(Enumerable.Range(0xD800, 0x800)).Select(i => (char)i)));

    /// <summary>
    /// `OP:&lt;op&gt; | PATH:&lt;path&gt; | RANGE:&lt;range&gt; | HASH:&lt;hash&gt; | ACTOR:&lt;actor&gt;`, then
    /// ` | ROLE:&lt;role&gt; | CLIENT:&lt;address&gt;` when a caller is known (<see cref="AuditCaller"/>), and
    /// ` | REPO:&lt;name&gt;` when it read a repository named with `repo` rather than the active one, and
    /// ` | MCP_CLIENT:&lt;name/version&gt;` for an MCP call whose client said who it is.
    /// </summary>
    public static string OperationBody(string op, string actor, string path = "-", string range = "-", string hash = "-", AuditCaller? caller = null) =>
        $"OP:{Clean(op)} | PATH:{Clean(path)} | RANGE:{Clean(range)} | HASH:{Clean(hash)} | ACTOR:{Clean(actor)}"
        + (caller is null ? "" : $" | ROLE:{Clean(caller.Role)} | CLIENT:{Clean(caller.Client)}")
        + (caller?.Repository is { } repository ? $" | REPO:{Clean(repository)}" : "")
        + (caller?.McpClient is { } client ? $" | MCP_CLIENT:{Clean(client)}" : "");

    /// <summary>`PANIC | ID:&lt;correlation&gt; | HASH:&lt;payload sha256&gt; | REASON:&lt;reason&gt; | ACTOR:&lt;actor&gt;`.</summary>
    public static string PanicBody(string correlationId, string payloadHash, string reason, string actor) =>
        $"PANIC | ID:{Clean(correlationId)} | HASH:{Clean(payloadHash)} | REASON:{Clean(reason)} | ACTOR:{Clean(actor)}";

    /// <summary>The line without its CHAIN field: `&lt;time&gt; | &lt;level&gt; | &lt;body&gt;` (the body is built cleaned).</summary>
    public static string Content(DateTimeOffset at, string level, string body) =>
        $"{at.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture)} | {Clean(level)} | {body}";

    /// <summary>The stored line: <paramref name="content"/> chained to <paramref name="chain"/> (no line end).</summary>
    public static string Chained(string content, string chain) => content + AuditChain.FieldPrefix + chain;

    /// <summary>UTF-8 bytes of the stored line with its line end.</summary>
    public static int EncodedLength(string content, string chain) =>
        Encoding.UTF8.GetByteCount(content) + AuditChain.FieldPrefix.Length + chain.Length + 1;

    /// <summary>Appends the stored line and its line end, as UTF-8, to <paramref name="into"/> (encoded in place, no string built).</summary>
    public static void WriteTo(MemoryStream into, string content, string chain)
    {
        ArgumentNullException.ThrowIfNull(into);
        AppendUtf8(into, content);
        AppendUtf8(into, AuditChain.FieldPrefix);
        AppendUtf8(into, chain);
        into.WriteByte((byte)'\n');
    }

    /// <summary>Splits a stored line into time, level, body and chain; false when it is not a whole, well-formed line.</summary>
    public static bool TryParse(string line, out AuditLineParts parts)
    {
        ArgumentNullException.ThrowIfNull(line);
        parts = default;
        if (!AuditChain.TrySplit(line, out var content, out var chain))
        {
            return false;
        }

        var fields = content.Split(Separator, 3);
        if (fields.Length != 3
            || !DateTimeOffset.TryParseExact(fields[0], TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return false;
        }

        parts = new AuditLineParts(at, fields[1], fields[2], content, chain);
        return true;
    }

    /// <summary>The value of the first `NAME:value` field of <paramref name="body"/>, or null.</summary>
    public static string? Field(string body, string name)
    {
        ArgumentNullException.ThrowIfNull(body);
        var prefix = name + ":";
        foreach (var field in body.Split(Separator))
        {
            if (field.StartsWith(prefix, StringComparison.Ordinal))
            {
                return field[prefix.Length..];
            }
        }

        return null;
    }

    /// <summary>
    /// Shows hidden characters as &lt;U+XXXX&gt; (Security/HiddenText), replaces CR, LF, the Unicode line and paragraph
    /// separators U+2028/U+2029 (line ends to Python's splitlines, JavaScript's multi-line regexes and many log shippers; written
    /// &lt;U+2028&gt;) and the field separator so a value can never forge a line or a field; other control characters
    /// become '?', and an unpaired surrogate (invalid UTF-16) becomes U+FFFD, the character UTF-8 stores for it, so the
    /// text chained is exactly the text read back.
    /// </summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }

        // SECURITY: invisible characters (bidi controls, zero-width, tags) are written as <U+XXXX>, as in served text.
        value = Security.HiddenText.HiddenCharacters.Reveal(value, out _);
        var first = value.AsSpan().IndexOfAny(NeedsCleaning);
        if (first < 0 || (first = FirstToReplace(value, first)) < 0)
        {
            return value; // the common case: nothing to replace, nothing to allocate
        }

        var builder = new StringBuilder(value.Length + 8).Append(value, 0, first);
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            _ = c switch
            {
                '\r' => builder.Append("\\r"),
                '\n' => builder.Append("\\n"),
                '|' => builder.Append("%7C"),
                '\u2028' or '\u2029' => builder.Append("<U+").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('>'),
                _ when char.IsControl(c) => builder.Append('?'),
                _ when IsPairAt(value, i) => builder.Append(c).Append(value[++i]),
                _ when char.IsSurrogate(c) => builder.Append('\uFFFD'),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary>The first index from <paramref name="from"/> that Clean changes (a valid surrogate pair is kept), or -1.</summary>
    private static int FirstToReplace(string value, int from)
    {
        for (var i = from; i < value.Length; i++)
        {
            if (IsPairAt(value, i))
            {
                i++;
            }
            else if (value[i] is '|' or '\u2028' or '\u2029' || char.IsControl(value[i]) || char.IsSurrogate(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsPairAt(string value, int i) =>
        char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);

    private static void AppendUtf8(MemoryStream into, string text)
    {
        var start = (int)into.Length;
        into.SetLength(start + Encoding.UTF8.GetByteCount(text));
        Encoding.UTF8.GetBytes(text, into.GetBuffer().AsSpan(start));
        into.Position = into.Length;
    }
}

/// <summary>A parsed audit line: <see cref="Content"/> is what the chain covers (everything before ` | CHAIN:`).</summary>
public readonly record struct AuditLineParts(DateTimeOffset Time, string Level, string Body, string Content, string Chain);
