namespace RepoOrchestrator.Security.Redaction;

/// <summary>What a rules file adds: its rules and its global allowlists.</summary>
internal sealed record RedactionRuleSet(IReadOnlyList<RedactionRule> Rules, IReadOnlyList<RedactionAllowlist> Allowlists);
