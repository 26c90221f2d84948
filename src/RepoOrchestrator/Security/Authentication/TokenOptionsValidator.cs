using Microsoft.Extensions.Options;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// Start-up check of the tokens (fail closed with one line naming the variable and the fix): a configured token,
/// or the one in its token file, is long enough to be accepted (its folder is checked with the home's other files: Configuration/OrchestratorOptionsValidator). Lives with the token code it checks, so
/// Configuration/ does not depend on Security/Authentication/.
/// </summary>
public sealed class TokenOptionsValidator : IValidateOptions<OrchestratorOptions>
{
    public ValidateOptionsResult Validate(string? name, OrchestratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failure = TokenProblem("ORCH_TOKEN", options.Token, options.TokenFile)
            ?? TokenProblem("ORCH_ACTIONS_TOKEN", options.ActionsToken, options.ActionsTokenFile);
        return failure is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failure);
    }

    /// <summary>A token shorter than the minimum would be accepted here and then refused on every request.</summary>
    private static string? TokenProblem(string variable, string? configured, string file)
    {
        var minimum = TokenStore.MinimumTokenLength;
        if (configured is not null)
        {
            return configured.Length >= minimum
                ? null
                : $"{variable} is invalid: a token needs at least {minimum} characters (got {configured.Length}); set a longer one, or unset it to use a generated token file.";
        }

        string? stored;
        try
        {
            stored = TokenFile.Read(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{variable} is invalid: its token file {file} cannot be read; fix its permissions or remove it (a new token is then created).";
        }

        return stored is null || stored.Length >= minimum
            ? null
            : $"{variable} is invalid: the token in {file} has fewer than {minimum} characters; remove the file (a new token is then created) or write a longer token into it.";
    }
}
