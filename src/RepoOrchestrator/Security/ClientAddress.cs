using System.Net;
using Microsoft.Extensions.Primitives;

namespace RepoOrchestrator.Security;

/// <summary>
/// The client address used for rate limiting: the connection's remote address. Only with
/// ORCH_TRUST_FORWARDED and a loopback peer (a local reverse proxy or tunnel) is `X-Forwarded-For`
/// believed, and then only its right-most entry: the one our own proxy appended. Entries to its left were
/// written by the remote client and would let anyone pick a fresh rate-limit bucket per request.
/// </summary>
public static class ClientAddress
{
    public const string ForwardedForHeader = "X-Forwarded-For";
    public const string Unknown = "unknown";
    public const string Loopback = "loopback";

    public static IPAddress? Of(HttpContext context, bool trustForwarded)
    {
        ArgumentNullException.ThrowIfNull(context);
        var peer = Normalize(context.Connection.RemoteIpAddress);
        // SECURITY: forwarded headers are ignored unless configured AND the direct peer is this machine.
        if (!trustForwarded || peer is null || !IPAddress.IsLoopback(peer))
        {
            return peer;
        }

        return FromForwardedFor(context.Request.Headers[ForwardedForHeader]) ?? peer;
    }

    /// <summary>
    /// The client as a partition key (rate limiting, security-event aggregation): the address, except that the whole
    /// loopback range (127.0.0.0/8, ::1, ::ffff:127.x) is ONE client, `loopback`; requests with no known address share
    /// one partition, `unknown`.
    /// </summary>
    public static string Key(HttpContext context, bool trustForwarded) => KeyOf(Of(context, trustForwarded));

    /// <summary>The partition key of one address (see <see cref="Key"/>).</summary>
    public static string KeyOf(IPAddress? address) => Normalize(address) switch
    {
        null => Unknown,
        // SECURITY: every local process is one client; 127.x.y.z cannot be used to pick a fresh bucket.
        var a when IPAddress.IsLoopback(a) => Loopback,
        var a => a.ToString(),
    };

    /// <summary>
    /// The right-most entry of the header (several header lines read as one list), or null when it is not an
    /// IP address; a bad entry never makes us look further left, at values the client chose.
    /// </summary>
    public static IPAddress? FromForwardedFor(StringValues values)
    {
        var last = values.Count == 0 ? null : values[^1];
        if (string.IsNullOrWhiteSpace(last))
        {
            return null;
        }

        var comma = last.LastIndexOf(',');
        var entry = (comma < 0 ? last : last[(comma + 1)..]).Trim();
        return Parse(entry);
    }

    private static IPAddress? Parse(string entry)
    {
        if (entry.Length is 0 or > 64)
        {
            return null;
        }

        // "203.0.113.7", "2001:db8::1", and with a port "203.0.113.7:5100" or "[2001:db8::1]:443".
        if (!entry.StartsWith('[') && IPAddress.TryParse(entry, out var address))
        {
            return Normalize(address);
        }

        return IPEndPoint.TryParse(entry, out var endpoint) ? Normalize(endpoint.Address) : null;
    }

    private static IPAddress? Normalize(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
}
