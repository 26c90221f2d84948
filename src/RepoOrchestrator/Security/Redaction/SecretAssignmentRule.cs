using System.Buffers;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Values assigned to secret names in code and config: the name must END with a secret word as a whole name part
/// (password, passwd, pass, pwd, secret, token, credential(s), or a key qualified as api/private/secret/signing/
/// encryption/master/app/auth/secret-access key), so client_secret, DB_PASSWORD, githubToken and "api-key" count and
/// tokenizer, bypass, token_type, password_hash and cache_key do not. The value after the operator is then judged by
/// <see cref="AssignmentValueFilter"/> (literal or code). Hand-written around a keyword search because a regex that
/// starts with a case-insensitive word list is tried at almost every letter of a text.
/// </summary>
internal sealed class SecretAssignmentRule() : RedactionRule(RuleId, Words)
{
    public const string RuleId = "secret-assignment";

    private static readonly string[] Words = ["secret", "pass", "pwd", "token", "credential", "key"];
    private static readonly SearchValues<string> WordSearch = SearchValues.Create(Words, StringComparison.OrdinalIgnoreCase);

    private static readonly string[] KeyQualifiers =
    [
        "secret_access_", "secret-access-", "secretaccess", "api_", "api-", "api", "private_", "private-", "private",
        "secret_", "secret-", "secret", "signing_", "signing-", "signing", "encryption_", "encryption-", "encryption",
        "master_", "master-", "master", "app_", "app-", "app", "auth_", "auth-", "auth",
    ];

    // A value longer than this is cut there (the part matched is still replaced); it bounds the work per name.
    private const int MaxTailChars = 4096;

    public override void Find(string text, ref SecretSink sink)
    {
        var offset = 0;
        while (offset < text.Length)
        {
            var hit = text.AsSpan(offset).IndexOfAny(WordSearch);
            if (hit < 0)
            {
                return;
            }

            var at = offset + hit;
            offset = at + 1;
            if (!TryName(text, at, out var nameStart, out var nameEnd) || !OperatorFollows(text, nameEnd))
            {
                continue;
            }

            sink.Charge(); // SECURITY: budget; and the value is read in a bounded window, never to the end of the text
            var tail = BuiltInPatterns.AssignmentTail().Match(text, nameEnd, Math.Min(text.Length - nameEnd, MaxTailChars));
            var value = tail.Groups["secret"];
            if (!tail.Success || value.Length == 0 || !AssignmentValueFilter.IsLiteralSecret(text, nameStart, nameEnd, value.Index, value.Length))
            {
                continue;
            }

            sink.Add(Id, text, value.Index, value.Length, nameStart, tail.Index + tail.Length - nameStart);
            offset = value.Index + value.Length;
        }
    }

    // Cheap check before the regex: after an optional closing quote/bracket and blanks comes ':', '=' or '>'.
    private static bool OperatorFollows(string text, int index)
    {
        var rest = text.AsSpan(index, Math.Min(text.Length - index, 64));
        rest = rest.TrimStart("\"']").TrimStart(" \t?!");
        return !rest.IsEmpty && rest[0] is ':' or '=' or '>';
    }

    // The secret word found at `at`, widened to its full form; false unless it ends a name at a name-part boundary.
    // Ordered cheapest first: most mentions of these words in code (TokenStore, tokens, token.Length) fail at once.
    private static bool TryName(string text, int at, out int start, out int end)
    {
        start = at;
        end = at + LengthOfWord(text.AsSpan(at));
        if (end < text.Length && IsNameChar(text[end]))
        {
            return false;
        }

        if ((text[at] | 0x20) == 'k')
        {
            var qualifier = QualifierBefore(text.AsSpan(0, at));
            if (qualifier == 0)
            {
                return false; // a bare "key" (cache_key, sort_key, key = …) is not a secret name
            }

            start = at - qualifier;
        }

        return StartsNamePart(text, start);
    }

    private static int LengthOfWord(ReadOnlySpan<char> rest) => (rest[0] | 0x20) switch
    {
        'p' when rest.StartsWith("password", StringComparison.OrdinalIgnoreCase) => 8,
        'p' when rest.StartsWith("passwd", StringComparison.OrdinalIgnoreCase) => 6,
        'p' when rest.StartsWith("pwd", StringComparison.OrdinalIgnoreCase) => 3,
        'p' => 4, // pass
        'c' when rest.StartsWith("credentials", StringComparison.OrdinalIgnoreCase) => 11,
        'c' => 10, // credential
        's' => 6, // secret
        't' => 5, // token
        _ => 3, // key
    };

    private static int QualifierBefore(ReadOnlySpan<char> before)
    {
        foreach (var qualifier in KeyQualifiers)
        {
            if (before.EndsWith(qualifier, StringComparison.OrdinalIgnoreCase))
            {
                return qualifier.Length;
            }
        }

        return 0;
    }

    // The name ends here unless an identifier character (or a dotted/dashed continuation) follows.
    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    private static bool StartsNamePart(string text, int index)
    {
        if (index == 0 || !char.IsAsciiLetterOrDigit(text[index - 1]))
        {
            return true;
        }

        // A camel-case hump: githubToken, dbPassword, myApiKey.
        return char.IsAsciiLetterUpper(text[index]) && (char.IsAsciiLetterLower(text[index - 1]) || char.IsAsciiDigit(text[index - 1]));
    }
}
