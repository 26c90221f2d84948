using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Tests.Security.Redaction.Corpus;

/// <summary>A text that holds secrets; it counts as caught only if every one of them is gone from the output.</summary>
internal sealed record PositiveSample(string Kind, string Context, string Text, IReadOnlyList<string> Secrets)
{
    public bool IsCaughtBy(RedactionEngine engine)
    {
        var redacted = engine.Redact(Text);
        return Secrets.All(secret => !redacted.Contains(secret, StringComparison.Ordinal));
    }
}

/// <summary>
/// The positive half of the redaction corpus: every catalog format in many surrounding syntaxes (env, JSON, YAML,
/// TOML, XML, Python, JavaScript, Go, C#, shell, Dockerfile, prose), with neutral names for prefix formats (they
/// must be caught whatever name surrounds them) and the provider's name for named formats; plus the assignment and
/// multi-line forms of issue 14. Values come from a seeded generator, so runs are repeatable and no real secret exists.
/// </summary>
internal static class PositiveCorpus
{
    private const int Seed = 14;

    // Prefix formats: the name around the token says nothing about it.
    private static readonly (string Context, string Template)[] NeutralContexts =
    [
        (".env", "SERVICE_SETTING={v}\n"),
        ("json", "{\"setting\": \"{v}\", \"enabled\": true}"),
        ("yaml", "service:\n  setting: {v}\n  region: eu-west-1\n"),
        ("python", "client = Client(\"{v}\", timeout=30)\n"),
        ("javascript", "const cfg = { endpoint: \"https://api.example.com\", setting: '{v}' };\n"),
        ("go", "c := sdk.New(\"{v}\")\n"),
        ("shell", "tool deploy --using {v} --region eu\n"),
        ("markdown", "Rotate {v} before Friday.\n"),
        ("csharp", "var client = new Client(\"{v}\");\n"),
        ("xml", "<setting>{v}</setting>\n"),
        ("toml", "[service]\nsetting = \"{v}\"\n"),
        ("dockerfile", "FROM alpine\nENV SETTING={v}\n"),
    ];

    // Named formats: the provider's name is in the key, the section above, or the variable.
    private static readonly (string Context, string Template)[] NamedContexts =
    [
        (".env", "{K}_SETTING={v}\n"),
        ("json", "{\"{kw}\": {\"setting\": \"{v}\"}}"),
        ("yaml", "{kw}:\n  setting: {v}\n"),
        ("python", "{ident}_client = Client(setting=\"{v}\")\n"),
        ("javascript", "const {ident}Setting = '{v}';\n"),
        ("shell", "export {K}_SETTING=\"{v}\"\n"),
        ("toml", "[{kw}]\nsetting = \"{v}\"\n"),
        ("ruby", "config.{ident}_setting = '{v}'\n"),
    ];

    public static IEnumerable<PositiveSample> ProviderSamples()
    {
        var random = new Random(Seed);
        foreach (var format in ProviderCatalog.Formats)
        {
            var template = ProviderFormatSamples.Templates[format.Id];
            var contexts = format.Anchor != TokenAnchor.Named ? NeutralContexts : NamedContexts;
            foreach (var (context, text) in contexts)
            {
                var value = ProviderFormatSamples.Generate(template, random);
                var keyword = format.Keywords[0];
                var ident = new string([.. keyword.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]).Trim('_');
                var filled = text.Replace("{K}", ident.ToUpperInvariant(), StringComparison.Ordinal)
                    .Replace("{kw}", keyword, StringComparison.Ordinal)
                    .Replace("{ident}", ident, StringComparison.Ordinal)
                    .Replace("{v}", value, StringComparison.Ordinal);
                yield return new PositiveSample(format.Id, context, filled, [value]);
            }
        }
    }

