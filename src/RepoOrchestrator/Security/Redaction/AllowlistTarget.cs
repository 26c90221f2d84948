namespace RepoOrchestrator.Security.Redaction;

/// <summary>What an allowlist regex is tested against (gitleaks' <c>regexTarget</c>).</summary>
internal enum AllowlistTarget
{
    Secret,
    Match,
    Line,
}
