namespace RepoOrchestrator.Configuration;

/// <summary>The defaults of SPEC section 2, in one place.</summary>
public static class OrchestratorDefaults
{
    public static readonly IReadOnlyList<string> CorsOrigins =
    [
        "http://localhost:5173", "http://127.0.0.1:5173",
        "http://localhost:4173", "http://127.0.0.1:4173",
        "http://localhost:9325", "http://127.0.0.1:9325",
    ];

    public static readonly IReadOnlySet<string> AllowedExtensions = ExtensionSet(
        ".ts .tsx .py .go .rs .c .cpp .json .yaml .cs .csproj .yml .js .jsx .java .kt .rb .php .h .hpp .sh .toml .sql .md .txt");

    public static readonly IReadOnlySet<string> DeniedExtensions = ExtensionSet(".env .pem .key .p12 .pfx .jks .kdbx");

    public static readonly IReadOnlySet<string> DeniedDirs = NameSet(".git node_modules .venv __pycache__ dist build bin obj");

    /// <summary>Extensions compare case-insensitively (".PEM" is denied like ".pem").</summary>
    public static IReadOnlySet<string> ExtensionSet(string list) =>
        new HashSet<string>(Split(list).Select(e => e.StartsWith('.') ? e : "." + e), StringComparer.OrdinalIgnoreCase);

    /// <summary>Folder names compare case-insensitively too: ".GIT" on a case-insensitive disk is ".git".</summary>
    public static IReadOnlySet<string> NameSet(string list) =>
        new HashSet<string>(Split(list), StringComparer.OrdinalIgnoreCase);

    public static string[] Split(string list) =>
        list.Split([' ', ',', ';', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
