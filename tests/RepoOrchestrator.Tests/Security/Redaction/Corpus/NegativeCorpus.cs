using System.Text;
using static RepoOrchestrator.Tests.Security.Redaction.FakeSecrets;

namespace RepoOrchestrator.Tests.Security.Redaction.Corpus;

/// <summary>A text that must come back unchanged.</summary>
internal sealed record NegativeSample(string Kind, string Text);

/// <summary>
/// The negative half of the redaction corpus: the false-positive classes of issue 14 written as tricky samples, and
/// synthetic lock files (package-lock.json, yarn.lock, pnpm-lock.yaml, go.sum, Cargo.lock, poetry.lock) built
/// from a seeded generator. <see cref="RepositoryFiles"/> adds this repository's own src/ and docs/ as real code.
/// </summary>
internal static class NegativeCorpus
{
    private static readonly string[] Scopes = ["@babel", "@octokit", "@types", "@aws-sdk", "@azure", "@google-cloud", "@nestjs", "@angular", "@vue", "@sentry"];

    private static readonly string[] Names =
    [
        "auth-token", "helper-plugin-utils", "core", "credential-provider-node", "secret-manager", "js-tokens", "csrf-tokens",
        "token-types", "keygrip", "passport-jwt", "password-hash", "client-secrets-manager", "identity", "key-vault-keys",
        "api-key-auth", "tokenizer", "types", "node", "jsonwebtoken", "secure-compare", "pass-stream", "pwd-utils",
    ];