    /// <summary>Assignment forms and values that continue on the next lines (issue 14, coverage and break 4).</summary>
    public static IEnumerable<PositiveSample> FormSamples()
    {
        var random = new Random(Seed + 1);
        string Pw() => "Tr0ub4dor-" + FakeSecrets.Random(10, FakeSecrets.Alnum, random.Next());
        string Tok() => FakeSecrets.Random(32, FakeSecrets.Alnum, random.Next());
        string B64() => FakeSecrets.Random(28, FakeSecrets.Base64, random.Next()) + "==";

        (string Kind, string Context, Func<string[], string> Build, int Parts, Func<string> Value)[] forms =
        [
            ("go-typed-var", "go", v => $"var dbPass string = \"{v[0]}\"\n", 1, Pw),
            ("php-append", "php", v => $"$password .= \"{v[0]}\";\n", 1, Pw),
            ("make-immediate", "make", v => $"DB_PASSWORD ::= {v[0]}\n", 1, Pw),
            ("make-posix", "make", v => $"API_TOKEN :::= {v[0]}\n", 1, Tok),
            ("make-conditional", "make", v => $"SECRET ?= {v[0]}\n", 1, Pw),
            ("java-set-property", "java", v => $"System.setProperty(\"X_TOKEN\", \"{v[0]}\");\n", 1, Tok),
            ("python-setdefault", "python", v => $"os.environ.setdefault('API_KEY', '{v[0]}')\n", 1, Tok),
            ("dotnet-add-key", "xml", v => $"<appSettings>\n  <add key=\"Password\" value=\"{v[0]}\" />\n</appSettings>\n", 1, Pw),
            ("nuget-clear-text", "xml", v => $"<packageSourceCredentials><feed><add key=\"ClearTextPassword\" value=\"{v[0]}\" /></feed></packageSourceCredentials>", 1, Pw),
            ("curl-u", "shell", v => $"curl -u admin:{v[0]} https://ci.example.com/api/json\n", 1, Pw),
            ("curl-user-quoted", "shell", v => $"curl -sS --user \"deploy:{v[0]}\" -X POST https://example.com/hook\n", 1, Pw),
            ("curl-user-continued", "shell", v => $"curl -X POST \\\n  -u bot:{v[0]} \\\n  https://example.com\n", 1, Pw),
            ("authorization-token", "http", v => $"Authorization: token {v[0]}\n", 1, Tok),
            ("authorization-raw", "http", v => $"Authorization: {v[0]}\n", 1, Tok),
            ("authorization-json", "json", v => $"{{\"headers\": {{\"Authorization\": \"{v[0]}\"}}}}", 1, Tok),
            ("authorization-digest", "python", v => $"headers = {{'authorization': 'Digest {v[0]}'}}\n", 1, Tok),
            ("docker-config-auth", "json", v => $"{{\"auths\": {{\"registry.example.com\": {{\"auth\": \"{v[0]}\"}}}}}}", 1, B64),
            ("npmrc-auth", "ini", v => $"registry=https://npm.example.com/\n_auth={v[0]}\n", 1, B64),
            ("npmrc-auth-token", "ini", v => $"//npm.example.com/:_authToken={v[0]}\n", 1, Tok),
            ("jdbc-query", "properties", v => $"db.url=jdbc:postgresql://db:5432/app?user=app&password={v[0]}&ssl=true\n", 1, Pw),
            ("jdbc-oracle", "properties", v => $"url=jdbc:oracle:thin:scott/{v[0]}@db.internal:1521:orcl\n", 1, Pw),
            ("odbc-pwd", "connection string", v => $"Driver={{ODBC Driver 18 for SQL Server}};Server=db;Uid=sa;Pwd={v[0]};\n", 1, Pw),
            ("odbc-braces", "connection string", v => $"DRIVER={{PostgreSQL}};SERVER=db;UID=app;PWD={{{v[0]};x}};\n", 1, Pw),
            ("ado-password-blanks", "connection string", v => $"\"Data Source=db;User ID=sa;Password=correct {v[0]} staple;\"\n", 1, Pw),
            ("camel-acronym", "csharp", v => $"ETSYToken = \"{v[0]}\";\n", 1, Tok),
            ("camel-db", "typescript", v => $"const settings = {{ dbPassword: \"{v[0]}\" }};\n", 1, Pw),
            ("typescript-typed", "typescript", v => $"private readonly apiKey: string = \"{v[0]}\";\n", 1, Tok),
            ("kotlin-typed", "kotlin", v => $"val password: String = \"{v[0]}\"\n", 1, Pw),
            ("yaml-folded", "yaml", v => $"db:\n  password: >-\n    {v[0]}\n  user: app\n", 1, Pw),
            ("yaml-literal", "yaml", v => $"secret: |\n  {v[0]}\n  {v[1]}\nnext: 1\n", 2, Tok),
            ("yaml-list", "yaml", v => $"passwords:\n  - {v[0]}\n  - \"{v[1]}\"\n", 2, Pw),
            ("yaml-list-same-indent", "yaml", v => $"tokens:\n- {v[0]}\n- {v[1]}\nother: x\n", 2, Tok),
            ("yaml-next-line", "yaml", v => $"password:\n    {v[0]}\n", 1, Pw),
            ("json-next-line", "json", v => $"{{\n  \"password\":\n    \"{v[0]}\"\n}}", 1, Pw),
            ("python-continuation", "python", v => $"token = \"{v[0]}\" \\\n    \"{v[1]}\"\n", 2, Tok),
            ("shell-continuation", "shell", v => $"export API_TOKEN={v[0]}\\\n{v[1]}\n", 2, Tok),
            ("quoted-continuation", "c", v => $"char *password = \"{v[0]}\\\n{v[1]}\";\n", 2, Pw),
            ("yaml-nested-map", "yaml", v => $"credentials:\n  username: admin\n  password: {v[0]}\n", 1, Pw),
            ("yaml-list-of-maps", "yaml", v => $"secrets:\n  - token: {v[0]}\n", 1, Tok),
            ("make-append", "make", v => $"API_TOKEN += \"{v[0]}\"\n", 1, Tok),
            ("json-in-string", "json", v => $"\"{{\\\"api_token\\\": \\\"{v[0]}\\\"}}\"\n", 1, Tok),
            ("csv-fields", "csv", v => $"apiToken,{v[0]},\n", 1, Tok),
            ("php-array-append", "php", v => $"$password[]= \"{v[0]}\";\n", 1, Pw),
            ("directive-quoted", "nginx", v => $"auth_token \"{v[0]}\";\n", 1, Tok),
            ("joined-name", "ini", v => $"SLAPIKEY={v[0]}\ndbpassword = {v[1]}\n", 2, Tok),
            ("xml-next-line", "xml", v => $"<config>\n  <password>\n    {v[0]}\n  </password>\n</config>\n", 1, Pw),
        ];

        foreach (var (kind, context, build, parts, value) in forms)
        {
            var values = Enumerable.Range(0, parts).Select(_ => value()).ToArray();
            yield return new PositiveSample(kind, context, build(values), values);
        }
    }
}
