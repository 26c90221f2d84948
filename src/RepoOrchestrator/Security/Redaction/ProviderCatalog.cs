namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Provider tokens by format (issue 14): one row per documented token format, written from the providers' own
/// documentation of their key formats (prefixes, alphabets, lengths). Prefix rows redact anywhere; named rows (bare
/// hex/alphanumeric/UUID shapes) need the provider's name nearby, see <see cref="TokenAnchor"/>. Every pattern is
/// linear-time (NonBacktracking); the keywords gate the rule in the engine's pre-scan, so a text that names none of
/// them never runs the expression. The rules are built once per process and shared: they are immutable.
/// </summary>
internal static partial class ProviderCatalog
{
    // Shapes shared by many named rows. \b on both sides: a longer run of the same alphabet (a 40-hex commit id
    // around a 32-hex shape) is not a match.
    private const string Hex32 = @"\b[0-9a-f]{32}\b";
    private const string Hex40 = @"\b[0-9a-f]{40}\b";
    private const string Hex64 = @"\b[0-9a-f]{64}\b";
    private const string Uuid = @"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b";
    private const string Alnum32 = @"\b[A-Za-z0-9]{32}\b";
    private const string Alnum40 = @"\b[A-Za-z0-9]{40}\b";
    private const string NotTokenChar = @"[^A-Za-z0-9_+/~-]";

    public static IReadOnlyList<ProviderTokenFormat> Formats { get; } =
        [.. Cloud(), .. Databases(), .. SourceControl(), .. ContinuousIntegration(), .. Registries(), .. Payments(),
         .. Messaging(), .. Monitoring(), .. ArtificialIntelligence(), .. Saas()];

    private static readonly Lazy<RedactionRule[]> SharedRules = new(() =>
    [
        new ProviderTokenScanner(
            [.. Formats.Where(f => f.Anchor == TokenAnchor.Prefix)],
            [.. Formats.Where(f => f.Anchor == TokenAnchor.Named).Select(f => new ProviderTokenRule(f))]),
        .. Formats.Where(f => f.Anchor == TokenAnchor.Contained).Select(f => new ProviderTokenRule(f)),
    ]);

    /// <summary>
    /// The catalog as rules, created once and shared by every engine: one scanner for all prefix and named formats (a
    /// single pass over the text however many formats there are), plus one keyword-gated rule per contained format. Findings carry the format's id as their rule id.
    /// </summary>
    public static IReadOnlyList<RedactionRule> Rules => SharedRules.Value;

    private static ProviderTokenFormat P(string provider, string category, string id, string pattern, params string[] prefixes) =>
        new(provider, category, id, pattern, prefixes, TokenAnchor.Prefix);

    // A named shape is a bare run of token characters, so it must not sit inside a longer run: the characters on
    // either side are matched (not looked at - NonBacktracking has no look-arounds) and kept out of the secret.
    private static ProviderTokenFormat Pi(string provider, string category, string id, string pattern, params string[] keywords) =>
        new(provider, category, id, pattern, keywords, TokenAnchor.Contained);

    private static ProviderTokenFormat N(string provider, string category, string id, string shape, params string[] names) =>
        new(provider, category, id, $"(?:^|{NotTokenChar})(?<secret>{shape.Replace(@"\b", "", StringComparison.Ordinal)})(?:{NotTokenChar}|$)", names.Length == 0 ? [provider] : names, TokenAnchor.Named);
}
