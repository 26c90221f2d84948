using Microsoft.EntityFrameworkCore;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// OpenIddict's store (clients, authorizations, codes and refresh tokens) in `oauth/oauth.db` under the home, mode 0600.
/// Only the authorization server's records live here; who a client acts as lives in the state store's tokens table.
/// </summary>
public sealed class OAuthDbContext(DbContextOptions<OAuthDbContext> options) : DbContext(options);
