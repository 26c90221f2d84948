using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// The consent page's API (admin token only, sent by the page in a header, never in a URL): show a waiting
/// authorization request, and record the operator's decision on it once. A first approval creates the client's entry
/// in the tokens table (name, role, repositories, expiry); a later sign-in of an approved client is confirmed as is.
/// </summary>
internal static class OAuthConsentEndpoints
{
    public static readonly ExpectedProblems Failures = new([
        StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);

    private const string Gone = "This sign-in request expired, was decided already or never existed: start the sign-in again from the client.";

    public static Results<Ok<ConsentView>, ProblemResult> ShowAsync(string id, OAuthConsents consents, NamedTokenStore tokens, OAuthSettings settings)
    {
        if (consents.Find(id) is not { Decision: null } consent)
        {
            return new ProblemResult(Problem.NotFound(Gone));
        }

        var approved = tokens.IdentifyClient(consent.ClientId); // a live approval only: an expired one is approved anew
        return TypedResults.Ok(new ConsentView(consent.ClientId, consent.ClientName, consent.RedirectUri, settings.Resource, approved?.Name, SuggestedName(consent.ClientName)));
    }

    public static async Task<Results<Ok<ConsentResult>, ProblemResult>> DecideAsync(string id, HttpContext context, OAuthConsents consents, NamedTokenStore tokens, AuditLog audit, TimeProvider time)
    {
        if (!(await OAuthJson.ReadAsync<ConsentDecision>(context.Request)).TryGet(out var decision, out var problem))
        {
            return new ProblemResult(problem);
        }

        if (consents.Find(id) is not { Decision: null } consent)
        {
            return new ProblemResult(Problem.NotFound(Gone));
        }

        if (decision.Approve && tokens.IdentifyClient(consent.ClientId) is null)
        {
            if (!Approve(decision, consent, tokens, time).TryGet(out var name, out problem))
            {
                return new ProblemResult(problem);
            }

            await audit.OperationAsync("OAUTH_APPROVE", context.User.Actor(), name, $"role={decision.Role ?? "reader"} repos={decision.Repos ?? "*"}");
        }
        else if (!decision.Approve)
        {
            await audit.OperationAsync("OAUTH_DENY", context.User.Actor(), SuggestedName(consent.ClientName));
        }

        if (!consents.Decide(id, decision.Approve))
        {
            return new ProblemResult(Problem.NotFound(Gone));
        }

        // SECURITY: the page is sent back to this server's own authorization endpoint, never to a client-given address.
        return TypedResults.Ok(new ConsentResult(OAuthSetup.AuthorizePath + consent.Query + "&" + OAuthAuthorization.ConsentParameter + "=" + id));
    }

    private static Outcome<string> Approve(ConsentDecision decision, PendingConsent consent, NamedTokenStore tokens, TimeProvider time)
    {
        var role = decision.Role switch
        {
            null or "" or "reader" => OrchestratorRole.Actions,
            "admin" => OrchestratorRole.Admin,
            _ => (OrchestratorRole?)null,
        };
        if (role is null)
        {
            return Problem.BadRequest("role must be 'reader' or 'admin'.");
        }

        if (RepositoryScope.Parse(decision.Repos, out var refusal) is not { } scope)
        {
            return Problem.BadRequest("repos: " + refusal);
        }

        DateTimeOffset? expires = null;
        if (!string.IsNullOrEmpty(decision.Expires))
        {
            if (TokenLifetime.Parse(decision.Expires) is not { } lifetime)
            {
                return Problem.BadRequest("expires " + TokenLifetime.Refusal);
            }

            expires = time.GetUtcNow() + lifetime;
        }

        return tokens.Approve(string.IsNullOrEmpty(decision.Name) ? SuggestedName(consent.ClientName) : decision.Name, consent.ClientId, role.Value, scope, expires);
    }

    /// <summary>`oauth-` and the client's name in token-name letters (a-z, 0-9, '-'), at most 64 characters.</summary>
    public static string SuggestedName(string clientName)
    {
        var slug = new StringBuilder();
        foreach (var c in (clientName ?? "").ToLowerInvariant())
        {
            var keep = c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-';
            if (keep != '-' || (slug.Length > 0 && slug[^1] != '-'))
            {
                slug.Append(keep);
            }
        }

        var name = ("oauth-" + slug.ToString().Trim('-')).TrimEnd('-');
        return name.Length > 64 ? name[..64].TrimEnd('-') : name;
    }
}
