namespace RepoOrchestrator.Configuration;

/// <summary>The extra redaction rules file (ORCH_REDACTION_RULES), null when only the built-in rules apply.</summary>
public sealed record RedactionSettings(string? RulesPath)
{
    public static RedactionSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.RedactionRulesPath);
    }
}
