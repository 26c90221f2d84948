using Microsoft.Extensions.Options;

namespace RepoOrchestrator.Configuration;

/// <summary>
/// Start-up checks beyond parsing: the home must be writable and the repository root must exist, so the
/// service fails closed with one clear line instead of failing the first request.
/// </summary>
public sealed class OrchestratorOptionsValidator : IValidateOptions<OrchestratorOptions>
{
    public ValidateOptionsResult Validate(string? name, OrchestratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(options.RepoRoot))
        {
            return ValidateOptionsResult.Fail(
                $"ORCH_REPO_ROOT is invalid: the folder {options.RepoRoot} does not exist; set it to the folder that holds your repositories.");
        }

        try
        {
            Directory.CreateDirectory(options.Home);
            var probe = Path.Combine(options.Home, $".orch_write_probe_{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail(
                $"ORCH_HOME is invalid: the folder {options.Home} is not writable; point it at a folder this user can write.");
        }

        return ValidateOptionsResult.Success;
    }
}
