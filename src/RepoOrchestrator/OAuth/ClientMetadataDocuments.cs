using System.Text.Json;
using OpenIddict.Abstractions;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// Client ID metadata documents (MCP 2025-11-25): a client whose client_id is an https URL needs no registration;
/// when OpenIddict validates an authorization request, before it looks the client up, the document at that URL is fetched
/// (<see cref="ClientMetadataFetcher"/>), must name that very URL as its client_id and pass the registration rules
/// (redirect URIs, names, grants), and becomes the client's entry, read again after an hour. The client is then
/// exactly a registered public client: it can do nothing until the operator approves a sign-in.
/// </summary>
public sealed class ClientMetadataDocuments(ClientMetadataFetcher fetcher, NamedTokenStore tokens, OAuthSettings settings, TimeProvider time) : IDisposable
{
    public const int MaxClientIdLength = 512;
    public static readonly TimeSpan ReadAgainAfter = TimeSpan.FromHours(1);

    /// <summary>Fetches of one client_id go one at a time (concurrent sign-ins create it once); other client_ids do not wait.</summary>
    private const int Gates = 64;

    // SECURITY: string hash codes are randomized per process, so no one can pick client_ids that share another client's gate.
    private readonly SemaphoreSlim[] _gates = [.. Enumerable.Range(0, Gates).Select(_ => new SemaphoreSlim(1, 1))];

    public static bool IsUrlClientId(string? clientId) => clientId is not null && clientId.StartsWith("https://", StringComparison.Ordinal);

    /// <summary>Makes sure the client behind <paramref name="clientId"/> is known and current; the problem when it cannot be.</summary>
    public async Task<Problem?> EnsureAsync(string clientId, IOpenIddictApplicationManager applications, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(applications);
        if (UrlRefusal(clientId) is { } refusal)
        {
            return Problem.BadRequest(refusal);
        }

        // SECURITY: a client whose document is current needs no fetch and waits for no one's (a slow server holds only its own gate).
        if (await CurrentAsync(clientId, applications, cancel) is (_, true))
        {
            return null;
        }

        var gate = _gates[(clientId.GetHashCode() & int.MaxValue) % Gates];
        await gate.WaitAsync(cancel);
        try
        {
            var now = time.GetUtcNow();
            var (existing, current) = await CurrentAsync(clientId, applications, cancel);
            if (current)
            {
                return null;
            }

            if (!(await fetcher.FetchAsync(new Uri(clientId), cancel)).TryGet(out var bytes, out var problem))
            {
                return problem;
            }

            if (!Parse(bytes, clientId).TryGet(out var document, out problem))
            {
                return problem;
            }

            var descriptor = OAuthClientRegistration.Descriptor(clientId, OAuthClientRegistration.Clean(document.ClientName), document.RedirectUris!, settings, now);
            if (existing is null)
            {
                await OAuthClientRegistration.MakeRoomAsync(applications, tokens, cancel);
                await applications.CreateAsync(descriptor, cancel);
            }
            else
            {
                await applications.UpdateAsync(existing, descriptor, cancel); // SECURITY: the document's current redirect URIs only
            }

            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The client's entry, and whether its document was read less than <see cref="ReadAgainAfter"/> ago.</summary>
    private async Task<(object? Existing, bool Current)> CurrentAsync(string clientId, IOpenIddictApplicationManager applications, CancellationToken cancel)
    {
        var existing = await applications.FindByClientIdAsync(clientId, cancel);
        return (existing, existing is not null
            && time.GetUtcNow().ToUnixTimeSeconds() - await OAuthClientRegistration.RegisteredAtAsync(applications, existing, cancel) < ReadAgainAfter.TotalSeconds);
    }

    /// <summary>An https URL with a path, no fragment, user info or dot segments, at most 512 characters (the draft's rules).</summary>
    internal static string? UrlRefusal(string clientId)
    {
        if (clientId.Length > MaxClientIdLength || !Uri.TryCreate(clientId, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            return $"A client_id that is a URL must be an https URL of at most {MaxClientIdLength} characters.";
        }

        return url.Fragment.Length > 0 || url.UserInfo.Length > 0 || url.AbsolutePath is "/" or ""
            || clientId.Contains("/./", StringComparison.Ordinal) || clientId.Contains("/../", StringComparison.Ordinal)
            || !string.Equals(url.AbsoluteUri, clientId, StringComparison.Ordinal)
            ? "A client_id URL must have a path and no fragment, user info, dot segments or other non-canonical form."
            : null;
    }

    private static Outcome<ClientRegistrationRequest> Parse(byte[] bytes, string clientId)
    {
        try
        {
            using var json = JsonDocument.Parse(bytes);
            // SECURITY: the document speaks for the URL it is served at, and for no other client.
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.TryGetProperty("client_id", out var id) || id.ValueKind != JsonValueKind.String
                || !string.Equals(id.GetString(), clientId, StringComparison.Ordinal))
            {
                return Problem.BadRequest("The client's metadata document must name its own URL as client_id.");
            }

            var document = json.RootElement.Deserialize<ClientRegistrationRequest>();
            if (document is null)
            {
                return Problem.BadRequest("The client's metadata document is empty.");
            }

            return OAuthClientRegistration.Refusal(document) is { } refusal
                ? Problem.BadRequest("The client's metadata document: " + refusal)
                : document;
        }
        catch (JsonException)
        {
            return Problem.BadRequest("The client's metadata document is not a JSON object of client metadata.");
        }
    }

    public void Dispose()
    {
        foreach (var gate in _gates)
        {
            gate.Dispose();
        }
    }
}
