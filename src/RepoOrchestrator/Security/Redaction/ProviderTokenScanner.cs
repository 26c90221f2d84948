namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Every prefix and named format of the catalog in one pass over the text: one search (<see cref="KeywordMatcher"/>,
/// the prefixes compared ordinally and the provider names ignoring case) finds each place a prefix or a name starts.
/// A prefix is inspected there and then (<see cref="PrefixTokenScanner"/>); the names are gathered and their token runs
/// tested once the pass is over (<see cref="NamedTokenScanner"/>, whose context reaches the names after a run). The
/// search is the rule's own keyword gate: hundreds of prefixes and names would add many pre-scan passes. The cost is
/// one scan plus a bounded check per hit, whatever the number of formats.
/// </summary>
internal sealed class ProviderTokenScanner : RedactionRule
{
    public const string RuleId = "provider-token";

    private const uint PrefixSet = 1;
    private const uint NameSet = 2;

    private readonly KeywordMatcher _matcher;

    public ProviderTokenScanner(IReadOnlyList<ProviderTokenFormat> prefixFormats, IReadOnlyList<ProviderTokenRule> namedFormats)
        : base(RuleId, [])
    {
        Prefixes = new PrefixTokenScanner(prefixFormats);
        Named = new NamedTokenScanner(namedFormats);
        _matcher = new KeywordMatcher(
            [new KeywordSet(Prefixes.Prefixes, StringComparison.Ordinal), new KeywordSet(Named.Names, StringComparison.OrdinalIgnoreCase)]);
    }

    public PrefixTokenScanner Prefixes { get; }

    public NamedTokenScanner Named { get; }

    public override void Find(string text, ref SecretSink sink)
    {
        List<(int Position, int[] Formats)>? names = null;
        var nextPrefix = 0;
        var offset = 0;
        while (offset < text.Length)
        {
            var hit = _matcher.IndexOfAny(text.AsSpan(offset), out var sets);
            if (hit < 0)
            {
                break;
            }

            var at = offset + hit;
            if ((sets & PrefixSet) != 0 && at >= nextPrefix)
            {
                nextPrefix = Prefixes.Inspect(text, at, ref sink);
            }

            if ((sets & NameSet) != 0)
            {
                Named.AddHits(text, at, ref names);
            }

            offset = at + 1;
        }

        Named.Scan(text, names, ref sink);
    }
}
