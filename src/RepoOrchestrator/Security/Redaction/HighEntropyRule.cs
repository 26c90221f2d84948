using System.Buffers;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Long random-looking tokens (base64, base64url, alphanumeric) with no keyword around them: a 64-character PEM
/// body line, a key pasted into a list. It runs on every text, so it is built for speed: a token of 32 or more
/// characters always covers a whole 16-character aligned block, and one vectorised check per block rules out
/// almost all of ordinary code. What it deliberately leaves alone, because it is ordinary content:
/// hex-only strings (commit ids, UUIDs, sha256/sha512 digests), <c>sha512-…</c> integrity values and values on a
/// line that names a hash/checksum/integrity/digest, base64 after <c>base64,</c> (data: URIs of images), go.sum
/// <c>h1:</c> hashes, URL paths (a query value after <c>=</c> is still checked), SSH public keys, and word-like
/// identifiers and paths (<see cref="WordLikeness"/>).
/// </summary>
internal sealed class HighEntropyRule() : RedactionRule(RuleId, [])
{
    public const string RuleId = "high-entropy-string";
    public const int MinLength = 32;
    public const double MinEntropy = 3.5;

    private const int Block = 16;
    private const int ContextWindow = 64;
    private const int UrlLookBehind = 2048;

    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-");

