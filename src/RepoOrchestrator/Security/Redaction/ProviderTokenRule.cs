using System.Buffers;
using System.Text.RegularExpressions;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// A provider token of the catalog (<see cref="ProviderCatalog"/>). Prefix formats redact every match; named formats
/// redact a match only with a provider keyword on its line or the line before, and never a hex value inside a URL
/// path or on a line about hashes (commit ids and digests share the shape of hex API keys).
/// </summary>
internal sealed class ProviderTokenRule : RedactionRule
{
    private const int ContextLimit = 320;

    private static readonly SearchValues<string> HashWords =
        SearchValues.Create(["integrity", "hash", "checksum", "digest", "shasum", "commit", "sha1", "sha256", "sha512"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> HexChars = SearchValues.Create("0123456789abcdefABCDEF-");

    private readonly Regex _regex;
    private readonly int _secretGroup;
    private readonly TokenAnchor _anchor;
    private readonly string[] _context;

    public ProviderTokenRule(ProviderTokenFormat format)
        : base(format.Id, format.Keywords, caseSensitiveKeywords: format.Anchor == TokenAnchor.Prefix)
    {
        Format = format;
        // SECURITY: linear-time matching - a NonBacktracking expression cannot be driven into catastrophic backtracking
        _regex = new Regex(format.Pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromMilliseconds(BuiltInPatterns.TimeoutMilliseconds));
        _secretGroup = Math.Max(0, _regex.GroupNumberFromName("secret"));
        _anchor = format.Anchor;
        _context = [.. format.Keywords];
    }

    public ProviderTokenFormat Format { get; }

    public override void Find(string text, ref SecretSink sink)
    {
        for (var match = _regex.Match(text); match.Success; match = match.NextMatch())
        {
            var secret = match.Groups[_secretGroup];
            if (secret.Length == 0 || (_anchor == TokenAnchor.Named && !HasContext(text, secret.Index, secret.Length)))
            {
                continue;
            }

            sink.Add(Id, text, secret.Index, secret.Length, match.Index, match.Length);
        }
    }

    private bool HasContext(string text, int start, int length)
    {
        if (start > 0 && text[start - 1] == '/')
        {
            return false; // a URL or file path segment, not a value
        }

        var lineStart = text.AsSpan(0, start).LastIndexOf('\n') + 1;
        var previous = lineStart > 0 ? text.AsSpan(0, lineStart - 1).LastIndexOf('\n') + 1 : lineStart;
        var from = Math.Max(previous, start - ContextLimit);
        var before = text.AsSpan(from, start - from);
        if (!text.AsSpan(start, length).ContainsAnyExcept(HexChars) && text.AsSpan(Math.Max(lineStart, from), start - Math.Max(lineStart, from)).ContainsAny(HashWords))
        {
            return false; // "commit: <sha>", "sha256: <digest>" near a provider name
        }

        foreach (var keyword in _context)
        {
            if (before.Contains(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
