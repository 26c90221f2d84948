using System.Net;
using System.Net.Sockets;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// Whether an address is on the public internet: the only kind a client ID metadata document is fetched from, so a
/// client_id URL cannot make the service reach loopback, private, link-local, shared, documentation, multicast or
/// reserved addresses (SSRF), however its host name resolves.
/// </summary>
public static class PublicAddress
{
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128)      // 100.64/10 shared (CGNAT)
                || (b[0] == 169 && b[1] == 254)                     // link-local, cloud metadata
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)         // 172.16/12
                || (b[0] == 192 && b[1] == 168)                     // 192.168/16
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)     // 192.0.0/24 protocol, 192.0.2/24 documentation
                || (b[0] == 198 && b[1] is 18 or 19)                // 198.18/15 benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)       // documentation
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));      // documentation
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        // Global unicast (2000::/3) only, without the ranges that embed or reach other addresses.
        return (b[0] & 0xE0) == 0x20
            && !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // 2001:db8::/32 documentation
            && !(b[0] == 0x20 && b[1] == 0x02)                                 // 2002::/16 6to4 (embeds IPv4)
            && !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00); // 2001::/32 Teredo (embeds IPv4)
    }
}
