using System.Text.RegularExpressions;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// A gitleaks-style allowlist: a finding is kept (not redacted) when one of <see cref="Regexes"/> matches its target
/// or the secret contains one of the <see cref="Stopwords"/>. <paramref name="targetRules"/> limits a global
/// allowlist to some rule ids (null = every rule).
/// </summary>
internal sealed class RedactionAllowlist(
    IReadOnlyList<Regex> regexes,
    IReadOnlyList<string> stopwords,
    AllowlistTarget target,
    IReadOnlySet<string>? targetRules = null)
{
    public bool Allows(string ruleId, string text, int secretStart, int secretLength, int matchStart, int matchLength)
    {
        if (targetRules is not null && !targetRules.Contains(ruleId))
        {
            return false;
        }

        var secret = text.AsSpan(secretStart, secretLength);
        foreach (var stopword in stopwords)
        {
            if (secret.Contains(stopword, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (regexes.Count == 0)
        {
            return false;
        }

        var subject = target switch
        {
            AllowlistTarget.Match => text.AsSpan(matchStart, matchLength),
            AllowlistTarget.Line => LineAround(text, matchStart, matchLength),
            _ => secret,
        };
        foreach (var regex in regexes)
        {
            if (regex.IsMatch(subject))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<char> LineAround(string text, int start, int length)
    {
        var lineStart = text.AsSpan(0, start).LastIndexOf('\n') + 1;
        var after = text.AsSpan(start + length).IndexOf('\n');
        var lineEnd = after < 0 ? text.Length : start + length + after;
        return text.AsSpan(lineStart, lineEnd - lineStart);
    }
}
