using System.Text;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Vitaminize;

/// <summary>
/// The launcher kit shipped in `kit/` beside the executable (operators may edit it). Only the files of
/// <see cref="Files"/> are ever installed, so nothing else that lands in that folder (a token, a state
/// file) can reach a repository. Two values are written into the scripts at install time: where this
/// orchestrator is installed and its ORCH_HOME; no token, ever.
/// </summary>
public sealed class LauncherKit(ServiceHome home)
{
    public const string InstallDirPlaceholder = "__ORCH_INSTALL_DIR__";
    public const string HomePlaceholder = "__ORCH_HOME__";

    // SECURITY: a fixed list: nothing else from kit/ (a token, a state file) can ever reach a repository.
    public static readonly IReadOnlyList<KitFile> Files =
    [
        new("scripts/start_orch.sh", KitSyntax.PosixShell, Executable: true),
        new("scripts/start_orch.cmd", KitSyntax.WindowsCmd),
        new("scripts/launch_orchestrator.ps1", KitSyntax.PowerShell),
        new(".orchestrator/allowed_paths.json", KitSyntax.PlainText),
    ];

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "kit");

    public static string InstallDirectory => Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);

    /// <summary>The bytes to write for <paramref name="file"/>, with the install-time values filled in.</summary>
    public byte[] Render(KitFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var source = Path.Combine(Folder, file.RelativePath.Replace('/', Path.DirectorySeparatorChar));
        string text;
        try
        {
#pragma warning disable RS0030 // owner: the launcher kit reads its own shipped templates
            text = File.ReadAllText(source);
#pragma warning restore RS0030
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ApiProblemException(
                StatusCodes.Status500InternalServerError,
                $"The launcher kit file kit/{file.RelativePath} is missing from the installation; reinstall or restore the kit folder.",
                "kit-missing");
        }

        text = text
            .Replace(InstallDirPlaceholder, Quote(InstallDirectory, file.Syntax), StringComparison.Ordinal)
            .Replace(HomePlaceholder, Quote(home.Home, file.Syntax), StringComparison.Ordinal)
            .ReplaceLineEndings(file.Syntax == KitSyntax.WindowsCmd ? "\r\n" : "\n");
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Escapes a path for the quoted string the template puts it in, so no path can run as code.</summary>
    private static string Quote(string value, KitSyntax syntax)
    {
        // SECURITY: a line break or NUL could end the quoted string in any of the syntaxes; refuse them.
        if (value.IndexOfAny(['\r', '\n', '\0']) >= 0)
        {
            throw new ApiProblemException(StatusCodes.Status500InternalServerError,
                "The installation or home path contains a line break; the launcher kit cannot be written.", "kit-path");
        }

        return syntax switch
        {
            KitSyntax.PosixShell => value.Replace("'", "'\\''", StringComparison.Ordinal), // inside '…'
            KitSyntax.PowerShell => QuotePowerShell(value), // inside '…'
            KitSyntax.WindowsCmd when value.Contains('"', StringComparison.Ordinal) => throw new ApiProblemException(
                StatusCodes.Status500InternalServerError, "The installation or home path contains a double quote; start_orch.cmd cannot hold it.", "kit-path"),
            KitSyntax.WindowsCmd => value.Replace("%", "%%", StringComparison.Ordinal), // inside set "X=…"
            _ => value,
        };
    }

    /// <summary>
    /// PowerShell ends a '…' string at any of ' ‘ ’ ‚ ‛ (U+0027, U+2018..U+201B), not only the ASCII one, and reads
    /// each of them doubled as that one character.
    /// </summary>
    private static string QuotePowerShell(string value)
    {
        var quoted = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            // SECURITY: every single-quote character PowerShell knows is doubled, so a path cannot end the string.
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B')
            {
                quoted.Append(c);
            }

            quoted.Append(c);
        }

        return quoted.ToString();
    }
}