    public static IEnumerable<NegativeSample> Tricky()
    {
        var commit = Random(40, Hex, 50);
        var sha256 = Random(64, Hex, 51);
        var png = "iVBORw0KGgoAAAANSUhEUgAA" + Random(300, Base64, 53) + "==";
        var jpegLines = string.Join("\" +\n    \"", Enumerable.Range(0, 6).Select(i => (i == 0 ? "/9j/4AAQSkZJRg" : string.Empty) + Random(76, Base64, 60 + i)));
        return
        [
            new("package-lock paths", $"\"node_modules/@babel/helper-plugin-utils\": {{\n  \"version\": \"7.22.5\",\n  \"resolved\": \"https://registry.npmjs.org/@babel/helper-plugin-utils/-/helper-plugin-utils-7.22.5.tgz\",\n  \"integrity\": \"sha512-{Random(86, Base64, 70)}==\"\n}},\n\"node_modules/@octokit/auth-token\": {{\n  \"version\": \"2.5.0\"\n}},\n\"node_modules/js-tokens\": {{ \"version\": \"4.0.0\" }}"),
            new("package.json scoped names", "\"dependencies\": {\n  \"@octokit/auth-token\": \"^2.4.4\",\n  \"passport-token\": \"1.0.0\",\n  \"@azure/keyvault-secrets\": \"~4.7.0\",\n  \"csrf-token\": \">=1.2.3\"\n}"),
            new("yarn.lock entry", $"\"@octokit/auth-token@^2.4.4\":\n  version \"2.5.0\"\n  resolved \"https://registry.yarnpkg.com/@octokit/auth-token/-/auth-token-2.5.0.tgz#{commit}\"\n  integrity sha512-{Random(86, Base64, 71)}==\n  dependencies:\n    \"@octokit/types\" \"^6.0.3\""),
            new("pnpm scoped key", "  '@octokit/auth-token': 2.5.0\n  /js-tokens@4.0.0:\n    resolution: {integrity: sha512-abc}"),
            new("github actions permissions", "permissions:\n  id-token: write\n  contents: read\n  pull-requests: write"),
            new("github actions secret refs", "env:\n  token: ${{ secrets.GITHUB_TOKEN }}\n  secret: ${{ secrets.DEPLOY_KEY }}\nwith:\n  password: ${{ secrets.REGISTRY_PASSWORD }}"),
            new("with credentials", "withCredentials: defaultConfig,\nwithCredentials: \"true\",\nxhr.withCredentials = true;\nhasPassword: \"yes\""),
            new("quoted booleans", "{\"token\": \"null\", \"password\": \"false\", \"secret\": \"undefined\"}"),
            new("code values", "password = getPassword()\ntoken = None\nsecret = $PASSWORD\napiKey = process.env.API_KEY\nconst token = await vault.read(path);"),
            new("string lists", "fields = [\"username\", \"password\", \"email\"]\nrequired: ['token', 'secret']"),
            new("compose secrets list", "services:\n  db:\n    secrets:\n      - db_password\n      - my-secret\nsecrets:\n  db_password:\n    file: ./db_password.txt"),
            new("k8s secret refs", "imagePullSecrets:\n  - name: regcred\nenv:\n  - name: PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password"),
            new("authorization in code", "headers: { Authorization: authHeader },\nreq.headers.authorization = token;\nAuthorization: required for all endpoints\nheaders['Authorization'] = 'Bearer ' + token\nrequest.Headers[\"Authorization\"] = authHeaderValue;"),
            new("base64 png fixture", $"const string Pixel = \"{png}\";"),
            new("base64 jpeg fixture wrapped", $"var jpeg = \"{jpegLines}\";"),
            new("uuids", "var id = Guid.Parse(\"123e4567-e89b-12d3-a456-426614174000\");\nrequestId: 550e8400-e29b-41d4-a716-446655440000"),
            new("commit ids", $"commit {commit}\ngithub_sha: {commit}\nMerge: {commit[..7]} {commit[7..14]}\nhttps://github.com/org/repo/commit/{commit}"),
            new("sha256 digests", $"sha256: {sha256}\nimage: ghcr.io/org/app@sha256:{sha256}\nchecksum = \"{sha256}\""),
            new("integrity hashes", $"<script integrity=\"sha384-{Random(64, Base64, 72)}\"></script>\n\"integrity\": \"sha512-{Random(86, Base64, 73)}==\""),
            new("provider versions", "stripe_version = \"2022-11-15\"\ntwilio_api_version: 2010-04-01\nsonar.projectKey=my-project\ndatadog_site: datadoghq.eu\nclay_table_id: t_view_default\ncodacy-coverage-reporter: 13.13.0"),
            new("provider words near ids", $"The Twilio SDK ships in the commit {commit}.\nsentry release {sha256[..40]}"),
            new("versions on secret names", "token_version: 2.1.0\nsecret_rotation: 30d\npassword_min_length: 12"),
            new("make and shell references", "PASSWORD ?= $(shell cat .pw)\nTOKEN := ${CI_TOKEN}\ncurl -u \"$USER:$PASS\" https://example.com\ncurl -u admin:${ADMIN_PASSWORD} https://x"),
            new("xml placeholders", "<add key=\"Password\" value=\"%DB_PASSWORD%\" />\n<password>${db.password}</password>\n<password>\n  {{ vault_password }}\n</password>"),
            new("yaml blocks without secrets", "password_policy: |\n  Passwords rotate every 90 days.\ntokens:\n  - name: ci\n    scopes: [read]\nsecrets:\n  - ${{ secrets.A }}"),
            new("csv header and code arguments", "name,token,secret,expires_at\ntoken,secret = load_pair()\ndef sign(token, secret):\ntotal = token + auth"),
            new("template and fill-in values", "password: {{ .Values.db.password | quote }}\napi_key: insert_key_here\ntoken = \"dummy-token\"\nsecret: '{0}'\npassword: {{ if .Values.pw }}{{ .Values.pw }}{{ else }}{{ $root.Values.pw }}{{ end }}\ntoken: '{{ index $secrets \"api\" }}'"),
            new("token prefixes with filler", "glpat-xxxxxxxxxxxxxxxxxxxx\nGR1348941XXXXXXXXXXXXXXXXXXXX\nnpm_000000000000000000000000000000000000"),
            new("nested map without secrets", "credentials:\n  username: admin\n  file: ./creds.json\ntokens:\n  - name: ci\n    scopes: [read]"),
            new("device config prose and member access", "enable password authentication for the admin user\nEnable secret scanning in the repository settings.\nsnmp-server community {{snmp_ro}} RO\nsecret_id: projects/app/secrets/db-password\nclose_api_session(api_clientConnectionPool.activeSessionHandle)\nclose_key = api_keyFromEnvironment.readCurrentValue()"),
            new("prose about passwords", "The password:\n  must be at least 12 characters.\nToken:\n  See the docs."),
        ];
    }

