using System.Buffers;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// A password labelled in another language (<see cref="BuiltInPatterns.ForeignPasswordLabel"/>). Its own gate instead of
/// keywords: half of the labels are not ASCII, and a non-ASCII keyword turns the pre-scan's vectorised group search into
/// a per-character automaton for every text (the 10k bench corpus went from 120 to 790 ms). The gate is one vectorised
/// search for the ASCII labels and one for any non-ASCII character; pure-ASCII text without a label costs those two.
/// </summary>
internal sealed class ForeignPasswordLabelRule() : RedactionRule(RuleId, [])
{
    public const string RuleId = "foreign-password-label";

    private static readonly SearchValues<string> AsciiLabels =
        SearchValues.Create(["Passwort", "Kennwort", "ontrase", "ot de passe", "enha", "achtwoord"], StringComparison.Ordinal);

    private readonly RegexRedactionRule _rule = new(
        RuleId, [], BuiltInPatterns.ForeignPasswordLabel(), BuiltInPatterns.ForeignPasswordLabel().GroupNumberFromName("secret"),
        accept: static (_, match) => AssignmentValueFilter.IsListValueSecret(match.Groups["secret"].ValueSpan, quoted: false));

    public override void Find(string text, ref SecretSink sink)
    {
        var span = text.AsSpan();
        if (span.IndexOfAny(AsciiLabels) >= 0 || span.IndexOfAnyExceptInRange('\0', '\u007F') >= 0)
        {
            _rule.Find(text, ref sink);
        }
    }
}
