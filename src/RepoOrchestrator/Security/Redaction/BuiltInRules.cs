using System.Text.RegularExpressions;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// The named rules every deployment has (SPEC 7). Keywords are strings every match must contain; rules whose
/// expression is case-sensitive declare case-sensitive keywords, which keeps the pre-scan fast.
/// </summary>
internal static class BuiltInRules
{
    public static IReadOnlyList<RedactionRule> Create() =>
    [
        new PrivateKeyRule(),
        Exact("openai-api-key", ["sk-"], BuiltInPatterns.OpenAi()),
        Exact("anthropic-api-key", ["sk-ant-"], BuiltInPatterns.Anthropic()),
        Exact("github-token", ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], BuiltInPatterns.GitHubToken()),
        Exact("github-fine-grained-token", ["github_pat_"], BuiltInPatterns.GitHubFineGrainedToken()),
        Exact("aws-access-key-id", ["AKIA", "ASIA", "ABIA", "ACCA"], BuiltInPatterns.AwsAccessKeyId()),
        Exact("aws-secret-access-key", ["secret", "Secret", "SECRET"], BuiltInPatterns.AwsSecretAccessKey()),
        Exact("google-api-key", ["AIza"], BuiltInPatterns.GoogleApiKey()),
        Exact("slack-token", ["xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"], BuiltInPatterns.SlackToken()),
        Exact("slack-webhook-url", ["hooks.slack.com"], BuiltInPatterns.SlackWebhook()),
        Exact("stripe-secret-key", ["sk_live_", "rk_live_", "sk_test_", "rk_test_", "sk_prod_", "rk_prod_"], BuiltInPatterns.StripeKey()),
        Exact("jwt", ["eyJ"], BuiltInPatterns.Jwt()),
        Exact("url-password", ["://"], BuiltInPatterns.UrlPassword(), static (_, match) => IsUrlPassword(match.Groups["secret"].ValueSpan)),
        // Names and header words are written in these three casings in practice; exact keywords keep the scan fast
        // and keep rare rules out of the case-insensitive group of the common words (token, key, pass).
        Exact("bearer-token", ["Bearer", "bearer", "BEARER"], BuiltInPatterns.BearerToken()),
        Exact("basic-auth-header", ["Authorization", "authorization", "AUTHORIZATION"], BuiltInPatterns.BasicAuthHeader()),
        Exact("authorization-header", ["Authorization", "authorization", "AUTHORIZATION"], BuiltInPatterns.AuthorizationHeader(), static (_, match) => AssignmentValueFilter.IsHeaderCredential(match.Groups["secret"].ValueSpan, match.Groups["scheme"].Success)),
        Exact("curl-user-password", ["curl"], BuiltInPatterns.CurlUser(), NotPlaceholder),
        Exact("auth-blob", ["\"auth\"", "'auth'", "_auth"], BuiltInPatterns.AuthBlob(), NotPlaceholder),
        Exact("slash-password", ["jdbc:oracle:", "sqlplus"], BuiltInPatterns.SlashPassword(), NotPlaceholder),
        Exact("credential-call-argument", ["mysql", "DBI", "DirectoryEntry", "OpenDSObject", "getConnection", "ldap_bind", "NetworkCredential", "BasicAuth", "basicAuth", "DigestAuth", "UsernamePasswordCredentials", "PasswordAuthentication", "bind_s", ".login", "auth=(", "auth = ("], BuiltInPatterns.CredentialCallArgument(), NotPlaceholder),
        Exact("netrc-password", ["machine"], BuiltInPatterns.NetrcPassword(), NotPlaceholder),
        Exact("network-device-secret", ["enable", "username", "snmp-server", "pac key", "tacacs-server", "radius-server", "tacacs server", "radius server"], BuiltInPatterns.NetworkDeviceSecret(), NotPlaceholder),
        Exact("tool-password-argument", ["dentified", "DENTIFIED", "sshpass", "mysql", "redis-cli", "mongo", "ldap", "keytool", "SecureString", "net use", "NET USE", "smbclient", "passwd", "rabbitmqctl", "requirepass", "masterauth"], BuiltInPatterns.ToolPasswordArgument(), NotPlaceholder),
        Exact("password-stdin-echo", ["password-stdin"], BuiltInPatterns.PasswordStdinEcho(), NotPlaceholder),
        Exact("password-short-option", ["docker", "podman", "buildah", "nerdctl", "registry login", "az login", "zip", "7z", "ssh-keygen", "openssl"], BuiltInPatterns.PasswordShortOption(), NotPlaceholder),
        Exact("defined-salt", ["SALT'", "SALT\""], BuiltInPatterns.DefinedSalt(), NotPlaceholder),
        Exact("signing-key-literal", ["hmac.new", "createHmac", "SecretKeySpec", "jwt.sign", "jwt.encode", "Algorithm.HMAC", "SymmetricSecurityKey"], BuiltInPatterns.SigningKeyLiteral(), NotPlaceholder),
        Exact("password-hash-entry", [":$apr1$", ":$1$", ":$5$", ":$6$", ":$y$", ":$2a$", ":$2b$", ":$2y$", ":$2x$", ":$argon2", ":{SHA}", ":{SSHA}"], BuiltInPatterns.PasswordHashEntry(), static (text, match) => AssignmentValueFilter.IsUserAtLineStart(text, match.Index)),
        new ForeignPasswordLabelRule(),
        new SecretAssignmentRule(),
        new HighEntropyRule(),
        .. ProviderCatalog.Rules,
    ];

    // The secret group is a value, not a placeholder (${X}, <token>, changeme).
    private static bool NotPlaceholder(string text, Match match) => !AssignmentValueFilter.IsPlaceholder(match.Groups["secret"].ValueSpan);

    private static RegexRedactionRule Exact(string id, string[] keywords, Regex regex, Func<string, Match, bool>? accept = null) =>
        new(id, keywords, regex, SecretGroup(regex), accept: accept, caseSensitiveKeywords: true);

    private static int SecretGroup(Regex regex) => Math.Max(0, regex.GroupNumberFromName("secret"));

    // A URL password with '/' in it must be a generated base64 run (twenty or more characters with a digit and the
    // entropy of random text) whose first segment is no port, not a path behind a host name (https://github.com:org/repository@main,
    // host:8080/api/@me).
    private static bool IsUrlPassword(ReadOnlySpan<char> secret)
    {
        var slash = secret.IndexOf('/');
        return !AssignmentValueFilter.IsPlaceholder(secret)
            && (slash < 0 || (secret[..slash].ContainsAnyExceptInRange('0', '9') && secret.Length >= 20
                && secret.ContainsAnyInRange('0', '9') && ShannonEntropy.Of(secret) >= 4.0));
    }
}
