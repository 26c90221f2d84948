using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Builds the redactor while the host starts, so a bad ORCH_REDACTION_RULES file stops start-up with its one-line
/// error (the constructor throws it) instead of failing the first read.
/// </summary>
internal sealed class RedactionStartupCheck(ITextRedactor redactor, OrchestratorOptions options, ILogger<RedactionStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (redactor is RedactionEngine engine)
        {
            var builtIn = BuiltInRules.Create().Count;
            RedactionLog.Ready(logger, engine.RuleIds.Count, options.RedactionRulesPath is null ? 0 : engine.RuleIds.Count - builtIn);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
