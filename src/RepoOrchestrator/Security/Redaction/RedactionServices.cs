using Microsoft.Extensions.DependencyInjection.Extensions;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>Registers the redactor as the one <see cref="ITextRedactor"/> and checks its rules file at start-up.</summary>
public static class RedactionServices
{
    public static IServiceCollection AddRedaction(this IServiceCollection services)
    {
        services.TryAddSingleton(RedactionBudgetLimits.Default);
        services.TryAddSingleton<ITextRedactor>(sp => RedactionEngine.Create(
            sp.GetRequiredService<RedactionSettings>().RulesPath,
            sp.GetRequiredService<ILogger<RedactionEngine>>(),
            sp.GetRequiredService<RedactionBudgetLimits>()));
        // For a hosted service that redacts later (the index): resolving the redactor while hosted services are made
        // would fail start-up there, before RedactionStartupCheck reports a broken rules file.
        services.TryAddSingleton(sp => new Lazy<ITextRedactor>(sp.GetRequiredService<ITextRedactor>));
        services.AddHostedService<RedactionStartupCheck>();
        return services;
    }

    /// <summary>One redaction budget per HTTP request (see <see cref="RedactionBudgetLimits"/>).</summary>
    public static IApplicationBuilder UseRedactionBudget(this IApplicationBuilder app) =>
        app.UseMiddleware<RedactionBudgetMiddleware>();
}
