using System.Text.RegularExpressions;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// The named rules every deployment has (SPEC 7). Keywords are chosen so that a rule's expression runs only when
/// the text contains a string every one of its matches must contain.
/// </summary>
internal static class BuiltInRules
{
    private static readonly string[] AssignmentKeywords =
    [
        "secret", "pass", "pwd", "token", "credential",
        "apikey", "api_key", "api-key", "privatekey", "private_key", "private-key", "encryptionkey", "encryption_key",
        "encryption-key", "signingkey", "signing_key", "signing-key", "masterkey", "master_key", "master-key",
        "appkey", "app_key", "app-key", "authkey", "auth_key", "auth-key",
    ];

    public static IReadOnlyList<RedactionRule> Create() =>
    [
        Rule("private-key", ["private key"], BuiltInPatterns.PrivateKeyBlock()),
        Rule("openai-api-key", ["sk-"], BuiltInPatterns.OpenAi()),
        Rule("anthropic-api-key", ["sk-ant-"], BuiltInPatterns.Anthropic()),
        Rule("github-token", ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], BuiltInPatterns.GitHubToken()),
        Rule("github-fine-grained-token", ["github_pat_"], BuiltInPatterns.GitHubFineGrainedToken()),
        Rule("aws-access-key-id", ["akia", "asia", "abia", "acca"], BuiltInPatterns.AwsAccessKeyId()),
        Rule("aws-secret-access-key", ["secret"], BuiltInPatterns.AwsSecretAccessKey()),
        Rule("google-api-key", ["aiza"], BuiltInPatterns.GoogleApiKey()),
        Rule("slack-token", ["xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"], BuiltInPatterns.SlackToken()),
        Rule("slack-webhook-url", ["hooks.slack.com"], BuiltInPatterns.SlackWebhook()),
        Rule("stripe-secret-key", ["sk_live_", "rk_live_", "sk_test_", "rk_test_", "sk_prod_", "rk_prod_"], BuiltInPatterns.StripeKey()),
        Rule("jwt", ["eyj"], BuiltInPatterns.Jwt()),
        Rule("url-password", ["://"], BuiltInPatterns.UrlPassword(), static (text, match) => !AssignmentValueFilter.IsPlaceholder(match.Groups["secret"].ValueSpan)),
        Rule("bearer-token", ["bearer"], BuiltInPatterns.BearerToken()),
        Rule("basic-auth-header", ["authorization"], BuiltInPatterns.BasicAuthHeader()),
        Rule("secret-assignment", AssignmentKeywords, BuiltInPatterns.SecretAssignment(), AssignmentValueFilter.Accept),
        new HighEntropyRule(),
    ];

    private static RegexRedactionRule Rule(string id, string[] keywords, Regex regex, Func<string, Match, bool>? accept = null)
    {
        var secretGroup = regex.GroupNumberFromName("secret");
        return new RegexRedactionRule(id, keywords, regex, secretGroup < 0 ? 0 : secretGroup, accept: accept);
    }
}
