using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;
using static RepoOrchestrator.Tests.Security.Redaction.FakeSecrets;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// Secrets in contexts a red-team round (stop 35) found served: command-line options and tools' password arguments,
/// SQL, config formats (blank-separated settings, name/value pairs, Terraform variables, XML settings), typed
/// declarations, lookalike characters and UTF-16 text after a UTF-8 start. Each row is redacted on the whole text by
/// the engine and by the served path (<see cref="RevealingRedaction"/>, what /file, search, diff and the index use),
/// and in every one-line window. Values are built at run time from <see cref="FakeSecrets"/>, so no secret-looking
/// literal is in this file. Each row: what the input is, the file text, the secret that must not be served.
/// </summary>
public sealed class RecallRound35Tests
{
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    // "Tr0ub4dor-" + 8 random alphanumerics: the same kind of value the built-in tests use for passwords.
    private static string Pw => Password;

    private static string Tok => Opaque(32, 91);

    private static string B64(string s) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(s));

    /// <summary>Command-line options whose NAME is a secret name: --password=…, or a bare value with more arguments after it.</summary>
    public static TheoryData<string, string, string> SecretNamedOptions() => new()
    {
        { "python argv list \"--password\", value", $"subprocess.run([\"mysql\", \"-u\", \"root\", \"--password\", \"{Pw}\"])\n", Pw },
        { "k8s args flow list [\"--token\", value]", $"  args: [\"--token\", \"{Pw}\"]\n", Pw },
        { "mysql --password=value mid-line", $"mysql -u root --password={Pw} app\n", Pw },
        { "mysql --password=value at end of line", $"mysql --password={Pw}\n", Pw },
        { "wget --password=value", $"wget --user=deploy --password={Pw} https://files.example.com/a.tgz\n", Pw },
        { "cli --api-key=value (short value)", $"mycli deploy --api-key={Pw}\n", Pw },
        { "docker login --password value then registry", $"docker login --username deploy --password {Pw} registry.example.com\n", Pw },
        { "PowerShell -Password value then -Force", $"Connect-VIServer -Server vc01 -User admin -Password {Pw} -Force\n", Pw },
        { "redis-server --requirepass in compose command", $"command: redis-server --requirepass {Pw}\n", Pw },
        { "argv list [\"--requirepass\", value]", $"command: [\"redis-server\", \"--requirepass\", \"{Pw}\"]\n", Pw },
    };

    /// <summary>Well-known tools that take the password by position or by a short flag (no secret name on the line).</summary>
    public static TheoryData<string, string, string> ToolPasswordArguments() => new()
    {
        { "sshpass -p bare", $"sshpass -p {Pw} ssh deploy@host\n", Pw },
        { "sshpass -p quoted", $"sshpass -p '{Pw}' scp a.tgz deploy@host:/tmp\n", Pw },
        { "mysql -p<password> glued", $"mysql -uroot -p{Pw} app < dump.sql\n", Pw },
        { "mysql -p in a CI run step", $"run: mysql -uroot -p{Pw} -e \"select 1\"\n", Pw },
        { "mongo -p", $"mongo -u admin -p {Pw} admin\n", Pw },
        { "redis-cli -a", $"redis-cli -h cache -a {Pw} ping\n", Pw },
        { "ldapsearch -w", $"ldapsearch -x -D \"cn=admin,dc=example,dc=org\" -w {Pw} -b dc=example,dc=org\n", Pw },
        { "keytool -storepass", $"keytool -importcert -keystore ks.jks -storepass {Pw} -file a.crt\n", Pw },
        { "smbclient -U user%password", $"smbclient //srv/share -U deploy%{Pw}\n", Pw },
        { "net use ... /user: then password", $"net use Z: \\\\srv\\share /user:CORP\\deploy {Pw}\n", Pw },
        { "ConvertTo-SecureString literal -AsPlainText", $"$p = ConvertTo-SecureString \"{Pw}\" -AsPlainText -Force\n", Pw },
        { "ConvertTo-SecureString -String literal", $"$p = ConvertTo-SecureString -String \"{Pw}\" -AsPlainText -Force\n", Pw },
        { "echo user:password | chpasswd", $"echo \"deploy:{Pw}\" | chpasswd\n", Pw },
        { "htpasswd -b user password", $"htpasswd -b -c .htpasswd admin {Pw}\n", Pw },
        { "rabbitmqctl add_user user password", $"rabbitmqctl add_user admin {Pw}\n", Pw },
    };

    /// <summary>SQL statements that set a password.</summary>
    public static TheoryData<string, string, string> Sql() => new()
    {
        { "MySQL CREATE USER ... IDENTIFIED BY", $"CREATE USER 'app'@'%' IDENTIFIED BY '{Pw}';\n", Pw },
        { "T-SQL DECLARE @password TYPE = literal", $"DECLARE @password NVARCHAR(50) = '{Pw}';\n", Pw },
    };

    /// <summary>Config file formats and separators.</summary>
    public static TheoryData<string, string, string> ConfigFormats() => new()
    {
        { "JSON array under a plural secret name", $"{{\n  \"api_keys\": [\n    \"{Tok}\",\n    \"{Pw}\"\n  ]\n}}\n", Pw },
        { "Python list under a plural secret name, one line", $"TOKENS = ['{Pw}', '{Tok}']\n", Pw },
        { "AWS SecretString argument", $"client.put_secret_value(SecretId=\"db\", SecretString=\"{Pw}\")\n", Pw },
        { "tokenValue in TypeScript", $"const tokenValue: string = \"{Pw}\";\n", Pw },
        { "Terraform heredoc under password", $"resource \"aws_db_instance\" \"db\" {{\n  password = <<EOF\n{Pw}\nEOF\n}}\n", Pw },
        { "Terraform indented heredoc under secret_string", $"resource \"x\" \"y\" {{\n  secret_string = <<-EOT\n    {Pw}\n  EOT\n}}\n", Pw },
        { "Ruby squiggly heredoc, quoted tag", $"API_TOKEN = <<~'TOKEN'\n  {Pw}\nTOKEN\nputs API_TOKEN\n", Pw },
        { "YAML !!str tag", $"password: !!str {Pw}\n", Pw },
        { "YAML !!str tag quoted", $"password: !!str \"{Pw}\"\n", Pw },
        { "YAML single-quoted with '' escape", $"password: 'it''s{Pw}'\n", Pw },
        { "Terraform variable \"db_password\" default", $"variable \"db_password\" {{\n  type = string\n  default = \"{Pw}\"\n}}\n", Pw },
        { "Terraform env list { name = X_PASSWORD, value = … }", $"environment = [{{ name = \"DB_PASSWORD\", value = \"{Pw}\" }}]\n", Pw },
        { "k8s env - name: DB_PASSWORD / value: bare", $"env:\n  - name: DB_PASSWORD\n    value: {Pw}\n", Pw },
        { "k8s/ECS env JSON {name, value} on one line", $"{{\"name\": \"DB_PASSWORD\", \"value\": \"{Pw}\"}}\n", Pw },
        { "CloudFormation ParameterKey/ParameterValue", $"[{{\"ParameterKey\": \"DBPassword\", \"ParameterValue\": \"{Pw}\"}}]\n", Pw },
        { "Java .properties blank separator", $"db.password {Pw}\n", Pw },
        { "Java .properties tab separator", $"db.password\t{Pw}\n", Pw },
        { "Dockerfile legacy ENV name value", $"ENV DB_PASSWORD {Pw}\n", Pw },
        { "fish set -x NAME value", $"set -x DB_PASSWORD {Pw}\n", Pw },
        { "csh setenv NAME value", $"setenv DB_PASSWORD {Pw}\n", Pw },
        { "redis.conf requirepass", $"requirepass {Pw}\n", Pw },
        { "redis.conf masterauth", $"masterauth {Pw}\n", Pw },
        { "Apache AuthLDAPBindPassword", $"AuthLDAPBindPassword {Pw}\n", Pw },
        { "blank-separated username/password lines", $"username admin\npassword {Pw}\n", Pw },
        { "Maven settings.xml <passphrase>", $"<server><id>x</id><passphrase>{Pw}</passphrase></server>\n", Pw },
        { "GPG_PASSPHRASE=", $"GPG_PASSPHRASE={Pw}\n", Pw },
        { "YAML key_passphrase:", $"ssh:\n  key_passphrase: {Pw}\n", Pw },
        { "JS const passphrase", $"const passphrase = \"{Pw}\";\n", Pw },
        { "passcode =", $"passcode = \"{Pw}\"\n", Pw },
        { "ASP.NET \"JwtKey\":", "\"JwtKey\": \"" + "ThisIsMySuper" + "SecretKey123!" + "\"\n", "ThisIsMySuper" + "SecretKey123!" },
    };

    /// <summary>Code: setters, builders, typed declarations and literal signing keys.</summary>
    public static TheoryData<string, string, string> Code() => new()
    {
        { "Java SecretKeySpec literal", $"Key k = new SecretKeySpec(\"{Pw}\".getBytes(), \"HmacSHA256\");\n", Pw },
        { "node jwt.sign literal", $"const t = jwt.sign({{ id: user.id }}, '{Pw}', {{ expiresIn: '1h' }});\n", Pw },
        { "java-jwt Algorithm.HMAC256", $"Algorithm algorithm = Algorithm.HMAC256(\"{Pw}\");\n", Pw },
        { "C# SymmetricSecurityKey", $"var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(\"{Pw}\"));\n", Pw },
        { "wallet MNEMONIC", "MNEMONIC=\"" + string.Join(' ', Enumerable.Range(0, 12).Select(i => Opaque(6, 200 + i).ToLowerInvariant())) + "\"\n", Opaque(6, 205).ToLowerInvariant() },
        { "Java setPassword(literal)", $"ds.setPassword(\"{Pw}\");\n", Pw },
        { "builder .password(literal)", $"DataSourceBuilder.create().username(\"sa\").password(\"{Pw}\").build();\n", Pw },
        { "Testcontainers .withPassword(literal)", $"new PostgreSQLContainer(\"postgres\").withPassword(\"{Pw}\");\n", Pw },
        { "Go jwtSecret = []byte(literal)", $"var jwtSecret = []byte(\"{Pw}\")\n", Pw },
        { "Go jwtKey = []byte(literal)", $"var jwtKey = []byte(\"{Pw}\")\n", Pw },
        { "ternary password = c ? literal : other", $"password = isProd ? \"{Pw}\" : \"dev\";\n", Pw },
        { "JS env fallback ?? literal", $"const pass = process.env.DB_PASS ?? \"{Pw}\";\n", Pw },
        { "string concatenation: second half", $"api_key = \"{Tok[..16]}\" + \"{Tok[16..]}\"\n", Tok[16..] },
        { "Rust let password: &str =", $"let password: &str = \"{Pw}\";\n", Pw },
        { "VB.NET Dim password As String =", $"Dim password As String = \"{Pw}\"\n", Pw },
        { "C wide string L\"…\"", $"const wchar_t* password = L\"{Pw}\";\n", Pw },
        { "R password <- literal", $"password <- \"{Pw}\"\n", Pw },
    };

    /// <summary>XML / plist / HTML forms.</summary>
    public static TheoryData<string, string, string> Markup() => new()
    {
        { "<password><![CDATA[value]]></password>", $"<password><![CDATA[{Pw}]]></password>\n", Pw },
        { "plist <key>password</key> then <string>", $"<key>password</key>\n\t<string>{Pw}</string>\n", Pw },
        { "<password attr=…>value</password>", $"<password encrypted=\"false\">{Pw}</password>\n", Pw },
        { "Hibernate <property name=\"…password\">value</property>", $"<property name=\"hibernate.connection.password\">{Pw}</property>\n", Pw },
        { "<entry key=\"db.password\">value</entry>", $"<entry key=\"db.password\">{Pw}</entry>\n", Pw },
    };

    /// <summary>Unicode separators, look-alike names and escapes (NBSP and friends are not hidden characters: nothing is revealed).</summary>
    public static TheoryData<string, string, string> UnicodeAndEscapes() => new()
    {
        { "NBSP before =", $"password\u00A0= \"{Pw}\"\n", Pw },
        { "NBSP after =", $"password =\u00A0\"{Pw}\"\n", Pw },
        { "NBSP around = bare", $"password\u00A0=\u00A0{Pw}\n", Pw },
        { "NBSP as the only separator", $"DB_PASSWORD\u00A0{Pw}\n", Pw },
        { "full-width = (U+FF1D)", $"password\uFF1D{Pw}\n", Pw },
        { "full-width : (U+FF1A)", $"password\uFF1A{Pw}\n", Pw },
        { "ideographic space after colon (U+3000)", $"password:\u3000{Pw}\n", Pw },
        { "em space after colon (U+2003)", $"password:\u2003{Pw}\n", Pw },
        { "full-width letters in the name", $"\uFF50\uFF41\uFF53\uFF53\uFF57\uFF4F\uFF52\uFF44 = \"{Pw}\"\n", Pw },
    };

    public static TheoryData<string, string, string> ProseAndTables() => new()
    {
        { "Markdown table with a password column", $"| user | password |\n|---|---|\n| admin | {Pw} |\n", Pw },
        { "CSV with a password column", $"name,user,password\nprod,admin,{Pw}\n", Pw },
        { "CSV, quoted fields, second row", $"\"env\";\"api_token\";\"owner\"\n\"dev\";\"x\";\"a\"\n\"prod\";\"{Pw}\";\"b\"\n", Pw },
        { "TSV with an API Token column", $"service\tAPI Token\nbilling\t{Tok}\n", Tok },
        { "Markdown **Password:** value", $"**Password:** {Pw}\n", Pw },
        { "German Passwort:", $"Passwort: {Pw}\n", Pw },
        { "French mot de passe:", $"mot de passe: {Pw}\n", Pw },
        { "Spanish contraseña:", $"contrase\u00F1a: {Pw}\n", Pw },
        { "Russian пароль:", $"\u043F\u0430\u0440\u043E\u043B\u044C: {Pw}\n", Pw },
        { "Chinese 密码:", $"\u5BC6\u7801: {Pw}\n", Pw },
        { "Japanese パスワード:", $"\u30D1\u30B9\u30EF\u30FC\u30C9: {Pw}\n", Pw },
    };

    /// <summary>
    /// UTF-16LE text after the binary probe: a file is binary only for a NUL in its first 8 KiB (SPEC 6), so text whose
    /// characters are separated by NULs (a Windows PowerShell 5 `>>` append to a UTF-8 log) is decoded as UTF-8, where no
    /// rule matches across the NULs. Every served line that holds a NUL is withheld.
    /// </summary>
    public static TheoryData<string, string, string> Utf16AfterTheBinaryProbe()
    {
        var pad = string.Concat(Enumerable.Repeat("x = 1\n", 1600)); // 9,600 bytes of UTF-8 text first
        var pem = PemBlock("RSA PRIVATE KEY", 93, newline: "\r\n");
        var keyLine = pem.Split("\r\n")[4];
        return new()
        {
            { "password assignment in UTF-16LE", pad + Utf16Le($"password = \"{Pw}\"\r\n"), Utf16Le(Pw) },
            { "GitHub token in UTF-16LE", pad + Utf16Le($"token {GitHub("ghp", 94)}\r\n"), Utf16Le(GitHub("ghp", 94)) },
            { "PEM private key in UTF-16LE", pad + Utf16Le(pem + "\r\n"), Utf16Le(keyLine) },
        };
    }

    // What Encoding.UTF8.GetString gives for the UTF-16LE bytes of ASCII text: every character followed by a NUL.
    private static string Utf16Le(string ascii) => string.Concat(ascii.Select(c => $"{c}\0"));

    [Theory]
    [MemberData(nameof(Utf16AfterTheBinaryProbe))]
    public void Utf16TextAfterTheBinaryProbe_IsWithheldLineByLine(string kind, string text, string secret)
    {
        Assert.False(RepoOrchestrator.Files.TextLines.LooksBinary(System.Text.Encoding.UTF8.GetBytes(text)), "served as text by /file");
        var served = RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue).Text;
        Assert.False(served.Contains('\0', StringComparison.Ordinal), $"{kind}: a line with a NUL was served");
        Assert.DoesNotContain(secret.Replace("\0", "", StringComparison.Ordinal), served, StringComparison.Ordinal);
        Assert.StartsWith("x = 1\nx = 1\n", served, StringComparison.Ordinal); // the UTF-8 lines before are served as they are
        var lines = text.Split('\n').Length;
        for (var line = 1600; line <= lines; line++)
        {
            Assert.DoesNotContain('\0', RevealingRedaction.RedactLines(Engine, text, line, line).Text);
        }
    }

    // A WordPress salt shape (printable ASCII with blanks and symbols), built from pieces.
    private static string WpSalt => "|*Z+1 v`Q.7kP#s!D9r]" + "mXq^w2L@e4R&t6Y(u8I)" + "o0P_a-S=d;F:g<H>j";

    [Theory]
    [MemberData(nameof(SecretNamedOptions))]
    public void SecretNamedOption_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(ToolPasswordArguments))]
    public void ToolPasswordArgument_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(Sql))]
    public void SqlPassword_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(ConfigFormats))]
    public void ConfigFormat_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(Code))]
    public void Code_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(Markup))]
    public void Markup_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(UnicodeAndEscapes))]
    public void UnicodeOrEscape_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(ProseAndTables))]
    public void ProseAndTables_AreRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Fact]
    public void SoftHyphenInTheName_IsCountedAndTheValueRedacted()
    {
        var text = $"pass\u00ADword = \"{Pw}\"\n";

        var served = RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue);

        Assert.DoesNotContain(Pw, served.Text, StringComparison.Ordinal);
        Assert.Equal(1, served.HiddenCharacters); // served from the text without it, as for every hidden character that hid a secret
    }

    /// <summary>What the new forms must leave alone: code, prose, references and documentation that look like them.</summary>
    [Theory]
    [InlineData("        CancellationToken ct)\n")]
    [InlineData("/// <param name=\"token\">The token to check.</param>\n")]
    [InlineData("Password reset links expire after an hour\n")]
    [InlineData("password\n")]
    [InlineData("mysql -u root -p shop\n")]
    [InlineData("db.password ${DB_PASSWORD}\n")]
    [InlineData("ENV DB_PASSWORD_FILE /run/secrets/db\n")]
    [InlineData("  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password\n")]
    [InlineData("variable \"db_password\" {\n  type      = string\n  sensitive = true\n}\n")]
    [InlineData("Dim password As String = GetPassword()\n")]
    [InlineData("passphrase: ${GPG_PASSPHRASE}\n")]
    [InlineData("<entry key=\"db.password\">${db.password}</entry>\n")]
    [InlineData("sshpass -p \"$SSHPASS\" ssh deploy@host\n")]
    [InlineData("redis-cli -a $REDIS_PASSWORD ping\n")]
    [InlineData("<password encrypted=\"true\">{AES}</password>\n")]
    [InlineData("if token_type == \"bearer\":\n")]
    [InlineData("password: isRequired ? \"Password is required\" : undefined,\n")]
    [InlineData("const token = header ?? \"none-given\";\n")]
    [InlineData("var pw = user.getPassword(\"primary\");\n")]
    [InlineData("<key>password</key>\n<string>${PASSWORD}</string>\n")]
    [InlineData("Passwort: bitte eingeben\n")]
    [InlineData("Parameters:\n  DBPassword:\n    Type: String\n    NoEcho: true\n  DBUser:\n    Default: admin\n")]
    [InlineData("  cmd: \"run --check x:$6$saltsalt$notauserline\"\n")]
    [InlineData("\"passwords\": [\"\", \"${PW}\"],\n")]
    [InlineData("  password = <<EOF\n${var.db_password}\nEOF\n")]
    [InlineData("token = mask << 2\n")]
    [InlineData("id,token,pos\n1,the,DT\n2,cat,NN\n")]
    [InlineData("| field | password hint |\n|---|---|\n| a | your first pet |\n")]
    [InlineData("user,password\nadmin,changeme\nops,<set me>\n")]
    public void LookAlikes_AreServedUnchanged(string text)
    {
        Assert.Equal(text, RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue).Text);
    }

    // The whole file as served (/file, search, index), the engine's own whole-text answer, and every one-line window.
    /// <summary>The secret is gone from the whole file as the engine and as the served path redact it, and from every one-line window.</summary>
    internal static void AssertRedacted(string kind, string text, string secret)
    {
        var served = RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue).Text;
        Assert.False(served.Contains(secret, StringComparison.Ordinal), $"{kind}: served whole file shows the secret:\n{served}");
        Assert.DoesNotContain(secret, Engine.Redact(text), StringComparison.Ordinal);
        var lines = text.Split('\n').Length;
        for (var line = 1; line <= lines; line++)
        {
            var window = RevealingRedaction.RedactLines(Engine, text, line, line).Text;
            Assert.False(window.Contains(secret, StringComparison.Ordinal), $"{kind}: line {line} shows the secret: {window}");
        }
    }
}
