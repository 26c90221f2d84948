namespace RepoOrchestrator.Security.Authentication;

/// <summary>What an <see cref="IAccessTokenAuthority"/> says of a presented token.</summary>
public enum AccessTokenKind
{
    /// <summary>Not one of its tokens (forged, garbage, another server's): a bad token like any other.</summary>
    Unknown,

    /// <summary>One it issued that is expired or revoked, or whose approval ended: the client refreshes or signs in again.</summary>
    Stale,

    Live,
}

/// <summary>The verdict, with the identity and fingerprint of a live token.</summary>
public sealed record AccessTokenVerdict(AccessTokenKind Kind, TokenIdentity? Identity = null, string Fingerprint = "")
{
    public static readonly AccessTokenVerdict Unknown = new(AccessTokenKind.Unknown);

    public static readonly AccessTokenVerdict Stale = new(AccessTokenKind.Stale);
}
