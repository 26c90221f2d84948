using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Builds the redactor while the host starts, so a bad ORCH_REDACTION_RULES file stops start-up with its one-line
/// error instead of failing the first read. It resolves the redactor in <see cref="StartAsync"/> (not through its
/// constructor) so the failure is a start failure the host reports and can still stop cleanly after.
/// </summary>
internal sealed class RedactionStartupCheck(IServiceProvider services, RedactionSettings settings, ILogger<RedactionStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var redactor = services.GetRequiredService<ITextRedactor>(); // SECURITY: fail closed - a broken rules file stops start-up
        if (redactor is RedactionEngine engine)
        {
            var builtIn = BuiltInRules.Create().Count;
            RedactionLog.Ready(logger, engine.RuleIds.Count, settings.RulesPath is null ? 0 : engine.RuleIds.Count - builtIn);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