    /// <summary>Lock files of the common ecosystems, with scoped packages whose names contain secret words.</summary>
    public static IEnumerable<NegativeSample> LockFiles()
    {
        var random = new Random(140);
        string Pick(string[] items) => items[random.Next(items.Length)];
        string Version() => $"{random.Next(0, 12)}.{random.Next(0, 30)}.{random.Next(0, 20)}";

        var npm = new StringBuilder("{\n  \"name\": \"app\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n");
        var yarn = new StringBuilder("# yarn lockfile v1\n\n");
        var pnpm = new StringBuilder("lockfileVersion: '6.0'\n\npackages:\n\n");
        for (var i = 0; i < 400; i++)
        {
            var name = $"{Pick(Scopes)}/{Pick(Names)}";
            var version = Version();
            var integrity = "sha512-" + Random(86, Base64, random.Next()) + "==";
            npm.Append($"    \"node_modules/{name}\": {{\n      \"version\": \"{version}\",\n      \"resolved\": \"https://registry.npmjs.org/{name}/-/{name.Split('/')[1]}-{version}.tgz\",\n      \"integrity\": \"{integrity}\",\n      \"dev\": true,\n      \"dependencies\": {{\n        \"{Pick(Scopes)}/{Pick(Names)}\": \"^{Version()}\"\n      }}\n    }},\n");
            yarn.Append($"\"{name}@^{version}\":\n  version \"{version}\"\n  resolved \"https://registry.yarnpkg.com/{name}/-/{name.Split('/')[1]}-{version}.tgz#{Random(40, Hex, random.Next())}\"\n  integrity {integrity}\n  dependencies:\n    \"{Pick(Scopes)}/{Pick(Names)}\" \"^{Version()}\"\n\n");
            pnpm.Append($"  /{name}@{version}:\n    resolution: {{integrity: {integrity}}}\n    dependencies:\n      '{Pick(Scopes)}/{Pick(Names)}': {Version()}\n    dev: false\n\n");
        }

        var goSum = new StringBuilder();
        var cargo = new StringBuilder("version = 3\n\n");
        var poetry = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            var module = $"github.com/{Pick(["aws", "golang-jwt", "hashicorp", "google"])}/{Pick(["jwt", "vault", "secret-go", "token-source", "go-keychain"])}";
            goSum.Append($"{module} v{Version()} h1:{Random(43, Base64, random.Next())}=\n{module} v{Version()}/go.mod h1:{Random(43, Base64, random.Next())}=\n");
            cargo.Append($"[[package]]\nname = \"{Pick(["secrecy", "jsonwebtoken", "keyring", "password-hash", "oauth2"])}\"\nversion = \"{Version()}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{Random(64, Hex, random.Next())}\"\n\n");
            poetry.Append($"[[package]]\nname = \"{Pick(["keyring", "secretstorage", "pyjwt", "passlib"])}\"\nversion = \"{Version()}\"\nfiles = [\n    {{file = \"pkg-{Version()}.tar.gz\", hash = \"sha256:{Random(64, Hex, random.Next())}\"}},\n]\n\n");
        }

        return
        [
            new("package-lock.json", npm.Append("  }\n}\n").ToString()),
            new("yarn.lock", yarn.ToString()),
            new("pnpm-lock.yaml", pnpm.ToString()),
            new("go.sum", goSum.ToString()),
            new("Cargo.lock", cargo.ToString()),
            new("poetry.lock", poetry.ToString()),
        ];
    }

    /// <summary>
    /// Real text from outside this repository that every build machine has: the .NET SDK's MSBuild files
    /// (*.targets, *.props) and the API documentation of the reference packs (*.xml, with code samples) - about a
    /// million lines. Empty when the SDK folder is not where the running runtime says.
    /// </summary>
    public static IEnumerable<NegativeSample> SdkFiles()
    {
        var dotnetRoot = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs");
        var sdk = Path.Combine(dotnetRoot, "sdk");
        if (!Directory.Exists(packs) || !Directory.Exists(sdk))
        {
            yield break;
        }

        var files = Directory.EnumerateFiles(packs, "*.xml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(sdk, "*.targets", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(sdk, "*.props", SearchOption.AllDirectories));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            yield return new(Path.GetRelativePath(dotnetRoot, file), File.ReadAllText(file));
        }
    }

    /// <summary>This repository's own source and documentation (tests and bench/ excluded: they hold fake secrets on purpose).</summary>
    public static IEnumerable<NegativeSample> RepositoryFiles()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "RepoOrchestrator.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found above the test binaries");
        }

        string[] extensions = [".cs", ".md", ".json", ".yml", ".yaml", ".sh", ".toml", ".props", ".csproj", ".js", ".css", ".html"];
        foreach (var folder in new[] { "src", "docs" })
        {
            var path = Path.Combine(root, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (extensions.Contains(Path.GetExtension(file)) && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    yield return new(Path.GetRelativePath(root, file), File.ReadAllText(file));
                }
            }
        }
    }
}
