using System.Buffers;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Decides whether a value assigned to a secret-sounding name is a literal secret (redact) or ordinary code
/// (keep). Quoted values are literals unless empty, a placeholder (<c>${X}</c>, <c>{{ x }}</c>, <c>&lt;x&gt;</c>,
/// <c>%s</c>, <c>$X</c>, <c>****</c>) or a label equal to the name (<c>"password": "Password"</c>). Unquoted values
/// are code when they are a call or index (<c>getPassword()</c>, <c>request.headers["x"]</c>), a reference or
/// placeholder (<c>$X</c>, <c>${X}</c>, <c>process.env.TOKEN</c>, <c>!vault</c>, <c>*alias</c>), a literal or type
/// keyword (<c>null</c>, <c>None</c>, <c>str</c>, <c>string</c>), or an identifier without digits that has an upper-case
/// letter or an underscore (<c>accessToken</c>, <c>SECRET_KEY</c>, <c>user_password</c>), or when more words follow
/// on the line after a spaced operator (prose like <c>per token: environment value</c>, code like
/// <c>token = a if b else c</c>); everything else (<c>hunter2</c>, <c>s3cr3t-value</c>, <c>supersecret</c>,
/// <c>cGFzcw==</c>, <c>PASSWORD=x cmd</c>) is treated as a literal secret. XML element text counts as quoted.
/// </summary>
internal static class AssignmentValueFilter
{
    private static readonly HashSet<string> NotSecrets = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "none", "nil", "undefined", "true", "false", "yes", "no", "on", "off", "empty", "nothing",
        "string", "str", "bytes", "int", "integer", "number", "bool", "boolean", "any", "unknown", "object", "char",
        "text", "secretstr", "optional", "await", "new", "this", "self", "typeof", "function", "lambda", "async",
        "yield", "not", "required", "readonly", "static", "const", "val", "var", "let", "default", "redacted",
        "value", // C#'s setter parameter: set { this["apiKey"] = value; }
        "read", "write", "read-all", "write-all", // GitHub Actions permissions (id-token: write)
    };

    // Quoted values that are flags or nothing, not secrets: withCredentials: "true", token: "null".
    private static readonly HashSet<string> QuotedNotSecrets = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "none", "nil", "undefined", "true", "false", "yes", "no", "on", "off",
        "same-origin", "include", "omit", // fetch's credentials modes
    };

    // Words that stand for a secret in examples and defaults that every scanner allows.
    private static readonly HashSet<string> PlaceholderWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "pass", "pwd", "pw", "secret", "token", "changeme", "changeit", "example",
    };

    // Names of flags and lookups that end with a secret word: withCredentials, hasPassword, isToken, use_secret.
    private static readonly string[] FlagPrefixes = ["with", "has", "is", "use", "enable", "show", "allow", "require", "should", "can"];

    private static readonly SearchValues<char> NameLetters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-");
    private static readonly SearchValues<char> Vowels = SearchValues.Create("aeiouy");
    private static readonly SearchValues<char> UpperSnake = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
    private static readonly SearchValues<char> CodeOrReferenceStart = SearchValues.Create("$%{<@&*!#([|>\\~?");
    private static readonly SearchValues<char> StatementEnd = SearchValues.Create("#,;)}]&|\\\"'`");

    /// <summary>
    /// Whether the value at <paramref name="valueStart"/>, assigned to the name ending at <paramref name="nameEnd"/>, is a
    /// literal secret. An <paramref name="argument"/> (a command-line option's value) is one word whatever follows it,
    /// so more words after it (docker login --password x registry) do not make it prose unless it is a word itself.
    /// </summary>
    public static bool IsLiteralSecret(string text, int nameStart, int nameEnd, int valueStart, int valueLength, bool argument = false)
    {
        var value = text.AsSpan(valueStart, valueLength);
        var keyword = text.AsSpan(nameStart, nameEnd - nameStart);
        var name = NameEndingAt(text, nameEnd);
        if (IsFlagName(name) || IsPublicName(name) || IsVersion(value))
        {
            return false; // withCredentials: …, "@octokit/auth-token": "^2.4.4"
        }

        var before = text[valueStart - 1];
        if (before == '>' && (value[0] is ' ' or '\t' || value[^1] is ' ' or '\t' || value.Contains('`')))
        {
            return false; // `<password>` and `</password>` in prose or Markdown, not element text
        }

        if (before is '"' or '\'' or '`' or '>')
        {
            return IsLiteralQuoted(value, name, keyword);
        }

        if (before is ' ' or '\t' && !EndsStatement(text, valueStart + valueLength)
            && !(argument && value.ContainsAnyExcept(NameLetters) && !WordLikeness.IsWordLike(value)))
        {
            return false; // prose such as "per token: environment value, else …" or code such as "token = a if b else c"
        }

        return IsLiteralBare(value, name, keyword);
    }

    /// <summary>
    /// True for values that stand for a secret instead of being one: <c>${X}</c>, <c>{{x}}</c>, <c>&lt;x&gt;</c>, <c>%s</c>,
    /// <c>$X</c>, <c>****</c>, <c>insert_key_here</c>, <c>somefakekey</c>, <c>&amp;lt;x&amp;gt;</c>.
    /// </summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> value) => IsPlaceholder(value, judgeFallback: true);

    private static bool IsPlaceholder(ReadOnlySpan<char> value, bool judgeFallback)
    {
        value = value.Trim();
        if (value.IsEmpty || value.SequenceEqual(ITextRedactor.Marker) || !value[1..].ContainsAnyExcept(value[0]))
        {
            return true; // empty, already redacted, or one repeated character (****, xxxx)
        }

        if (judgeFallback && LiteralFallback(value) is { Length: > 0 } fallback)
        {
            // SECURITY: {{ x | default('…') }} and ${X:-…} hold a value of their own, written as it is used: a
            // placeholder only if it is a placeholder word
            return IsPlaceholderWord(fallback);
        }

        if (PlaceholderWords.Contains(value.ToString()))
        {
            return true; // user:password@host, curl -u admin:changeme in documentation
        }

        if (value.Length > 2 && value[0] == '$' && value[1] is '$' && IsIdentifier(value[2..].Trim("{}"))
            && !value.ContainsAnyInRange('0', '9'))
        {
            return true; // $$password, $${X}: an escaped reference (Maven, docker compose), not a literal; $$Zq8v… is one
        }

        if (IsEnvironmentName(value))
        {
            return true; // "AUTH_TOKEN", DB_PASSWORD: the name of a variable that holds the secret
        }

        return PlaceholderShapes.IsTemplate(value)
            || PlaceholderShapes.IsFillIn(value)
            || (value.Length > 2 && value[0] is '%' && value[^1] is '%' && IsIdentifier(value[1..^1]))
            || (value.Length > 3 && value[0] is '$' && value[1] is '(' && value[^1] is ')') // $(Password) in MSBuild and Make
            || (value.Length > 2 && value[0] is '$' or '#' or '%' && value[1] is '{' && value[^1] is '}')
            || (value[0] is '<' && value[^1] is '>')
            || (value.StartsWith("&lt;", StringComparison.Ordinal) && value.EndsWith("&gt;", StringComparison.Ordinal)) // <x> written in HTML
            || (value[0] is '$' && IsIdentifier(value[1..]))
            || (value[0] is '%' && value.Length <= 40 && value[^1] is 's' or 'd' or 'v' && !value.Contains(' '));
    }

    // UPPER_SNAKE made of words (AUTH_TOKEN, DB_PASSWORD, API_KEY): at least one '_', no digit, no lower-case letter,
    // every part longer than five letters a word, and every part of three to five letters with a vowel (AUTH, TOKEN,
    // KEY, API); random capitals (QWXZV_KPLRM) are a value.
    private static bool IsEnvironmentName(ReadOnlySpan<char> value)
    {
        if (value.Length is < 5 or > 64 || !value.Contains('_') || value.ContainsAnyExcept(UpperSnake))
        {
            return false;
        }

        Span<char> lower = stackalloc char[value.Length]; // at most 64
        value.ToLowerInvariant(lower);
        foreach (var range in value.Split('_'))
        {
            var (start, length) = range.GetOffsetAndLength(value.Length);
            var part = lower.Slice(start, length);
            // a word, or a short part with a vowel (API, KEY, AUTH); two letters pass (DB, ID); QWXZV is no name
            if ((length > 5 && !WordLikeness.IsWordLike(part)) || (length is >= 3 and <= 5 && !part.ContainsAny(Vowels)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A literal that stands for no value whatever shape surrounds it: empty, the marker, one repeated character, a
    /// placeholder word (changeme, your-token-here). For fallbacks written inside a template, where braces, '$' and
    /// '%' are literal characters.
    /// </summary>
    public static bool IsPlaceholderWord(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        return value.IsEmpty || value.SequenceEqual(ITextRedactor.Marker) || !value[1..].ContainsAnyExcept(value[0])
            || PlaceholderWords.Contains(value.ToString()) || PlaceholderShapes.IsFillIn(value);
    }

    // The fallback a template or variable reference writes out: Jinja's default('…') / default("…"), the shell's
    // ${X:-…} and ${X:=…}. Empty when there is none.
    private static ReadOnlySpan<char> LiteralFallback(ReadOnlySpan<char> value)
    {
        var call = value.IndexOf("default(", StringComparison.OrdinalIgnoreCase);
        if (call >= 0)
        {
            var rest = value[(call + "default(".Length)..].TrimStart();
            var close = rest.Length > 1 && rest[0] is '\'' or '"' ? rest[1..].IndexOf(rest[0]) : -1;
            return close > 0 ? rest.Slice(1, close) : default;
        }

        if (value.Length > 4 && value[0] == '$' && value[1] == '{' && value[^1] == '}')
        {
            var inner = value[2..^1];
            var op = inner.IndexOf(':');
            return op > 0 && op + 1 < inner.Length && inner[op + 1] is '-' or '=' ? inner[(op + 2)..] : default;
        }

        return default;
    }

    private static bool IsLiteralQuoted(ReadOnlySpan<char> value, ReadOnlySpan<char> name, ReadOnlySpan<char> keyword)
    {
        if (value.IsWhiteSpace() || value[0] is ',' or ';' or ')' or '}' or ']' || IsConcatenationGap(value))
        {
            return false; // the gap between two strings on one line ("Password:", type: "…"), not a value
        }

        return !IsPlaceholder(value) && !IsLabel(value, name, keyword) && !QuotedNotSecrets.Contains(value.ToString())
            && !value.StartsWith("arn:aws", StringComparison.Ordinal); // an AWS resource name (…:policy/IAMUserChangePassword)
    }

    // "Password: " + getPassword() + "…", '_password = '.$p['…'], "…"+new Buffer("…"), "'$PW'": what lies between two
    // string literals is a concatenation operator and code, or a shell quote splice around a variable. A generated
    // value may start with + but has no blank, bracket or $ in it.
    private static bool IsConcatenationGap(ReadOnlySpan<char> value)
    {
        var gap = value.TrimStart(" \t");
        var last = value.TrimEnd(" \t") is { Length: > 0 } trimmed ? trimmed[^1] : '\0';
        // an expression between two literals ends where the next literal starts: "…" + x + "…", "…"+f("…", "…" . $x['…'
        // ('+uz…(…RDM', a generated value starting with '+', ends in its own last character)
        var joined = gap.Length > 1 && (gap[0] == '+' || (gap[0] == '.' && gap[1] is '$' or ' ' or '\t')) && value.ContainsAny(" \t($[")
            && last is '+' or '.' or '(' or '[' or ',' or '{';
        var spliced = gap.Length > 2 && gap[0] is '\'' or '"' && gap[1] == '$';
        return joined || spliced;
    }

    /// <summary>
    /// Whether the text before <paramref name="colon"/> on its line is one user name (letters, digits, '.', '@', '+', '-',
    /// '_', at most 64) after optional indentation: a <c>user:hash</c> line of an htpasswd or shadow file.
    /// </summary>
    public static bool IsUserAtLineStart(string text, int colon)
    {
        var start = colon;
        while (start > 0 && colon - start <= 64 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '.' or '@' or '+' or '-' or '_'))
        {
            start--;
        }

        if (start == colon || colon - start > 64)
        {
            return false;
        }

        while (start > 0 && text[start - 1] is ' ' or '\t')
        {
            start--;
        }

        return start == 0 || text[start - 1] == '\n';
    }

    /// <summary>
    /// Whether a YAML list item or a value on the line below its key is a literal secret: quoted values unless
    /// placeholders or flags; bare values unless code, references, or names and slugs without digits
    /// (<c>db_password</c>, <c>my-secret</c> in a docker-compose <c>secrets:</c> list).
    /// </summary>
    public static bool IsListValueSecret(ReadOnlySpan<char> value, bool quoted)
    {
        value = value.Trim();
        if (value.IsEmpty || IsPlaceholder(value) || IsVersion(value) || QuotedNotSecrets.Contains(value.ToString()))
        {
            return false;
        }

        if (quoted)
        {
            return true;
        }

        if (CodeOrReferenceStart.Contains(value[0]) || value.ContainsAny('(', '[', '{') || IsMemberAccess(value) || NotSecrets.Contains(value.ToString()))
        {
            return false;
        }

        var hasDigit = value.ContainsAnyInRange('0', '9');
        return hasDigit || !IsSlug(value);
    }

    private static bool IsLiteralBare(ReadOnlySpan<char> value, ReadOnlySpan<char> name, ReadOnlySpan<char> keyword)
    {
        if (value.Length > 2 && value[0] == '$' && value[1] == '$' && !IsPlaceholder(value))
        {
            return IsLiteralBare(value[2..], name, keyword); // $$ is an escaped '$' (docker compose, Make): the rest is literal
        }

        if (IsPlaceholder(value) || CodeOrReferenceStart.Contains(value[0]) || value.ContainsAny('(', '[', '{')
            || value.Contains("->", StringComparison.Ordinal) || value.Contains("::", StringComparison.Ordinal))
        {
            return false;
        }

        if (IsMemberAccess(value))
        {
            return false; // config.password, process.env.TOKEN, self.token
        }

        if (value.Length <= 5 && !value.ContainsAnyExceptInRange('0', '9'))
        {
            return false; // max_tokens = 4096, MinToken = 16: small numbers are settings
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
        return hasDigit || !looksLikeCode || HasRandomPart(value);
    }

    // An identifier-shaped value with a long part that is neither words nor a camel-case identifier (YXNkZmZmZmZm_HARDcoded):
    // generated, not a name in code (accessToken, SECRET_KEY, MyApp_ConnectionString).
    private static bool HasRandomPart(ReadOnlySpan<char> value)
    {
        foreach (var range in value.Split('_'))
        {
            var part = value[range];
            if (part.Length < 8 || WordLikeness.IsWordLike(part) || WordLikeness.IsCamelCaseIdentifier(part))
            {
                continue;
            }

            var humps = 0; // lower-case then upper-case: envToken has one, a base64 run (YXNkZmZmZmZm) many
            for (var i = 1; i < part.Length; i++)
            {
                humps += char.IsAsciiLetterLower(part[i - 1]) && char.IsAsciiLetterUpper(part[i]) ? 1 : 0;
            }

            if (humps >= 3 || (humps == 0 && part.Length >= 12) || HasRandomCase(part))
            {
                return true;
            }
        }

        return false;
    }

    // Letters whose case flips the way no identifier's does (gCTmQDreij, CYEFKZrHI, fuISFQSBFf): one lower-case letter
    // between two capitals, or seven or more capitals inside lower-case letters (an acronym is at most six), with few
    // common letter pairs. Identifiers keep words and short acronyms (getHTTPResponse, xmlCfgPwd, IsAToken).
    private static bool HasRandomCase(ReadOnlySpan<char> part)
    {
        if (!part.ContainsAnyInRange('a', 'z') || !part.ContainsAnyInRange('A', 'Z') || WordLikeness.Score(part, out _) >= 0.4)
        {
            return false;
        }

        var capitals = 0;
        for (var i = 0; i < part.Length; i++)
        {
            if (char.IsAsciiLetterUpper(part[i]))
            {
                capitals++;
                continue;
            }

            if (capitals >= 7 && i > capitals && char.IsAsciiLetterLower(part[i]))
            {
                return true; // fuISFQSBFf
            }

            if (capitals > 0 && i + 1 < part.Length && char.IsAsciiLetterLower(part[i]) && char.IsAsciiLetterUpper(part[i + 1]))
            {
                return true; // …QDrHI…: r alone between capitals
            }

            capitals = 0;
        }

        return false;
    }

    /// <summary>
    /// Whether the value of an Authorization header is a credential: not a placeholder, and, as code also writes
    /// <c>Authorization: authHeader</c>, not a bare word; without a scheme word it must also be long or have a digit.
    /// </summary>
    public static bool IsHeaderCredential(ReadOnlySpan<char> value, bool hasScheme)
    {
        if (IsPlaceholder(value) || (!value.ContainsAnyInRange('0', '9') && IsSlug(value)))
        {
            return false;
        }

        return hasScheme || value.Length >= 20 || value.ContainsAnyInRange('0', '9');
    }

    // my-secret, db_password, app.token: words joined by - _ . without digits.
    private static bool IsSlug(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetter(c) && c is not '-' and not '_' and not '.')
            {
                return false;
            }
        }

        return true;
    }

    // 2.5.0, ^2.4.4, ~1.0, >=1.2.3, v1.2.3-beta.1: a version or version range.
    private static bool IsVersion(ReadOnlySpan<char> value)
    {
        value = value.TrimStart("^~>=<v ");
        var dot = value.IndexOf('.');
        if (dot <= 0 || value[..dot].ContainsAnyExceptInRange('0', '9') || value.Length > 40)
        {
            return false;
        }

        var end = value.IndexOfAny('-', '+');
        var core = end < 0 ? value : value[..end];
        foreach (var c in core)
        {
            if (!char.IsAsciiDigit(c) && c != '.' && c != 'x' && c != '*')
            {
                return false;
            }
        }

        return true;
    }

    // AssemblyPublicKeyToken, rsa_public_key: public by name.
    private static bool IsPublicName(ReadOnlySpan<char> name)
    {
        var at = name.IndexOf("public", StringComparison.OrdinalIgnoreCase);
        return at >= 0 && at + 6 < name.Length && (char.IsAsciiLetterUpper(name[at + 6]) || name[at + 6] == '_');
    }

    private static bool IsFlagName(ReadOnlySpan<char> name)
    {
        foreach (var prefix in FlagPrefixes)
        {
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && (char.IsAsciiLetterUpper(name[prefix.Length]) || name[prefix.Length] == '_'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLabel(ReadOnlySpan<char> value, ReadOnlySpan<char> name, ReadOnlySpan<char> keyword) =>
        value.Equals(name, StringComparison.OrdinalIgnoreCase) || value.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    // After a bare value only a comment, a delimiter or the end of the line may follow for it to be an assignment.
    private static bool EndsStatement(string text, int end)
    {
        var rest = text.AsSpan(end, Math.Min(256, text.Length - end)); // bounded look-ahead
        var newline = rest.IndexOf('\n');
        rest = (newline < 0 ? rest : rest[..newline]).TrimStart(" \t\r");
        return rest.IsEmpty || StatementEnd.Contains(rest[0]) || rest.StartsWith("//", StringComparison.Ordinal) || rest.StartsWith("--", StringComparison.Ordinal);
    }

    /// <summary>The identifier (letters, digits, '_') that ends at <paramref name="end"/>; empty when none does.</summary>
    internal static ReadOnlySpan<char> NameEndingAt(string text, int end)
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