    private static readonly bool[] TokenTable = BuildTokenTable();
    private static readonly SearchValues<char> HexOrDash = SearchValues.Create("0123456789abcdefABCDEF-");
    private static readonly SearchValues<char> UrlStops = SearchValues.Create(" \t\r\n\"'`<>()[]{}");
    private static readonly SearchValues<string> HashWords =
        SearchValues.Create(["integrity", "hash", "checksum", "digest", "shasum"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> BlobGap = SearchValues.Create(" \t\r\n\"'+,=\\");
    private static readonly string[] HashPrefixes = ["sha1-", "sha224-", "sha256-", "sha384-", "sha512-", "md5-"];
    private static readonly string[] SshKeyTypes = ["ssh-", "ecdsa-", "sk-ssh-", "sk-ecdsa-"];

    // Base64 of file signatures: PNG, JPEG, GIF, WebP/RIFF, SVG, PDF, ZIP, gzip, ICO, WOFF/WOFF2 - test fixtures and
    // embedded assets, not keys.
    private static readonly string[] FileMagics =
        ["iVBORw0KGgo", "/9j/", "R0lGOD", "UklGR", "PHN2Zy", "PD94bWwg", "JVBERi0", "UEsDB", "H4sI", "AAABAA", "d09GR", "d09GMg"];

    public override void Find(string text, ref SecretSink sink)
    {
        var s = text.AsSpan();
        var fileBlobEnd = -1; // end of the last token of a base64 file (image fixture) whose later lines are skipped too
        for (var block = 0; block + Block <= s.Length; block += Block)
        {
            // Three table probes reject most blocks of ordinary code before the vectorised check of all 16 characters.
            if (!IsTokenChar(s[block + Block - 1]) || !IsTokenChar(s[block + (Block / 2)]) || !IsTokenChar(s[block])
                || s.Slice(block, Block).ContainsAnyExcept(TokenChars))
            {
                continue;
            }

            sink.Charge(); // SECURITY: every token this rule inspects counts against the redaction budget
            var start = block;
            while (start > 0 && TokenChars.Contains(s[start - 1]))
            {
                start--;
            }

            var stop = s[(block + Block)..].IndexOfAnyExcept(TokenChars);
            var end = stop < 0 ? s.Length : block + Block + stop;
            if (StartsWithFileMagic(s[start..end]) || (fileBlobEnd >= 0 && ContinuesBlob(s[fileBlobEnd..start])))
            {
                fileBlobEnd = end; // only base64 that starts with a file signature, and its wrapped lines
            }
            else if (IsSecret(s, start, end))
            {
                var padded = end;
                while (padded < s.Length && padded - end < 2 && s[padded] == '=')
                {
                    padded++; // base64 padding belongs to the secret
                }

                sink.Add(Id, text, start, padded - start, start, padded - start);
            }

            block = end / Block * Block; // the loop steps to the first block past this token
        }
    }

    private static bool IsSecret(ReadOnlySpan<char> text, int start, int end)
    {
        var token = text[start..end];
        if (token.Length < MinLength || !token.ContainsAnyExcept(HexOrDash))
        {
            return false; // short tokens and hex digests are not secrets by shape alone; the assignment rules cover named ones
        }

        if ((token.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !token[2..].ContainsAnyExcept(HexOrDash))
            || StartsWithAny(token, HashPrefixes))
        {
            return false;
        }

        var window = text[Math.Max(0, start - ContextWindow)..start];
        var before = window[(window.LastIndexOf('\n') + 1)..]; // bounded: a 5 MB line costs no more than short ones
        if (before.EndsWith("base64,", StringComparison.OrdinalIgnoreCase)
            || before.EndsWith("h1:", StringComparison.Ordinal)
            || before.ContainsAny(HashWords)
            || IsInUrlPath(text, start)
            || IsSshPublicKey(before, token))
        {
            return false;
        }

        return !WordLikeness.IsWordLike(token) && !WordLikeness.IsCamelCaseIdentifier(token) && !IsAlphabetRun(token) && !IsSeparatedWords(token) && ShannonEntropy.Of(token) >= MinEntropy;
    }

    // Between two wrapped lines of one base64 blob: line breaks, indentation, quotes, '+' or ',' of a string concatenation.
    private static bool ContinuesBlob(ReadOnlySpan<char> gap) =>
        gap.Length <= 16 && gap.Contains('\n') && !gap.ContainsAnyExcept(BlobGap);

    // google-cloud/helper-plugin-utils, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: package names, paths and constants are
    // words of one case joined by separators; random keys mix cases or have long unbroken runs.
    private static bool IsSeparatedWords(ReadOnlySpan<char> token)
    {
        if (token.ContainsAnyInRange('A', 'Z') && token.ContainsAnyInRange('a', 'z'))
        {
            return false;
        }

        var parts = 0;
        foreach (var range in token.SplitAny("-/_."))
        {
            if (token[range].Length > 16)
            {
                return false;
            }

            parts++;
        }

        return parts >= 3;
    }

    // "ABCDEFGHIJ…0123456789+/" (an alphabet table in code) has high entropy but is mostly consecutive characters.
    private static bool IsAlphabetRun(ReadOnlySpan<char> token)
    {
        var consecutive = 0;
        for (var i = 1; i < token.Length; i++)
        {
            if (token[i] == token[i - 1] + 1)
            {
                consecutive++;
            }
        }

        return consecutive * 2 >= token.Length;
    }

    private static bool IsTokenChar(char c) => c < 128 && TokenTable[c];

    private static bool[] BuildTokenTable()
    {
        var table = new bool[128];
        for (var c = (char)0; c < 128; c++)
        {
            table[c] = TokenChars.Contains(c);
        }

        return table;
    }

    private static bool IsInUrlPath(ReadOnlySpan<char> text, int start)
    {
        if (start == 0 || text[start - 1] == '=')
        {
            return false; // a query value such as ?sig=… or #access_token=… is still a candidate
        }

        var from = Math.Max(0, start - UrlLookBehind);
        var word = text[from..start];
        var wordStart = word.LastIndexOfAny(UrlStops);
        return word[(wordStart + 1)..].Contains("://", StringComparison.Ordinal);
    }

    private static bool IsSshPublicKey(ReadOnlySpan<char> before, ReadOnlySpan<char> token)
    {
        if (!token.StartsWith("AAAA", StringComparison.Ordinal) || before.Length == 0 || before[^1] != ' ')
        {
            return false;
        }

        var trimmed = before.TrimEnd(' ');
        var keyType = trimmed[(trimmed.LastIndexOfAny(' ', '\t') + 1)..];
        return StartsWithAny(keyType, SshKeyTypes);
    }

    private static bool StartsWithFileMagic(ReadOnlySpan<char> token)
    {
        foreach (var magic in FileMagics)
        {
            if (token.StartsWith(magic, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWithAny(ReadOnlySpan<char> value, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
