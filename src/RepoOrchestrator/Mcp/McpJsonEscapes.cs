namespace RepoOrchestrator.Mcp;

/// <summary>
/// Shortens the escapes the MCP SDK's JSON writer uses for two common characters of source code (issue 19): its
/// encoder (the default <c>JavaScriptEncoder</c>, which the SDK does not let us replace) writes `"` as `\u0022` and
/// `'` as `\u0027`, six bytes each, so a read_file answer for a 17 KB file carried 8 KB of them (it holds the text
/// twice). Here `\u0022` becomes `\"` and `\u0027` becomes `'`: the JSON text decodes to exactly the same strings.
/// Every other escape is kept, among them the HTML-sensitive characters (`&lt;`, `&gt;`, `&amp;`, `+`, backquote) and
/// control characters, so the answer is no more dangerous to embed in a page than the SDK's.
/// </summary>
internal static class McpJsonEscapes
{
    /// <summary>
    /// Rewrites <paramref name="json"/> (UTF-8 JSON text) in place and returns its new length; the output is never
    /// longer than the input, so the bytes past the returned length are left over. Escapes are read left to right,
    /// each as a whole, so the text of an escaped backslash followed by `u0022` (`\\u0022`) is never taken for one.
    /// </summary>
    public static int Shorten(Span<byte> json)
    {
        var read = json.IndexOf((byte)'\\');
        if (read < 0)
        {
            return json.Length;
        }

        var write = read;
        while (read < json.Length)
        {
            var next = json[read..].IndexOf((byte)'\\');
            var plain = next < 0 ? json.Length - read : next;
            json.Slice(read, plain).CopyTo(json[write..]); // overlapping copy, forward: write <= read always
            (read, write) = (read + plain, write + plain);
            if (next < 0)
            {
                break;
            }

            // json[read] is a backslash that starts an escape: `\uXXXX` (six bytes) or `\c` (two).
            var escape = json[read..];
            if (escape.Length >= 6 && escape[1] == (byte)'u' && escape[2] == (byte)'0' && escape[3] == (byte)'0' && escape[4] == (byte)'2'
                && escape[5] is (byte)'2' or (byte)'7')
            {
                if (escape[5] == (byte)'2')
                {
                    json[write++] = (byte)'\\';
                    json[write++] = (byte)'"';
                }
                else
                {
                    json[write++] = (byte)'\'';
                }

                read += 6;
                continue;
            }

            var length = escape.Length >= 2 && escape[1] == (byte)'u' ? Math.Min(6, escape.Length) : Math.Min(2, escape.Length);
            escape[..length].CopyTo(json[write..]);
            (read, write) = (read + length, write + length);
        }

        return write;
    }
}
