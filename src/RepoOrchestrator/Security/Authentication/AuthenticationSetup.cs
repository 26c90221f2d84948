using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// Secure by default: the fallback policy demands the admin role, so an endpoint that says nothing is
/// admin-only. Read endpoints opt in to the reader policy; public ones say AllowAnonymous and are listed
/// in a contract test.
/// </summary>
public static class AuthenticationSetup
{
    public static IServiceCollection AddOrchestratorAuthentication(this IServiceCollection services)
    {
        services.TryAddSingleton<NamedTokenStore>();
        services.TryAddSingleton<TokenStore>();
        services.TryAddSingleton(TimeProvider.System);
        // The authentication core without AddAuthentication's Data Protection: bearer tokens are compared by hash, and
        // nothing here protects cookies or state, so the key ring and its XML stack (resident memory) are never loaded.
        services.AddAuthenticationCore(o => o.DefaultScheme = OrchestratorClaims.Scheme);
        services.AddWebEncoders();
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(OrchestratorClaims.Scheme, null);

        var admin = new AuthorizationPolicyBuilder(OrchestratorClaims.Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(nameof(OrchestratorRole.Admin))
            .Build();
        var reader = new AuthorizationPolicyBuilder(OrchestratorClaims.Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(nameof(OrchestratorRole.Admin), nameof(OrchestratorRole.Actions))
            .Build();

        services.AddAuthorizationBuilder()
            .AddPolicy(OrchestratorClaims.AdminPolicy, admin)
            .AddPolicy(OrchestratorClaims.ReaderPolicy, reader)
            .SetDefaultPolicy(admin)
            .SetFallbackPolicy(admin); // SECURITY: endpoints without metadata are admin-only
        return services;
    }

    /// <summary>Marks an endpoint as readable by both roles (SPEC 3 read-only list).</summary>
    public static TBuilder RequireReader<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(OrchestratorClaims.ReaderPolicy);

    /// <summary>Marks an endpoint as admin-only explicitly (the fallback would too; this documents it).</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(OrchestratorClaims.AdminPolicy);

    public const string UnscopedAdminDetail =
        "Managing tokens, approving OAuth clients and reading the audit log need an admin token without a repository or tool scope (the built-in admin token, or a named admin token created without --repos and --tools).";

    /// <summary>Whether the caller's token has no repository or tool scope.</summary>
    public static bool IsUnscoped(System.Security.Claims.ClaimsPrincipal user) => user.Repositories().IsAll && user.Tools().IsAll;

    /// <summary>
    /// Admin-only, and only for an admin token without a repository or tool scope: the endpoints that grant rights (named
    /// tokens, OAuth approvals), through which a scoped token could otherwise mint itself a wider one, those that
    /// show every repository's records (the audit log, the security events), and clearing lockdown.
    /// </summary>
    public static TBuilder RequireUnscopedAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAdmin();
        // SECURITY: granting rights or reading every repository's records never lets a scoped token step outside its scope.
        builder.AddEndpointFilter((context, next) => IsUnscoped(context.HttpContext.User)
            ? next(context)
            : ValueTask.FromResult<object?>(new Errors.ProblemResult(Errors.Problem.Forbidden(UnscopedAdminDetail))));
        return builder;
    }
}
