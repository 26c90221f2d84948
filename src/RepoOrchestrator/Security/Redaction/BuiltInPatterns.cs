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

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{10,}\.ey[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*", Plain, TimeoutMilliseconds)]
    public static partial Regex Jwt();

    // scheme://user:password@host - only the password is replaced; the user part may be empty (redis://:pw@host).
    // The scheme sits in a look-behind so the search is driven by the literal "://" (a leading letter class would be
    // tried at every letter of the text).
    [GeneratedRegex(@"(?<=\b[A-Za-z][A-Za-z0-9+.-]{0,31})://[^\s:@/?#'""<>]{0,256}:(?<secret>[^\s/'""<>]{1,256})@", Plain, TimeoutMilliseconds)]
    public static partial Regex UrlPassword();

    [GeneratedRegex(@"\bbearer[ \t]+(?<secret>[A-Za-z0-9._~+/-]{16,}=*)", Insensitive, TimeoutMilliseconds)]
    public static partial Regex BearerToken();

    [GeneratedRegex(@"\bauthorization[""']?[ \t]*[:=][ \t]*[""']?basic[ \t]+(?<secret>[A-Za-z0-9+/]{8,}={0,2})", Insensitive, TimeoutMilliseconds)]
    public static partial Regex BasicAuthHeader();

    // What follows a secret name (see SecretAssignmentRule): an operator and a value, in code and config -
    // x = "…", x := "…", x: … (YAML), "x": "…" (JSON), X=… (.env), x => '…', os.environ["X"] = "…", <x>…</x> (XML).
    // Anchored with \G at the end of the name, so it costs one short attempt per candidate name.
    [GeneratedRegex(
        @"\G(?:[""']?\]?[ \t]*(?::=|=>|[?!]?:(?![:=])|=(?![=>]))[ \t]*" +
        @"(?:[fFrRbBuU$@]{0,2}""(?<secret>(?:[^""\\\r\n]|\\.)*)""|[fFrRbBuU$@]{0,2}'(?<secret>(?:[^'\\\r\n]|\\.)*)'|`(?<secret>[^`\r\n]*)`|(?<secret>[^\s""'`,;)}\]&]+))" +
        @"|[""']?>(?<secret>[^<>\r\n]{1,512})</)",
        Plain, TimeoutMilliseconds)]
    public static partial Regex AssignmentTail();
}
