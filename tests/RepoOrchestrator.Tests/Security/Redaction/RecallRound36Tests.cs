using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;
using static RepoOrchestrator.Tests.Security.Redaction.FakeSecrets;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// Forms found served in stop 36: Gradle's signing settings written as method calls without parentheses
/// (<c>storePassword "…"</c>), Rails' <c>secret_key_base</c>, passwords given by position to well-known credential
/// calls (JDBC, requests, smtplib/ftplib, LDAP binds, ADSI, HTTP basic auth objects) and echoed into a registry login,
/// named arguments that hold a setting's value (default=, fallback=), Clojure/EDN keyword map entries and WordPress salts. Each row is redacted on the whole text by the engine and by
/// the served path (<see cref="RevealingRedaction"/>), and in every one-line window; the negatives stay as they are.
/// </summary>
public sealed class RecallRound36Tests
{
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    private static string Pw => Password;

    private static string Hex128 => Random(128, "0123456789abcdef", 61);

    public static TheoryData<string, string, string> Forms() => new()
    {
        { "Gradle storePassword \"…\" on its line", $"android {{\n  signingConfigs {{\n    release {{\n        storeFile file(\"release.jks\")\n        storePassword \"{Pw}\"\n        keyAlias \"upload\"\n    }}\n  }}\n}}\n", Pw },
        { "Gradle keyPassword '…' (single quotes)", $"        keyPassword '{Pw}'\n", Pw },
        { "Rails secret_key_base: hex", $"production:\n  secret_key_base: {Hex128}\n", Hex128 },
        { "SECRET_KEY_BASE=hex", $"SECRET_KEY_BASE={Hex128}\n", Hex128 },
        { "secretKeyBase = \"…\"", $"config.secretKeyBase = \"{Pw}\"\n", Pw },
        { "JDBC getConnection(literal url, user, password)", $"DriverManager.getConnection(\"jdbc:mysql://localhost/db\", \"root\", \"{Pw}\");\n", Pw },
        { "JDBC getConnection(name, name, password)", $"Connection c = DriverManager.getConnection(url, user, \"{Pw}\");\n", Pw },
        { "requests auth=(user, password)", $"requests.post(url, auth=('bob', '{Pw}'))\n", Pw },
        { "requests HTTPBasicAuth(user, password)", $"r = requests.get(url, auth=HTTPBasicAuth('bob', '{Pw}'))\n", Pw },
        { "smtplib .login(user, password)", $"smtp.login('me@example.com', '{Pw}')\n", Pw },
        { "ftplib .login(name, password)", $"ftp.login(user, '{Pw}')\n", Pw },
        { "python-ldap simple_bind_s(dn, password)", $"conn.simple_bind_s('cn=admin,dc=example,dc=com', '{Pw}')\n", Pw },
        { "PHP ldap_bind(link, dn, password)", $"$bind = ldap_bind($ds, \"cn=admin,dc=example,dc=com\", \"{Pw}\");\n", Pw },
        { "ADSI OpenDSObject(path, user, password, flags)", $"Set obj = dso.OpenDSObject(\"LDAP://dc01/CN=Users\", \"admin\", \"{Pw}\", 1)\n", Pw },
        { "Spring setBasicAuth(user, password)", $"headers.setBasicAuth(\"bob\", \"{Pw}\");\n", Pw },
        { "UsernamePasswordCredentials(user, password)", $"new UsernamePasswordCredentials(\"bob\", \"{Pw}\")\n", Pw },
        { "PasswordAuthentication(user, \"…\".toCharArray())", $"return new PasswordAuthentication(\"bob\", \"{Pw}\".toCharArray());\n", Pw },
        { "a call's named argument after the name: env(\"DB_PASSWORD\", default=\"…\")", $"DB_PASSWORD = env(\"DB_PASSWORD\", default=\"{Pw}\")\n", Pw },
        { "f(\"password\",default=\"…\") (no blank)", $"get(\"password\",default=\"{Pw}\")\n", Pw },
        { "pydantic Field(default=\"…\")", $"    password: str = Field(default=\"{Pw}\")\n", Pw },
        { "configparser fallback=\"…\"", $"password = config.get(\"db\", \"password\", fallback=\"{Pw}\")\n", Pw },
        { "Clojure map {:user … :password \"…\"}", $"{{:user \"bob\" :password \"{Pw}\"}}\n", Pw },
        { "Leiningen :repositories … :password \"…\"", $"  :repositories [[\"releases\" {{:url \"https://repo.example.com\" :username \"bob\" :password \"{Pw}\"}}]]\n", Pw },
        { "EDN :db-password \"…\"", $"(def config {{:db-password \"{Pw}\"}})\n", Pw },
        { "WordPress define('NONCE_SALT', '…')", $"define( 'NONCE_SALT',       '{Pw}' );\n", Pw },
        { "WordPress key starting with '+' with '(' inside", $"define( 'SECURE_AUTH_KEY',  '+{Opaque(20, 62)}(%{Opaque(20, 63)}' );\n", Opaque(20, 63) },
        { "INI value continued below its name (configparser)", $"[db]\npassword =\n    {Pw}\nhost = db\n", Pw },
        { "INI value in two continued parts", $"[db]\napi_token =\n    {Opaque(20, 64)}\n    # second half\n    {Opaque(20, 65)}\n", Opaque(20, 65) },
        { "GitHub Actions run: docker login -u … -p …", $"- name: Login\n  run: docker login -u bob -p {Pw} registry.example.com\n", Pw },
        { "podman login -p \"…\"", $"podman login quay.io -u bob -p \"{Pw}\"\n", Pw },
        { "helm registry login -p", $"helm registry login ghcr.io -u bob -p {Pw}\n", Pw },
        { "az login -u … -p …", $"az login -u bob@example.com -p {Pw}\n", Pw },
        { "unzip -P …", $"unzip -o -P {Pw} secret.zip\n", Pw },
        { "7z a -p… (joined)", $"7z a -p{Pw} secret.7z a.txt\n", Pw },
        { "ssh-keygen -N '…'", $"ssh-keygen -t ed25519 -N '{Pw}' -f key\n", Pw },
        { "openssl -k …", $"openssl enc -aes-256-cbc -k {Pw} -in a -out b\n", Pw },
        { "openssl -passout pass:…", $"openssl genrsa -aes256 -passout pass:{Pw} -out key.pem 4096\n", Pw },
        { "echo '…' | docker login --password-stdin", $"echo '{Pw}' | docker login -u bob --password-stdin\n", Pw },
        { "echo \"…\" | sudo docker login registry --password-stdin", $"echo \"{Pw}\" | sudo docker login registry.example.com --username bob --password-stdin\n", Pw },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Form_IsRedacted(string kind, string text, string secret) => RecallRound35Tests.AssertRedacted(kind, text, secret);

    [Theory]
    [InlineData("password \"Enter your password\"\n")] // prose in quotes
    [InlineData("token \"Bearer\"\n")] // a word
    [InlineData("password \"${DB_PASSWORD}\"\n")] // a reference
    [InlineData("    keyAlias \"upload\"\n")]
    [InlineData("  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>\n")]
    [InlineData("TOKEN_BASE_URL=https://auth.example.com/v2\n")]
    [InlineData("secret = os.environ.get(\"SECRET\", default=\"\")\n")] // an empty default: the argument's name is not the value either
    [InlineData("password = PasswordField(label=\"Password\")\n")]
    [InlineData("parser.add_argument(\"--password\", help=\"the database password; Tr0ub4dor-9 style\")\n")] // help text, not the value
    [InlineData("validates :password, presence: true\n")] // Ruby symbols, no literal after a blank
    [InlineData("{:password (System/getenv \"DB_PASSWORD\")}\n")]
    [InlineData("define( 'WP_CACHE_KEY_SALT', getenv('SALT') );\n")]
    [InlineData("[auth]\npassword =\n    min_length = 8\n")] // an assignment below, not a continued value
    [InlineData("[auth]\ntoken =\n\n    indented text after a blank line\n")]
    [InlineData("docker run -p 8080:80 nginx\n")] // -p is a port for most tools
    [InlineData("docker login -u bob -p $REGISTRY_PASSWORD registry.example.com\n")]
    [InlineData("zip -r -P \"${ZIP_PASSWORD}\" out.zip dir\n")]
    [InlineData("openssl genrsa -aes256 -passout env:KEY_PASS -out key.pem 4096\n")]
    [InlineData("ssh -p 2222 deploy@host\n")]
    [InlineData("client.login(username, password)\n")] // names, not literals
    [InlineData("auth=(user, password)\n")]
    [InlineData("echo $DOCKER_PASSWORD | docker login -u bob --password-stdin\n")]
    [InlineData("echo \"${{ secrets.REGISTRY_TOKEN }}\" | docker login ghcr.io -u bob --password-stdin\n")]
    [InlineData("See the .login() method and auth=( tuples in the docs.\n")]
    public void LooksLikeTheFormButHoldsNoSecret_IsServedUnchanged(string text)
    {
        Assert.Equal(text, RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue).Text);
    }
}
