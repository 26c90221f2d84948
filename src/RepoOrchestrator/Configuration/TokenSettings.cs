namespace RepoOrchestrator.Configuration;

/// <summary>
/// The two bearer tokens: each from its variable (ORCH_TOKEN, ORCH_ACTIONS_TOKEN) or, when that is unset, its file.
/// A class, not a record, because it holds secrets: a record's generated ToString would print them. Never log an instance.
/// </summary>
public sealed class TokenSettings
{
    private TokenSettings(string? token, string tokenFile, string? actionsToken, string actionsTokenFile)
    {
        Token = token;
        TokenFile = tokenFile;
        ActionsToken = actionsToken;
        ActionsTokenFile = actionsTokenFile;
    }

    /// <summary>Admin token from ORCH_TOKEN; when null the token lives in <see cref="TokenFile"/>.</summary>
    public string? Token { get; }
    public string TokenFile { get; }

    /// <summary>Read-only token from ORCH_ACTIONS_TOKEN; when null the token lives in <see cref="ActionsTokenFile"/>.</summary>
    public string? ActionsToken { get; }
    public string ActionsTokenFile { get; }

    public static TokenSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.Token, o.TokenFile, o.ActionsToken, o.ActionsTokenFile);
    }
}
