using System.Text.RegularExpressions;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// A rule driven by a regular expression, built in or from the rules file. The secret is the capture group
/// <paramref name="secretGroup"/> (0 = the whole match); <paramref name="minEntropy"/>, the rule's allowlists and,
/// for built-in rules, <paramref name="accept"/> (a check of the match in context) can each veto a match.
/// </summary>
internal sealed class RegexRedactionRule(
    string id,
    IReadOnlyList<string> keywords,
    Regex regex,
    int secretGroup = 0,
    double? minEntropy = null,
    IReadOnlyList<RedactionAllowlist>? allowlists = null,
    Func<string, Match, bool>? accept = null,
    bool caseSensitiveKeywords = false) : RedactionRule(id, keywords, caseSensitiveKeywords)
{
    public Regex Regex { get; } = regex;

    public override void Find(string text, ref SecretSink sink)
    {
        for (var match = Regex.Match(text); match.Success; match = match.NextMatch())
        {
            sink.Charge(); // SECURITY: every match counts against the redaction budget
            var secret = match.Groups[secretGroup];
            if (!secret.Success || secret.Length == 0)
            {
                continue;
            }

            if ((accept is not null && !accept(text, match))
                || (minEntropy is { } entropy && ShannonEntropy.Of(secret.ValueSpan) < entropy)
                || IsAllowlisted(text, secret, match))
            {
                continue;
            }

            sink.Add(Id, text, secret.Index, secret.Length, match.Index, match.Length);
        }
    }

    private bool IsAllowlisted(string text, Group secret, Match match)
    {
        if (allowlists is null)
        {
            return false;
        }

        foreach (var allowlist in allowlists)
        {
            if (allowlist.Allows(Id, text, secret.Index, secret.Length, match.Index, match.Length))
            {
                return true;
            }
        }

        return false;
    }
}
