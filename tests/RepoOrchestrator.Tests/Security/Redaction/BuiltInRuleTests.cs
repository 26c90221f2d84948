using Microsoft.Extensions.Logging.Abstractions;
using RepoOrchestrator.Security.Redaction;
using static RepoOrchestrator.Tests.Security.Redaction.FakeSecrets;

namespace RepoOrchestrator.Tests.Security.Redaction;

public sealed class BuiltInRuleTests
{
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    /// <summary>rule id, file syntax, text, the secret that must not survive.</summary>
    public static TheoryData<string, string, string, string> TruePositives()
    {
        var rsa = PemBlock("RSA PRIVATE KEY", 31);
        var ec = PemBlock("EC PRIVATE KEY", 32);
        var plain = PemBlock("PRIVATE KEY", 33, newline: "\\n");
        var pw = Password;
        var s40 = AwsSecret;
        var pat = GitHubFineGrained;
        var hook = SlackHookPath;
        var opaque = Opaque(40, 40);
        return new TheoryData<string, string, string, string>
        {
            { "openai-api-key", "python", $"client = OpenAI(api_key=\"{OpenAiProject}\")", OpenAiProject },
            { "openai-api-key", ".env", $"OPENAI_API_KEY={OpenAiLegacy}", OpenAiLegacy },
            { "openai-api-key", "json", $"{{\"openai\": {{\"key\": \"{OpenAiLegacy}\"}}}}", OpenAiLegacy },
            { "anthropic-api-key", "yaml", $"anthropic:\n  key: {Anthropic}\n", Anthropic },
            { "anthropic-api-key", "shell", $"curl https://api.anthropic.com/v1/messages -H \"x-api-key: {Anthropic}\"", Anthropic },
            { "github-token", "yaml", $"github:\n  token: {GitHub("ghp", 1)}\n", GitHub("ghp", 1) },
            { "github-token", "url", $"git clone https://{GitHub("gho", 2)}@github.com/acme/app.git", GitHub("gho", 2) },
            { "github-token", ".env", $"GH_TOKEN={GitHub("ghs", 3)}", GitHub("ghs", 3) },
            { "github-token", "json", $"{{\"installation\": \"{GitHub("ghu", 4)}\"}}", GitHub("ghu", 4) },
            { "github-token", "csharp", $"var refresh = \"{GitHub("ghr", 5)}\";", GitHub("ghr", 5) },
            { "github-fine-grained-token", "json", $"{{\"token\": \"{pat}\"}}", pat },
            { "github-fine-grained-token", "shell", $"export GITHUB_TOKEN={pat}", pat },
            { "aws-access-key-id", "ini", $"[default]\naws_access_key_id = {AwsKeyId("AKIA")}\n", AwsKeyId("AKIA") },
            { "aws-access-key-id", "json", $"{{\"Credentials\": {{\"AccessKeyId\": \"{AwsKeyId("ASIA")}\"}}}}", AwsKeyId("ASIA") },
            { "aws-secret-access-key", "ini", $"[default]\naws_secret_access_key = {s40}\n", s40 },
            { "aws-secret-access-key", ".env", $"AWS_SECRET_ACCESS_KEY={s40}", s40 },
            { "aws-secret-access-key", "json", $"{{\"SecretAccessKey\": \"{s40}\"}}", s40 },
            { "google-api-key", "javascript", $"const firebaseConfig = {{ apiKey: \"{GoogleKey}\", authDomain: \"demo.firebaseapp.com\" }};", GoogleKey },
            { "google-api-key", "xml", $"<string name=\"google_maps_key\">{GoogleKey}</string>", GoogleKey },
            { "slack-token", "yaml", $"slack:\n  bot: {SlackBot}\n", SlackBot },
            { "slack-token", "python", $"client = WebClient(os.environ.get(\"SLACK\", \"{SlackUser}\"))", SlackUser },
            { "slack-webhook-url", "json", $"{{\"webhook\": \"https://hooks.slack.com/services/{hook}\"}}", hook },
            { "slack-webhook-url", "shell", $"curl -X POST -d @msg.json https://hooks.slack.com/services/{hook}", hook },
            { "stripe-secret-key", "ruby", $"Stripe.api_key = '{Stripe("sk")}'", Stripe("sk") },
            { "stripe-secret-key", ".env", $"STRIPE_RESTRICTED={Stripe("rk")}", Stripe("rk") },
            { "private-key", "pem file", $"# deploy key\n{rsa}\n", PemBodyLines(rsa).ElementAt(3) },
            { "private-key", "yaml", "tls:\n  key: |\n    " + ec.Replace("\n", "\n    ", StringComparison.Ordinal) + "\n", PemBodyLines(ec).ElementAt(5) },
            { "private-key", "json", $"{{\"type\": \"service_account\", \"private_key\": \"{plain}\\n\"}}", plain.Split("\\n")[2] },
            { "jwt", "http", $"Cookie: session={Jwt}; Path=/", Jwt },
            { "jwt", "json", $"{{\"id_token\": \"{Jwt}\"}}", Jwt },
            { "url-password", "yaml", $"DATABASE_URL: postgres://app:{pw}@db.internal:5432/app", pw },
            { "url-password", "python", $"r = redis.from_url(\"redis://:{pw}@cache.internal:6379/0\")", pw },
            { "url-password", "properties", $"spring.data.mongodb.uri=mongodb+srv://svc:{pw}@cluster0.example.net/db", pw },
            { "bearer-token", "shell", $"curl -H \"Authorization: Bearer {opaque}\" https://api.example.com/v1/me", opaque },
            { "bearer-token", "javascript", $"fetch(url, {{ headers: {{ Authorization: 'Bearer {opaque}' }} }})", opaque },
            { "basic-auth-header", "http", $"Authorization: Basic {Base64Blob(22, 41)}==", Base64Blob(22, 41) },
            { "basic-auth-header", "json", $"{{\"headers\": {{\"authorization\": \"Basic {Base64Blob(30, 42)}\"}}}}", Base64Blob(30, 42) },
            { "authorization-header", "http", $"Authorization: token {opaque}", opaque },
            { "authorization-header", "json", $"{{\"headers\": {{\"Authorization\": \"{opaque}\"}}}}", opaque },
            { "curl-user-password", "shell", $"curl -u admin:{pw} https://ci.example.com/api", pw },
            { "curl-user-password", "makefile", $"\tcurl --user=\"deploy:{pw}\" -X POST $(URL)", pw },
            { "auth-blob", "docker config", $"{{\"auths\": {{\"ghcr.io\": {{\"auth\": \"{Base64Blob(28, 48)}\"}}}}}}", Base64Blob(28, 48) },
            { "auth-blob", ".npmrc", $"always-auth=true\n_auth={Base64Blob(28, 49)}\n", Base64Blob(28, 49) },
            { "slash-password", "properties", $"spring.datasource.url=jdbc:oracle:thin:scott/{pw}@db:1521:orcl", pw },
            { "slash-password", "shell", $"sqlplus -s app/{pw}@//db.internal:1521/orcl @migrate.sql", pw },
            { "credential-call-argument", "php", $"$link = mysqli_connect('db.internal', 'app', '{pw}', 'shop');", pw },
            { "credential-call-argument", "c#", $"client.Credentials = new NetworkCredential(\"deploy@example.com\", \"{pw}\");", pw },
            { "netrc-password", "netrc", $"machine api.example.com login deploy password {pw}\n", pw },
            { "netrc-password", "netrc-multiline", $"machine git.example.com\n  login ci\n  password {pw}\n", pw },
            { "network-device-secret", "cisco ios", $"hostname core-sw1\nenable secret 0 {pw}\nusername ops privilege 15 password 0 {pw}\n", pw },
            { "network-device-secret", "cisco snmp", $"snmp-server community {pw} RW 99\n", pw },
            { "password-hash-entry", ".htpasswd", "admin:$apr1$" + Opaque(8, 61) + "$" + Opaque(22, 62) + "\n", "$apr1$" + Opaque(8, 61) + "$" + Opaque(22, 62) },
            { "password-hash-entry", "shadow", "root:x:0:0\ndeploy:$6$" + Opaque(16, 63) + "$" + Opaque(86, 64) + ":19000:0:99999:7:::\n", "$6$" + Opaque(16, 63) + "$" + Opaque(86, 64) },
            { "signing-key-literal", "node", $"const mac = crypto.createHmac('sha256', '{pw}').update(body).digest('hex');", pw },
            { "signing-key-literal", "python", $"digest = hmac.new(b'{pw}', msg, hashlib.sha256).hexdigest()", pw },
            { "foreign-password-label", "markdown de", $"Zugang zum Staging:\n- Benutzer: deploy\n- Passwort: {pw}\n", pw },
            { "foreign-password-label", "text es", $"usuario: admin, contraseña = {pw}", pw },
            { "password-short-option", "docker login -p", $"docker login -u deploy -p {pw} registry.example.com", pw },
            { "password-short-option", "zip -P", $"zip -P '{pw}' backup.zip db.sql", pw },
            { "defined-salt", "wp-config", $"define( 'NONCE_SALT',       '{pw}' );", pw },
            { "defined-salt", "plugin", $"define(\"MYPLUGIN_COOKIE_SALT\", \"{pw}\");", pw },
            { "password-stdin-echo", "docker", $"echo '{pw}' | docker login -u deploy --password-stdin", pw },
            { "password-stdin-echo", "podman", $"echo \"{pw}\" | sudo podman login quay.io --username deploy --password-stdin", pw },
            { "tool-password-argument", "sql", $"CREATE USER 'app'@'%' IDENTIFIED BY '{pw}';", pw },
            { "tool-password-argument", "shell", $"sshpass -p '{pw}' ssh deploy@build.example.com uptime", pw },
            { "tool-password-argument", "powershell", $"$secure = ConvertTo-SecureString \"{pw}\" -AsPlainText -Force", pw },
            { "tool-password-argument", "redis.conf", $"bind 127.0.0.1\nrequirepass {pw}\n", pw },
            { "secret-assignment", "python", $"password = \"{pw}\"", pw },
            { "secret-assignment", "yaml", "db:\n  user: app\n  password: hunter2\n", "hunter2" },
            { "secret-assignment", "json", $"{{\"client_id\": \"app\", \"client_secret\": \"{opaque}\"}}", opaque },
            { "secret-assignment", ".env", $"DB_PASSWORD={pw}", pw },
            { "secret-assignment", "powershell option", $"Connect-VIServer -Server vc01 -User admin@vsphere.local -Password {pw}", pw },
            { "secret-assignment", "prose", $"echo \"The password is '{pw}'\"", pw },
            { "secret-assignment", "shell", $"export API_KEY={opaque}", opaque },
            { "secret-assignment", "go", $"token := \"{Opaque(24, 43)}\"", Opaque(24, 43) },
            { "secret-assignment", "csharp", $"var options = new Options {{ Password = \"{pw}\" }};", pw },
            { "secret-assignment", "connection string", $"\"Server=db;Database=app;User Id=sa;Password={pw};\"", pw },
            { "secret-assignment", "php", $"'api_key' => '{Opaque(20, 44)}',", Opaque(20, 44) },
            { "secret-assignment", "typescript", $"const config = {{ privateKey: '{Opaque(24, 45)}' }};", Opaque(24, 45) },
            { "secret-assignment", "toml", "[smtp]\npass = \"correct horse battery\"\n", "correct horse battery" },
            { "high-entropy-string", "pem body line", PemBodyLines(rsa).ElementAt(7), PemBodyLines(rsa).ElementAt(7) },
            { "high-entropy-string", "yaml list", $"keys:\n  - {Base64Blob(44, 46)}\n", Base64Blob(44, 46) },
            { "high-entropy-string", "url query", $"https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&sig={Opaque(43, 47)}", Opaque(43, 47) },
            { "high-entropy-string", "markdown", $"Use the key {opaque} for the staging cluster.", opaque },
        };
    }

