namespace RepoOrchestrator.Hosting;

/// <summary>
/// Keeps the resident memory of the service small (issue 8: at most 100 MiB under load). ASP.NET Core's
/// authentication registers Data Protection, whose hosted service creates and loads a key ring at start-up
/// (writing a key file under the user's home and loading the XML stack, about 5 MiB resident). This service
/// protects nothing with Data Protection: tokens are bearer tokens compared by hash, there are no cookies or
/// antiforgery tokens. Without the eager start the key ring is built only if something ever asks for it.
/// The GC settings that bound the heap's growth live in the project file (RuntimeHostConfigurationOption).
/// </summary>
public static class MemoryFootprint
{
    private const string EagerKeyRingService = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    public static IServiceCollection WithoutEagerKeyRing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService)
                && string.Equals(services[i].ImplementationType?.FullName, EagerKeyRingService, StringComparison.Ordinal))
            {
                services.RemoveAt(i);
            }
        }

        return services;
    }
}
