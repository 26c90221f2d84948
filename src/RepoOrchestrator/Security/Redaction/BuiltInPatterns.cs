using System.Text.RegularExpressions;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// The source-generated expressions of the built-in rules. Every one has a match timeout: on a timeout the engine
/// withholds the whole text (fail closed) rather than return something it could not check.
/// </summary>
internal static partial class BuiltInPatterns
{
    public const int TimeoutMilliseconds = 1000;
    private const RegexOptions Plain = RegexOptions.CultureInvariant;
    private const RegexOptions Insensitive = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;

    // Legacy keys are sk- + 48 alphanumerics; project/service-account/admin keys carry a typed prefix and may use - and _.
    [GeneratedRegex(@"\bsk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{32,})", Plain, TimeoutMilliseconds)]
    public static partial Regex OpenAi();

    [GeneratedRegex(@"\bsk-ant-[A-Za-z0-9_-]{20,}", Plain, TimeoutMilliseconds)]
    public static partial Regex Anthropic();

    [GeneratedRegex(@"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b", Plain, TimeoutMilliseconds)]
    public static partial Regex GitHubToken();

    [GeneratedRegex(@"\bgithub_pat_[A-Za-z0-9_]{22,255}", Plain, TimeoutMilliseconds)]
    public static partial Regex GitHubFineGrainedToken();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b", Plain, TimeoutMilliseconds)]
    public static partial Regex AwsAccessKeyId();

    // The 40-character secret key only where it is assigned to a secret-key name (it has no prefix of its own).
    [GeneratedRegex(@"secret[_.-]?(?:access[_.-]?)?key[""']?\]?[ \t]*(?::=|=>|[:=])[ \t]*[""']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])", Insensitive, TimeoutMilliseconds)]
    public static partial Regex AwsSecretAccessKey();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", Plain, TimeoutMilliseconds)]
    public static partial Regex GoogleApiKey();

    [GeneratedRegex(@"\bxox[abprs]-[0-9A-Za-z-]{10,250}", Plain, TimeoutMilliseconds)]
    public static partial Regex SlackToken();

    // Keeps the host and the kind of hook visible; the path after it is the credential.
    [GeneratedRegex(@"hooks\.slack\.com/(?:services|workflows|triggers)/(?<secret>[A-Za-z0-9_/+-]{20,})", Insensitive, TimeoutMilliseconds)]
    public static partial Regex SlackWebhook();

    [GeneratedRegex(@"\b[sr]k_(?:live|test|prod)_[0-9A-Za-z]{10,247}\b", Plain, TimeoutMilliseconds)]
    public static partial Regex StripeKey();

    // A whole private-key block, BEGIN to END, whatever its type (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP … BLOCK or
    // plain). A BEGIN whose END is not in the text (a slice, a search line) redacts to the end of the text; an END
    // without its BEGIN redacts the base64 lines right before it. BEGIN must be followed by a line break (real or
    // an escaped \n), so code that merely names the marker in a string constant is left alone.
    [GeneratedRegex(
        @"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?=\s|\\[rn]|\z)[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|\z)" +
        @"|^[ \t]*(?:[A-Za-z0-9+/=]+[ \t]*\r?\n[ \t]*)*-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----",
        Plain | RegexOptions.Multiline, TimeoutMilliseconds)]
    public static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{10,}\.ey[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*", Plain, TimeoutMilliseconds)]
    public static partial Regex Jwt();

    // scheme://user:password@host — only the password is replaced; the user part may be empty (redis://:pw@host).
    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9+.-]{1,31}://[^\s:@/?#'""<>]{0,256}:(?<secret>[^\s/'""<>]{1,256})@", Plain, TimeoutMilliseconds)]
    public static partial Regex UrlPassword();

    [GeneratedRegex(@"\bbearer[ \t]+(?<secret>[A-Za-z0-9._~+/-]{16,}=*)", Insensitive, TimeoutMilliseconds)]
    public static partial Regex BearerToken();

    [GeneratedRegex(@"\bauthorization[""']?[ \t]*[:=][ \t]*[""']?basic[ \t]+(?<secret>[A-Za-z0-9+/]{8,}={0,2})", Insensitive, TimeoutMilliseconds)]
    public static partial Regex BasicAuthHeader();

    // name <op> value, in code and config: x = "…", x := "…", x: … (YAML), "x": "…" (JSON), X=… (.env), x => '…'.
    // The name must END with a secret word (client_secret, DB_PASSWORD, githubToken, api-key, SECRET_KEY …);
    // AssignmentValueFilter then checks the word starts at a name boundary and the value is a literal.
    [GeneratedRegex(
        @"(?<kw>(?:api|private|encryption|signing|master|app|auth|secret)[_-]?key|secret[_-]?access[_-]?key|secret|passw(?:or)?d|pass|pwd|token|credentials?)" +
        @"(?![A-Za-z0-9_])[""']?\]?[ \t]*(?::=|=>|[?!]?:(?![:=])|=(?![=>]))[ \t]*" +
        @"(?:[fFrRbBuU$@]{0,2}""(?<secret>(?:[^""\\\r\n]|\\.)*)""|[fFrRbBuU$@]{0,2}'(?<secret>(?:[^'\\\r\n]|\\.)*)'|`(?<secret>[^`\r\n]*)`|(?<secret>[^\s""'`,;)}\]&]+))",
        Insensitive, TimeoutMilliseconds)]
    public static partial Regex SecretAssignment();
}
