using Microsoft.Extensions.Configuration;

namespace RepoOrchestrator.Cli;

/// <summary>
/// Builds the configuration the way the web host does (appsettings.json and appsettings.{environment}.json
/// beside the executable, environment variables, then `--ORCH_X=value` tokens), so a command sees the same
/// ORCH_HOME, tokens and audit log as the service started from the same place.
/// </summary>
internal static class CliConfiguration
{
    /// <summary>
    /// True for `--ORCH_X=value` and `--ORCH_X` (whose value is the next token), in any case, as configuration reads keys:
    /// `--orch_token &lt;value&gt;` is a setting, not an unknown option whose value is printed back.
    /// </summary>
    public static bool IsSettingToken(string token) =>
        token.StartsWith("--ORCH_", StringComparison.OrdinalIgnoreCase) && token.Length > "--ORCH_".Length;

    /// <summary>Separates the `--ORCH_*` settings from the command's own tokens.</summary>
    public static (string[] Settings, string[] Command) Split(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new List<string>();
        var command = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (!IsSettingToken(token))
            {
                command.Add(token);
                continue;
            }

            settings.Add(token);
            if (!token.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count)
            {
                settings.Add(args[++i]);
            }
        }

        return ([.. settings], [.. command]);
    }

    public static IConfiguration Build(IReadOnlyList<string> settings)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. settings])
            .Build();
    }
}
