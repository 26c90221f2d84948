using System.Buffers;
using System.Text.RegularExpressions;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Decides whether a value assigned to a secret-sounding name is a literal secret (redact) or ordinary code
/// (keep). Quoted values are literals unless empty, a placeholder (<c>${X}</c>, <c>{{ x }}</c>, <c>&lt;x&gt;</c>,
/// <c>%s</c>, <c>$X</c>, <c>****</c>) or a label equal to the name (<c>"password": "Password"</c>). Unquoted values
/// are code when they are a call or index (<c>getPassword()</c>, <c>request.headers["x"]</c>), a reference or
/// placeholder (<c>$X</c>, <c>${X}</c>, <c>process.env.TOKEN</c>, <c>!vault</c>, <c>*alias</c>), a literal or type
/// keyword (<c>null</c>, <c>None</c>, <c>str</c>, <c>string</c>), or an identifier without digits that has an upper-case
/// letter or an underscore (<c>accessToken</c>, <c>SECRET_KEY</c>, <c>user_password</c>); everything else
/// (<c>hunter2</c>, <c>s3cr3t-value</c>, <c>supersecret</c>, <c>cGFzcw==</c>) is treated as a literal secret.
/// </summary>
internal static class AssignmentValueFilter
{
    private static readonly HashSet<string> NotSecrets = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "none", "nil", "undefined", "true", "false", "yes", "no", "on", "off", "empty", "nothing",
        "string", "str", "bytes", "int", "integer", "number", "bool", "boolean", "any", "unknown", "object", "char",
        "text", "secretstr", "optional", "await", "new", "this", "self", "typeof", "function", "lambda", "async",
        "yield", "not", "required", "readonly", "static", "const", "val", "var", "let", "default", "redacted",
    };

    private static readonly SearchValues<char> CodeOrReferenceStart = SearchValues.Create("$%{<@&*!#([|>\\~?");

    /// <summary>The accept check of the secret-assignment rule (groups <c>kw</c> and <c>secret</c>).</summary>
    public static bool Accept(string text, Match match)
    {
        var keyword = match.Groups["kw"];
        var secret = match.Groups["secret"];
        if (!StartsAtNameBoundary(text, keyword.Index))
        {
            return false; // "bypass", "compass", "tokenizer" … are not secret names
        }

        var name = NameEndingAt(text, keyword.Index + keyword.Length);
        var quoted = secret.Index > 0 && text[secret.Index - 1] is '"' or '\'' or '`';
        return quoted
            ? IsLiteralQuoted(secret.ValueSpan, name, keyword.ValueSpan)
            : IsLiteralBare(secret.ValueSpan, name, keyword.ValueSpan);
    }

    /// <summary>True for values that stand for a secret instead of being one: <c>${X}</c>, <c>{{x}}</c>, <c>&lt;x&gt;</c>, <c>%s</c>, <c>$X</c>, <c>****</c>.</summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.IsEmpty || value.SequenceEqual(ITextRedactor.Marker) || !value[1..].ContainsAnyExcept(value[0]))
        {
            return true; // empty, already redacted, or one repeated character (****, xxxx)
        }

        return (value[0] is '{' && value[^1] is '}')
            || (value.Length > 2 && value[0] is '$' or '#' or '%' && value[1] is '{' && value[^1] is '}')
            || (value[0] is '<' && value[^1] is '>')
            || (value[0] is '$' && IsIdentifier(value[1..]))
            || (value[0] is '%' && value.Length <= 40 && value[^1] is 's' or 'd' or 'v' && !value.Contains(' '));
    }

    private static bool IsLiteralQuoted(ReadOnlySpan<char> value, ReadOnlySpan<char> name, ReadOnlySpan<char> keyword)
    {
        if (value.IsWhiteSpace() || value[0] is ',' or ';' or ')' or '}' or ']')
        {
            return false; // the gap between two strings on one line ("Password:", type: "…"), not a value
        }

        return !IsPlaceholder(value) && !IsLabel(value, name, keyword);
    }

    private static bool IsLiteralBare(ReadOnlySpan<char> value, ReadOnlySpan<char> name, ReadOnlySpan<char> keyword)
    {
        if (IsPlaceholder(value) || CodeOrReferenceStart.Contains(value[0]) || value.ContainsAny('(', '[', '{')
            || value.Contains("->", StringComparison.Ordinal) || value.Contains("::", StringComparison.Ordinal))
        {
            return false;
        }

        if (IsMemberAccess(value))
        {
            return false; // config.password, process.env.TOKEN, self.token
        }

        if (!IsIdentifier(value))
        {
            return true; // symbols inside a bare word: s3cr3t-value, p@ss, base64=
        }

        if (IsLabel(value, name, keyword) || NotSecrets.Contains(value.ToString()))
        {
            return false;
        }

        var hasDigit = value.ContainsAnyInRange('0', '9');
        var looksLikeCode = value.ContainsAnyInRange('A', 'Z') || value.Contains('_');
        return hasDigit || !looksLikeCode;
    }

    private static bool IsLabel(ReadOnlySpan<char> value, ReadOnlySpan<char> name, ReadOnlySpan<char> keyword) =>
        value.Equals(name, StringComparison.OrdinalIgnoreCase) || value.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    private static bool StartsAtNameBoundary(string text, int index)
    {
        if (index == 0 || !char.IsAsciiLetterOrDigit(text[index - 1]))
        {
            return true;
        }

        // A camel-case hump: githubToken, dbPassword, myApiKey.
        return char.IsAsciiLetterUpper(text[index]) && (char.IsAsciiLetterLower(text[index - 1]) || char.IsAsciiDigit(text[index - 1]));
    }

    private static ReadOnlySpan<char> NameEndingAt(string text, int end)
    {
        var start = end;
        while (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] == '_'))
        {
            start--;
        }

        return text.AsSpan(start, end - start);
    }

    private static bool IsIdentifier(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || !(char.IsAsciiLetter(value[0]) || value[0] == '_'))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMemberAccess(ReadOnlySpan<char> value)
    {
        if (!value.Contains('.'))
        {
            return false;
        }

        foreach (var range in value.Split('.'))
        {
            if (!IsIdentifier(value[range]))
            {
                return false;
            }
        }

        return true;
    }
}
