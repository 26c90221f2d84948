using RepoOrchestrator.Security.Redaction;
using static RepoOrchestrator.Tests.Security.Redaction.FakeSecrets;

namespace RepoOrchestrator.Tests.Security.Redaction;

public sealed class FalsePositiveTests
{
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    /// <summary>kind of content, text that must come back unchanged.</summary>
    public static TheoryData<string, string> Survivors()
    {
        var commit = Random(40, Hex, 50);
        var sha256 = Random(64, Hex, 51);
        var sha512 = Random(128, Hex, 52);
        var png = "iVBORw0KGgoAAAANSUhEUgAA" + Random(400, Base64, 53) + "==";
        return new TheoryData<string, string>
        {
            { "git commit id", $"commit {commit}\nAuthor: Dev <dev@example.com>\n\n    git checkout {commit}" },
            { "git log oneline", $"{commit[..7]} Fix the parser ({commit})" },
            { "uuid", "var id = Guid.Parse(\"123e4567-e89b-12d3-a456-426614174000\");" },
            { "uuid in json", "{\"requestId\": \"550e8400-e29b-41d4-a716-446655440000\", \"traceId\": \"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}" },
            { "sha256 checksum file", $"{sha256}  repo-orchestrator-linux-x64.tar.gz" },
            { "sha512 hex", $"SHA512 ({sha512})" },
            { "docker digest", $"image: mcr.microsoft.com/dotnet/aspnet@sha256:{sha256}" },
            { "npm lock integrity", $"\"node_modules/lodash\": {{\n  \"version\": \"4.17.21\",\n  \"integrity\": \"sha512-{Random(86, Base64, 54)}==\"\n}}" },
            { "yarn lock integrity", $"lodash@^4.17.21:\n  version \"4.17.21\"\n  integrity sha1-{Random(27, Base64, 55)}=\n  integrity sha512-{Random(86, Base64, 56)}==" },
            { "pnpm lock", $"  /lodash@4.17.21:\n    resolution: {{integrity: sha512-{Random(86, Base64, 57)}==}}" },
            { "nuget lock", $"\"Tomlyn\": {{\n  \"type\": \"Direct\",\n  \"contentHash\": \"{Random(86, Base64, 58)}==\"\n}}" },
            { "go.sum", $"github.com/pkg/errors v0.9.1 h1:{Random(43, Base64, 59)}=" },
            { "cargo lock", $"[[package]]\nname = \"serde\"\nchecksum = \"{sha256}\"" },
            { "subresource integrity", $"<script src=\"/app.js\" integrity=\"sha384-{Random(64, Base64, 60)}\"></script>" },
            { "long identifiers", "AbstractSingletonProxyFactoryBeanConfigurationManager manager = new AbstractSingletonProxyFactoryBeanConfigurationManager();" },
            { "long test name", "public void test_handles_unicode_normalization_in_paths_correctly_on_windows() { }" },
            { "long constants", "MAX_NUMBER_OF_CONCURRENT_CONNECTIONS_PER_HOST = XMLHttpRequestEventTargetProgressEvent2 + com_google_protobuf_Int32ValueOrBuilder" },
            { "file path", "src/main/java/com/example/project/service/UserServiceImplementationFactory.java" },
            { "alphabet table", "private const string Alphabet = \"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/\";" },
            { "url with commit path", $"https://github.com/dotnet/runtime/blob/{commit}/src/libraries/System.Text.RegularExpressions/src/System/Text/RegularExpressions/Regex.cs" },
            { "url with opaque path", $"![avatar](https://lh3.googleusercontent.com/a-/{Random(48, Base64Url, 61)}=s96-c)" },
            { "url with port and user", "ssh://git@github.com/org/repo.git and https://example.com:8443/api/v1/users?page=2 and git@github.com:org/repo.git" },
            { "data image in test", $"const string Pixel = \"data:image/png;base64,{png}\";" },
            { "data image in html", $"<img alt=\"logo\" src=\"data:image/png;base64,{png}\" />" },
            { "ssh public key", $"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{Random(43, Base64, 62)} dev@laptop" },
            { "password from call", "password = getPassword()" },
            { "token from request", "token = request.headers[\"x\"]" },
            { "env placeholder yaml", "secret: ${SECRET}\napi_key: ${{ secrets.API_KEY }}\npassword: \"{{ vault_password }}\"" },
            { "empty values", "password: \"\"\nDB_PASSWORD=\ntoken = ''" },
            { "environment lookups", "api_key = os.environ[\"API_KEY\"]\nString password = System.getenv(\"DB_PASSWORD\");\nconst token = process.env.GITHUB_TOKEN;" },
            { "type annotations", "interface Login { password: string; token?: string }\ndef login(password: str = None, token: Optional[str] = None):" },
            { "code references", "var password = options.Password;\nconst token = await getToken();\nsecret_key = SECRET_KEY\naccessToken = refreshToken" },
            { "kwargs passthrough", "client = Client(token=token, password=password)" },
            { "ui labels", "{\"password\": \"Password\", \"token\": \"Token\", \"enter_password\": \"${label}\"}" },
            { "non-secret names", "token_type = \"bearer\"\ntokenizer = \"bert-base-uncased\"\nbypass = \"cache\"\npassword_hash = bcrypt(pw)\ncache_key = \"user:42\"" },
            { "html form", "<input type=\"password\" name=\"password\" placeholder=\"Password\" autocomplete=\"current-password\">" },
            { "prose", "/// Precedence per token: environment value, else the token file, else a new random token.\n# password: see the team vault" },
            { "url placeholders", "postgres://app:${DB_PASSWORD}@db:5432/app\nredis://localhost:6379/0\nhttps://user:<password>@example.com" },
            { "pem marker constants", "const string Header = \"-----BEGIN RSA PRIVATE KEY-----\";\nconst string Footer = \"-----END RSA PRIVATE KEY-----\";" },
            { "public certificate marker", "-----BEGIN PUBLIC KEY-----" },
            { "string concatenation", "sb.append(\"MasterUserPassword: \" + getMasterUserPassword() + \",\");\necho 'password = '.$p['config']['daemon_password'].\"\\n\";\n- echo 'export DATABASE_PASSWORD=\"'$PRECOMPILE_PASSWORD'\"' >> .env" },
            { "aws resource name and html placeholder", "IAMUserChangePassword = \"arn:aws:iam::aws:policy/IAMUserChangePassword\"\n\"password\": \"&lt;YOURPASSWORD&gt;\"" },
            { "machine and password in prose", "Each machine has password rotation enabled.\nThe build machine uses password-less keys." },
            { "yarn v1 resolved url", "  resolved \"https://registry.yarnpkg.com/sonarqube-scanner/-/sonarqube-scanner-2.5.0.tgz#ff704cbddf355d38a52c5e9479d6bb5c1ff28eac\"" },
            { "option variables", "Connect-VIServer $host -User $user -Password $password\ndocker login --password-stdin < token.txt\nConvertTo-SecureString -String $pw -AsPlainText" },
            { "plain code", "for (var i = 0; i < items.Count; i++)\n{\n    total += items[i].Price * items[i].Quantity;\n}" },
        };
    }

    [Theory]
    [MemberData(nameof(Survivors))]
    public void Redact_OrdinaryContent_IsUnchanged(string kind, string text)
    {
        var redacted = Engine.Redact(text);

        Assert.True(text == redacted, $"{kind} was changed to: {redacted}");
        Assert.Same(text, redacted); // nothing matched, so the very same instance comes back
    }

    [Theory]
    [MemberData(nameof(Survivors))]
    public void Redact_OrdinaryContentLineByLine_IsUnchanged(string kind, string text)
    {
        foreach (var line in text.Split('\n'))
        {
            Assert.True(line == Engine.Redact(line), $"{kind}: line '{line}' was changed");
        }
    }
}
