using System.Net;
using Microsoft.AspNetCore.Http;
using RepoOrchestrator.Security;

namespace RepoOrchestrator.Tests.Security;

public sealed class ClientAddressTests
{
    private static string? Resolve(string? peer, string? forwardedFor, bool trust)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = peer is null ? null : IPAddress.Parse(peer);
        if (forwardedFor is not null)
        {
            context.Request.Headers[ClientAddress.ForwardedForHeader] = forwardedFor;
        }

        return ClientAddress.Of(context, trust)?.ToString();
    }

    [Theory]
    [InlineData("127.0.0.1", "203.0.113.9", false, "127.0.0.1")] // not configured: header ignored
    [InlineData("198.51.100.4", "203.0.113.9", true, "198.51.100.4")] // remote peer: header ignored
    [InlineData("127.0.0.1", "203.0.113.9", true, "203.0.113.9")]
    [InlineData("::1", "203.0.113.9", true, "203.0.113.9")]
    [InlineData("::ffff:127.0.0.1", "203.0.113.9", true, "203.0.113.9")] // IPv4-mapped loopback is loopback
    [InlineData("127.0.0.1", "10.1.1.1, 203.0.113.9", true, "203.0.113.9")] // right-most: what our proxy appended
    [InlineData("127.0.0.1", "203.0.113.9:5100", true, "203.0.113.9")]
    [InlineData("127.0.0.1", "[2001:db8::7]:443", true, "2001:db8::7")]
    [InlineData("127.0.0.1", "2001:db8::7", true, "2001:db8::7")]
    [InlineData("127.0.0.1", "10.1.1.1, garbage", true, "127.0.0.1")] // a bad entry never makes us look left
    [InlineData("127.0.0.1", "", true, "127.0.0.1")]
    [InlineData("127.0.0.1", null, true, "127.0.0.1")]
    [InlineData("::ffff:198.51.100.4", null, false, "198.51.100.4")]
    [InlineData(null, "203.0.113.9", true, null)] // no peer (test server): nothing to trust
    public void Of_ResolvesTheClientAddress(string? peer, string? forwardedFor, bool trust, string? expected) =>
        Assert.Equal(expected, Resolve(peer, forwardedFor, trust));

    [Fact]
    public void Key_UnknownPeer_IsOneSharedPartition() =>
        Assert.Equal(ClientAddress.Unknown, ClientAddress.Key(new DefaultHttpContext(), trustForwarded: true));

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.3.4", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.2", "loopback")]
    [InlineData("::ffff:198.51.100.4", "198.51.100.4")]
    [InlineData("128.0.0.1", "128.0.0.1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    public void KeyOf_LoopbackRange_IsOneClient(string address, string expected) =>
        Assert.Equal(expected, ClientAddress.KeyOf(System.Net.IPAddress.Parse(address)));
}
