using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// RFC 7591 dynamic client registration (OpenIddict has none built in): anyone may register a public client (no
/// secret, PKCE required) with https or loopback http redirect URIs; it can do nothing until the operator approves
/// a sign-in on the consent page. Bounded: a 16 KiB body, 5 redirect URIs of 512 characters, names of 100, and at most
/// <see cref="MaxClients"/> clients, the oldest never-approved ones making room for new ones.
/// </summary>
internal static class OAuthClientRegistration
{
    public const int MaxClients = 500;
    public const int MaxRedirectUris = 5;
    public const int MaxUriLength = 512;
    public const int MaxNameLength = 100;
    private const string RegisteredAtProperty = "orch_registered_at";

    public static readonly ExpectedProblems Failures = new([
        StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);

    public static async Task<Results<Created<ClientRegistrationResponse>, ProblemResult>> RegisterAsync(
        HttpContext context, IOpenIddictApplicationManager applications, NamedTokenStore tokens, OAuthSettings settings, TimeProvider time)
    {
        if (!(await OAuthJson.ReadAsync<ClientRegistrationRequest>(context.Request)).TryGet(out var request, out var problem))
        {
            return new ProblemResult(problem);
        }

        if (Refusal(request) is { } refusal)
        {
            return new ProblemResult(Problem.BadRequest(refusal));
        }

        await MakeRoomAsync(applications, tokens, context.RequestAborted);
        var now = time.GetUtcNow();
        var clientId = "orch-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var name = Clean(request.ClientName);
        var descriptor = Descriptor(clientId, name, request.RedirectUris!, settings, now);
        await applications.CreateAsync(descriptor, context.RequestAborted);
        var response = new ClientRegistrationResponse(
            clientId, now.ToUnixTimeSeconds(), name, request.RedirectUris!, [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken], [ResponseTypes.Code], ClientAuthenticationMethods.None);
        return TypedResults.Created(null as string, response);
    }

    /// <summary>A public client of this server: code flow with PKCE, refresh, revocation, the one /mcp resource.</summary>
    internal static OpenIddictApplicationDescriptor Descriptor(string clientId, string name, IEnumerable<string> redirectUris, OAuthSettings settings, DateTimeOffset now)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientType = ClientTypes.Public, // SECURITY: no secret is issued or accepted; PKCE binds the code instead
            ConsentType = ConsentTypes.Explicit,
            DisplayName = name,
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + Scopes.OfflineAccess, Permissions.Prefixes.Scope + OAuthSetup.McpScope,
                Permissions.Prefixes.Resource + settings.Resource,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        descriptor.Properties[RegisteredAtProperty] = System.Text.Json.JsonSerializer.SerializeToElement(now.ToUnixTimeSeconds());
        foreach (var uri in redirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        return descriptor;
    }

    /// <summary>When the client was registered or its metadata document last read (Unix seconds), 0 when unknown.</summary>
    internal static async Task<long> RegisteredAtAsync(IOpenIddictApplicationManager applications, object application, CancellationToken cancel)
    {
        var properties = await applications.GetPropertiesAsync(application, cancel);
        return properties.TryGetValue(RegisteredAtProperty, out var at) && at.TryGetInt64(out var seconds) ? seconds : 0;
    }

    /// <summary>Why the request cannot be registered, or null.</summary>
    internal static string? Refusal(ClientRegistrationRequest request)
    {
        if (request.RedirectUris is not { Count: > 0 and <= MaxRedirectUris } uris)
        {
            return $"redirect_uris must hold 1 to {MaxRedirectUris} addresses.";
        }

        // SECURITY: the first refusal itself, not the first refused URI: a null entry is refused too (it was taken for "none").
        if (uris.Select(RedirectRefusal).FirstOrDefault(r => r is not null) is { } refused)
        {
            return refused;
        }

        if (request.ClientName is { Length: > MaxNameLength })
        {
            return $"client_name is at most {MaxNameLength} characters.";
        }

        // SECURITY: as for redirect URIs, a null entry is refused too (a search for the first refused entry took it for "none").
        if (request.GrantTypes?.Where(g => g is not (GrantTypes.AuthorizationCode or GrantTypes.RefreshToken)).Select(g => g ?? "null").FirstOrDefault() is { } grant)
        {
            return $"grant_types: '{Short(grant)}' is not supported; use authorization_code and refresh_token.";
        }

        if (request.ResponseTypes?.Where(r => r != ResponseTypes.Code).Select(r => r ?? "null").FirstOrDefault() is { } type)
        {
            return $"response_types: '{Short(type)}' is not supported; use code.";
        }

        // A client asking for a secret method is registered as public all the same (RFC 7591 3.2.1: the server decides).
        return null;
    }

    /// <summary>https anywhere, or http only to this machine's loopback (RFC 8252); never a fragment or user info.</summary>
    private static string? RedirectRefusal(string? uri)
    {
        if (uri is null || uri.Length > MaxUriLength || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return $"Each redirect URI must be an absolute URL of at most {MaxUriLength} characters.";
        }

        var loopback = parsed.Host == "localhost" || (IPAddress.TryParse(parsed.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        // SECURITY: no code ever travels in clear text off this machine, to a script URL, or hides in a fragment.
        if (!(parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && loopback)))
        {
            return $"redirect URI '{Short(uri)}' must be https, or http to localhost / a loopback address.";
        }

        return parsed.Fragment.Length > 0 || parsed.UserInfo.Length > 0
            ? $"redirect URI '{Short(uri)}' must have no fragment and no user info."
            : null;
    }

    /// <summary>At the cap, removes the oldest clients that have no approval (never an approved one).</summary>
    internal static async Task MakeRoomAsync(IOpenIddictApplicationManager applications, NamedTokenStore tokens, CancellationToken cancel)
    {
        if (await applications.CountAsync(cancel) < MaxClients)
        {
            return;
        }

        var approved = tokens.List().Select(t => t.OAuthClient).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var unapproved = new List<(object App, long At)>();
        await foreach (var app in applications.ListAsync(MaxClients * 2, 0, cancel))
        {
            if (await applications.GetClientIdAsync(app, cancel) is { } id && !approved.Contains(id))
            {
                unapproved.Add((app, await RegisteredAtAsync(applications, app, cancel)));
            }
        }

        foreach (var (app, _) in unapproved.OrderBy(u => u.At).Take(MaxClients / 10))
        {
            await applications.DeleteAsync(app, cancel);
        }
    }

    /// <summary>The client's name as shown and audited: control and format characters dropped, "unnamed client" when empty.</summary>
    internal static string Clean(string? name)
    {
        var kept = new string((name ?? "").Where(c => !char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format).ToArray()).Trim();
        return kept.Length == 0 ? "unnamed client" : kept;
    }

    private static string Short(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
