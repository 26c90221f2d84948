namespace RepoOrchestrator.Security.Redaction;

/// <summary>What a rules file adds: its rules and its global allowlists; <paramref name="SourceSha256"/> is the hash of the file's text.</summary>
internal sealed record RedactionRuleSet(IReadOnlyList<RedactionRule> Rules, IReadOnlyList<RedactionAllowlist> Allowlists, string SourceSha256 = "");
