using Microsoft.Extensions.DependencyInjection.Extensions;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>Registers the redactor as the one <see cref="ITextRedactor"/> and checks its rules file at start-up.</summary>
public static class RedactionServices
{
    public static IServiceCollection AddRedaction(this IServiceCollection services)
    {
        services.TryAddSingleton<ITextRedactor>(sp => RedactionEngine.Create(
            sp.GetRequiredService<OrchestratorOptions>().RedactionRulesPath,
            sp.GetRequiredService<ILogger<RedactionEngine>>()));
        services.AddHostedService<RedactionStartupCheck>();
        return services;
    }
}