    [Theory]
    [MemberData(nameof(TruePositives))]
    public void Redact_TruePositive_SecretIsGone(string ruleId, string syntax, string text, string secret)
    {
        var redacted = Engine.Redact(text);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(ITextRedactor.Marker, redacted, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(syntax));

        // The named rule catches it on its own, not only thanks to another rule.
        var alone = OnlyRule(ruleId).Redact(text);
        Assert.DoesNotContain(secret, alone, StringComparison.Ordinal);
        Assert.Contains(ITextRedactor.Marker, alone, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltInRules_EachRule_HasTwoSamplesInDifferentSyntaxes()
    {
        // The provider catalog's rules are measured by the corpus instead, each in at least two syntaxes
        // (Corpus/RedactionCoverageTests.Recall_EveryCatalogFormat_IsCaughtInAtLeastTwoSyntaxes).
        var catalog = ProviderCatalog.Formats.Select(f => f.Id).Append(ProviderTokenScanner.RuleId).ToHashSet();
        var samples = TruePositives().Select(row => ((string)row[0], (string)row[1])).ToList();
        foreach (var id in Engine.RuleIds.Where(id => !catalog.Contains(id)))
        {
            var syntaxes = samples.Where(s => s.Item1 == id).Select(s => s.Item2).Distinct().Count();
            Assert.True(syntaxes >= 2, $"rule {id} has samples in {syntaxes} syntax(es)");
        }
    }

    [Fact]
    public void BuiltInRules_CoverSpecSection7()
    {
        string[] required =
        [
            "openai-api-key", "anthropic-api-key", "github-token", "github-fine-grained-token", "aws-access-key-id",
            "aws-secret-access-key", "google-api-key", "slack-token", "stripe-secret-key", "private-key", "jwt",
            "url-password", "secret-assignment", "high-entropy-string",
        ];
        Assert.All(required, id => Assert.Contains(id, Engine.RuleIds));
    }

    private static RedactionEngine OnlyRule(string id) =>
        new(BuiltInRules.Create().Where(r => r.Id == id).ToList() is { Count: 1 } one ? one : throw new InvalidOperationException(id), [], NullLogger.Instance);
}
