using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>
/// Test host only: `/test/fault` throws an unhandled exception whose message holds things that must never
/// reach a client. The startup filter assigns the endpoint before routing (routing keeps an endpoint that is
/// already set), so the request still runs the whole real pipeline: errors, CORS, authentication, lockdown,
/// rate limiting, authorization (admin, by the fallback policy), body buffering.
/// </summary>
public sealed class FaultEndpoint(string path, string message) : IStartupFilter
{
    public const string Path = "/test/fault";
    public const string SecretMessage = "boom at /home/alice/secret.txt with token admin-token-0123456789";

    public static void Register(IServiceCollection services) => services.AddSingleton<IStartupFilter>(new FaultEndpoint(Path, SecretMessage));

    /// <summary>Another fault endpoint, at <paramref name="faultPath"/>, throwing <paramref name="faultMessage"/>.</summary>
    public static Action<IServiceCollection> At(string faultPath, string faultMessage) =>
        services => services.AddSingleton<IStartupFilter>(new FaultEndpoint(faultPath, faultMessage));

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var endpoint = new Endpoint(
            async context =>
            {
                // Read the body first, like an endpoint that binds JSON, then fail.
                using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
                await reader.ReadToEndAsync(context.RequestAborted);
                throw new InvalidOperationException(message);
            },
            new EndpointMetadataCollection(new AuthorizeAttribute()),
            "test fault");
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Path.Equals(path, StringComparison.Ordinal))
            {
                context.SetEndpoint(endpoint);
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
