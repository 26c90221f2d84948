using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.OAuth;

/// <summary>How client ID metadata documents are fetched; tests replace it to reach a local https server.</summary>
public sealed class ClientMetadataFetchOptions
{
    /// <summary>Which resolved addresses may be dialled (public internet addresses only).</summary>
    public Func<IPAddress, bool> AddressAllowed { get; init; } = PublicAddress.IsPublic;

    /// <summary>Null: the system's certificate validation.</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; init; }
}

/// <summary>
/// Fetches a client ID metadata document (draft-ietf-oauth-client-id-metadata-document, MCP 2025-11-25) SSRF-safe:
/// https only, the host resolved here and only public addresses dialled (so DNS cannot point it inside), no proxy,
/// no redirects, 5 seconds (headers and body together) and 64 KiB at most, JSON only.
/// </summary>
public sealed class ClientMetadataFetcher : IDisposable
{
    public const int MaxBytes = 64 * 1024;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http;

    public ClientMetadataFetcher(ClientMetadataFetchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // SECURITY: a redirect could lead anywhere; the document is where the client_id says
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = Timeout,
            MaxResponseHeadersLength = 16,
            // SECURITY: resolve here and dial only allowed addresses: no loopback, private or metadata address via DNS.
            ConnectCallback = async (context, cancel) =>
            {
                var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancel);
                var allowed = addresses.Where(options.AddressAllowed).ToArray();
                if (allowed.Length == 0)
                {
                    throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves to no public internet address.");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (options.CertificateValidation is { } validation)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validation;
        }

        _http = new HttpClient(handler) { Timeout = Timeout, MaxResponseContentBufferSize = MaxBytes };
    }

    /// <summary>The document's bytes, or why it could not be had (a 400 whose detail names the cause).</summary>
    public async Task<Outcome<byte[]>> FetchAsync(Uri url, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            return Problem.BadRequest("A client_id that is a URL must be https.");
        }

        // SECURITY: one deadline for the whole fetch, body included (HttpClient.Timeout ends with the headers): a server
        // that dribbles its body must not hold the request, nor the gate every document fetch goes through.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return Problem.BadRequest($"The client's metadata document answered {(int)response.StatusCode}, not 200 (redirects are not followed).");
            }

            if (response.Content.Headers.ContentType?.MediaType is not { } type || !type.EndsWith("json", StringComparison.OrdinalIgnoreCase))
            {
                return Problem.BadRequest("The client's metadata document is not JSON.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            var buffer = new byte[MaxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), deadline.Token)) > 0)
            {
                length += read;
            }

            return length > MaxBytes
                ? Problem.BadRequest($"The client's metadata document is larger than {MaxBytes / 1024} KiB.")
                : buffer[..length];
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return Problem.BadRequest($"The client's metadata document did not arrive within {Timeout.TotalSeconds:0} seconds.");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return Problem.BadRequest($"The client's metadata document could not be fetched: {ex.Message}");
        }
    }

    public void Dispose() => _http.Dispose();
}
