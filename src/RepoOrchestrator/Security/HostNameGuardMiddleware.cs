using System.Net;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Security;

/// <summary>
/// DNS-rebinding defence for every endpoint: a hostile web page can point its own name at 127.0.0.1, but the
/// browser still sends that name in `Host`. Only the names the service is meant to be reached by are answered
/// (loopback names, ORCH_HOST, ORCH_PUBLIC_URL's host, ORCH_ALLOWED_HOSTS); anything else gets 421 before
/// static files, CORS, rate limiting or authentication run.
/// </summary>
public sealed class HostNameGuardMiddleware(RequestDelegate next, NetworkSettings network)
{
    public const string MisdirectedDetail =
        "This service does not answer to that host name; use localhost or 127.0.0.1, or add the name to ORCH_ALLOWED_HOSTS.";

    private readonly HashSet<string> _allowed = Allowed(network);

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // SECURITY: DNS rebinding: a Host header naming anything but an allowed name (or no name at all) is refused.
        if (!_allowed.Contains(Normalize(context.Request.Host.Host)))
        {
            return ProblemResponses.WriteAsync(context, StatusCodes.Status421MisdirectedRequest, MisdirectedDetail, "misdirected-host");
        }

        return next(context);
    }

    private static HashSet<string> Allowed(NetworkSettings network)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "localhost", "127.0.0.1", "::1" };
        names.Add(Normalize(network.Host));
        if (Uri.TryCreate(network.PublicUrl, UriKind.Absolute, out var publicUrl))
        {
            names.Add(Normalize(publicUrl.Host));
        }

        foreach (var name in network.AllowedHosts)
        {
            names.Add(Normalize(name));
        }

        names.Remove("");
        return names;
    }

    /// <summary>Lower case, no IPv6 brackets, no trailing dot; an IP address in its canonical form.</summary>
    private static string Normalize(string? host)
    {
        var name = (host ?? "").Trim().TrimStart('[').TrimEnd(']').TrimEnd('.').ToLowerInvariant();
        return IPAddress.TryParse(name, out var address) ? address.ToString() : name;
    }
}
