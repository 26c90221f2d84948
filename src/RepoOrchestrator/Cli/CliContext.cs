using Microsoft.Extensions.Options;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Hosting;

namespace RepoOrchestrator.Cli;

/// <summary>
/// The services one command needs, built from the same registrations as the web service
/// (<see cref="OrchestratorServices.AddOrchestrator"/>) so the command and a running service share one
/// ORCH_HOME, state store and audit log. Nothing is started: only what a command resolves is created.
/// </summary>
internal sealed class CliContext : IDisposable
{
    private readonly ServiceProvider _provider;

    private CliContext(ServiceProvider provider)
    {
        _provider = provider;
        // Resolving the options runs the binder and the validator: a bad value stops the command here.
        Options = provider.GetRequiredService<IOptions<OrchestratorOptions>>().Value;
    }

    public OrchestratorOptions Options { get; }

    /// <summary>How audit lines name the operator at this terminal: `cli:&lt;os user&gt;`, or `cli` when unknown.</summary>
    public static string Actor
    {
        get
        {
            string user;
            try
            {
                user = Environment.UserName;
            }
            catch (InvalidOperationException)
            {
                user = "";
            }

            return string.IsNullOrWhiteSpace(user) ? "cli" : $"cli:{user}";
        }
    }

    public static CliContext Create(IReadOnlyList<string> settings)
    {
        var configuration = CliConfiguration.Build(settings);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddOrchestrator();
        var provider = services.BuildServiceProvider();
        try
        {
            return new CliContext(provider);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public void Dispose() => _provider.Dispose();
}
