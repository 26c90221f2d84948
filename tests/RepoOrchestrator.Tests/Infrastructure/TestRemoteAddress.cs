using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>
/// Test host only: TestServer gives no remote address, so this startup filter sets
/// `Connection.RemoteIpAddress` from the `X-Test-Remote-IP` header before the service's pipeline runs.
/// Register with <see cref="Register"/>; it never exists in the production build.
/// </summary>
public sealed class TestRemoteAddress : IStartupFilter
{
    public const string Header = "X-Test-Remote-IP";

    public static void Register(IServiceCollection services) => services.AddSingleton<IStartupFilter, TestRemoteAddress>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
