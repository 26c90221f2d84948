using System.Text.RegularExpressions;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// The source-generated expressions of the built-in rules. Every one has a match timeout: on a timeout the engine
/// withholds the whole text (fail closed) rather than return something it could not check.
/// </summary>
internal static partial class BuiltInPatterns
{
    public const int TimeoutMilliseconds = 1000;
    private const RegexOptions Plain = RegexOptions.CultureInvariant;
    private const RegexOptions Insensitive = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;

    // Legacy keys are sk- + 48 alphanumerics; project/service-account/admin keys carry a typed prefix and may use - and _.
    [GeneratedRegex(@"\bsk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{32,})", Plain, TimeoutMilliseconds)]
    public static partial Regex OpenAi();

    [GeneratedRegex(@"\bsk-ant-[A-Za-z0-9_-]{20,}", Plain, TimeoutMilliseconds)]
    public static partial Regex Anthropic();

    [GeneratedRegex(@"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b", Plain, TimeoutMilliseconds)]
    public static partial Regex GitHubToken();

    [GeneratedRegex(@"\bgithub_pat_[A-Za-z0-9_]{22,255}", Plain, TimeoutMilliseconds)]
    public static partial Regex GitHubFineGrainedToken();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b", Plain, TimeoutMilliseconds)]
    public static partial Regex AwsAccessKeyId();

    // The 40-character secret key only where it is assigned to a secret-key name (it has no prefix of its own).
    [GeneratedRegex(@"secret[_.-]?(?:access[_.-]?)?key[""']?\]?[ \t]*(?::=|=>|[:=])[ \t]*[""']?(?<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)", Insensitive, TimeoutMilliseconds)]
    public static partial Regex AwsSecretAccessKey();

    [GeneratedRegex(@"\b(?<secret>AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)", Plain, TimeoutMilliseconds)]
    public static partial Regex GoogleApiKey();

    [GeneratedRegex(@"\bxox[abprs]-[0-9A-Za-z-]{10,250}", Plain, TimeoutMilliseconds)]
    public static partial Regex SlackToken();

    // Keeps the host and the kind of hook visible; the path after it is the credential.
    [GeneratedRegex(@"hooks\.slack\.com/(?:services|workflows|triggers)/(?<secret>[A-Za-z0-9_/+-]{20,})", Insensitive, TimeoutMilliseconds)]
    public static partial Regex SlackWebhook();

    [GeneratedRegex(@"\b[sr]k_(?:live|test|prod)_[0-9A-Za-z]{10,247}\b", Plain, TimeoutMilliseconds)]
    public static partial Regex StripeKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{10,}\.ey[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*", Plain, TimeoutMilliseconds)]
    public static partial Regex Jwt();

    // scheme://user:password@host - only the password is replaced; the user part may be empty (redis://:pw@host).
    // The search starts at the literal "://" (a leading scheme class would be tried at every letter of the text).
    // A password holds '/' only as a base64 run does (Cosmos DB's mongodb://app:AbC…/x+…==@host): eight or more base64
    // characters follow the slash, and (the rule's check) its first segment is not a port (host:8080/path/@me is a path).
    // One run before the slash, not two: a run split in two ways would cost its length squared where no '@' follows.
    [GeneratedRegex(@"://[^\s:@/?#'""<>]{0,256}:(?<secret>[^\s/'""<>]{1,256}|[A-Za-z0-9+=]{1,256}/[A-Za-z0-9+/=]{8,256})@", Plain, TimeoutMilliseconds)]
    public static partial Regex UrlPassword();

    // A header written URL-encoded (authorization:%20bearer%20…) in a logged request line or query string, too.
    [GeneratedRegex(@"(?:\b|%20)bearer(?:[ \t]+|%20)(?<secret>[A-Za-z0-9._~+/-]{16,}=*)", Insensitive, TimeoutMilliseconds)]
    public static partial Regex BearerToken();

    // The name may close an indexer (headers['Authorization'] = 'Basic …') as well as a key or header.
    [GeneratedRegex(@"\bauthorization[""']?\]?[ \t]*[:=][ \t]*[""']?basic[ \t]+(?<secret>[A-Za-z0-9+/]{8,}={0,2})", Insensitive, TimeoutMilliseconds)]
    public static partial Regex BasicAuthHeader();

    // Any Authorization header or assignment (an indexer's too), with or without a scheme word (token, Bearer, Basic, Digest, ApiKey…).
    [GeneratedRegex(@"\bauthorization[""']?\]?[ \t]*[:=,][ \t]*[""']?(?:(?<scheme>[A-Za-z][A-Za-z0-9_-]{1,24})[ \t]+)?(?<secret>[A-Za-z0-9._~+/=:-]{8,})", Insensitive, TimeoutMilliseconds)]
    public static partial Regex AuthorizationHeader();

    // curl -u user:password / --user=user:password (and the proxy's -U / --proxy-user), also after line continuations;
    // only the password is replaced.
    [GeneratedRegex(@"\bcurl\b(?:[^\r\n]|\\\r?\n){0,300}?[ \t](?:-u|--user|-U|--proxy-user)(?:=|[ \t]+)(?:""[^""\r\n:]*:(?<secret>[^""\r\n]+)""|'[^'\r\n:]*:(?<secret>[^'\r\n]+)'|[^\s""':`]*:(?<secret>[^\s""'`]+))", Plain, TimeoutMilliseconds)]
    public static partial Regex CurlUser();

    // Docker config.json "auth": "<base64 user:password>" and .npmrc _auth=<base64>.
    [GeneratedRegex(@"[""']auth[""'][ \t]*:[ \t]*[""'](?<secret>[A-Za-z0-9+/=]{8,})[""']|\b_auth[ \t]*=[ \t]*(?<secret>[^\s""'<>]+)", Plain, TimeoutMilliseconds)]
    public static partial Regex AuthBlob();

    // user/password@host in Oracle JDBC URLs and sqlplus command lines.
    [GeneratedRegex(@"(?:jdbc:oracle:[a-z]+:@?|\bsqlplus[ \t]+(?:-[A-Za-z]+[ \t]+)*)[^/\s:@""']+/(?<secret>[^@\s""']+)@", Plain, TimeoutMilliseconds)]
    public static partial Regex SlashPassword();

    // Passwords passed by position to well-known connection and credential calls. After a first argument (a host, DSN,
    // URL, path or connection: a literal or a name): mysql_connect / mysqli_connect / DBI->connect, DirectoryEntry and
    // ADSI's OpenDSObject, JDBC's DriverManager.getConnection (url, user, password), PHP's ldap_bind (link, dn, password).
    // With the user first: NetworkCredential, HTTP basic/digest auth objects (requests, aiohttp, Java, Spring's
    // setBasicAuth), UsernamePasswordCredentials, PasswordAuthentication, smtplib/ftplib/imaplib .login(user, password),
    // python-ldap's bind_s/simple_bind_s (dn, password) and requests' auth=(user, password). The user may be a name too.
    [GeneratedRegex(
        @"(?:\b(?:mysqli?_p?connect|DBI(?:->|\.)connect|DirectoryEntry|OpenDSObject|getConnection|ldap_bind)[ \t]*\([ \t]*" + CallArgument + @"[ \t]*,\s*" +
        @"|\b(?:NetworkCredential|(?:HTTP|Http|set|with)?BasicAuth|basicAuth|HTTPDigestAuth|HttpDigestAuth|UsernamePasswordCredentials|PasswordAuthentication|simple_bind_s|bind_s)[ \t]*\([ \t]*" +
        @"|\.login[ \t]*\([ \t]*|\bauth(?:=| = )\([ \t]*)" +
        CallArgument + @"[ \t]*,\s*(?:""(?<secret>[^""\r\n]+)""|'(?<secret>[^'\r\n]+)')",
        Plain, TimeoutMilliseconds)]
    public static partial Regex CredentialCallArgument();

    // .netrc / _netrc entries: machine host login user [account a] [port p] password secret, on one line or several. At
    // least one field between host and password, so prose ("each machine has password rotation") is not an entry.
    [GeneratedRegex(@"\bmachine[ \t]+[^\s]{1,256}(?:\s+(?:login|account|port)[ \t]+[^\s]{1,256}){1,3}\s+password[ \t]+(?<secret>[^\s]{1,256})", Plain, TimeoutMilliseconds)]
    public static partial Regex NetrcPassword();

    // One call argument before the password: a string literal, or a name (url, this.user, $dsn, config.DB_URL).
    private const string CallArgument = @"(?:""[^""\r\n]*""|'[^'\r\n]*'|[A-Za-z_$][\w.$]{0,100})";

    // Passwords that well-known tools take as a command-line argument with no secret name before them: SQL's
    // IDENTIFIED BY, the password options of sshpass (-p), mysql (-p joined to its value; alone it prompts), redis-cli
    // (-a), mongo (-p), the ldap tools (-w) and keytool (-storepass, -keypass…), the string given to
    // ConvertTo-SecureString, the argument after /user: in net use, what follows % in smbclient -U, the part after the
    // colon echoed into chpasswd, the last argument of htpasswd in batch mode and of RabbitMQ's user commands, and
    // Redis's requirepass/masterauth (redis.conf, or an option of redis-server).
    // The tool's name starts the match, so prose that only names an option leaves nothing after it that looks like a value.
    private const string ArgumentValue = @"(?:""(?<secret>[^""\r\n]+)""|'(?<secret>[^'\r\n]+)'|(?<secret>[^\s""'`$%<{(\[-][^\s""'`;|&]*))";

    [GeneratedRegex(
        @"\b(?:IDENTIFIED|identified|Identified)[ \t]+(?:BY|by|By)[ \t]+(?:(?:PASSWORD|password)[ \t]+)?(?:'(?<secret>[^'\r\n]+)'|""(?<secret>[^""\r\n]+)"")" +
        @"|\bsshpass[ \t]+-p[ \t]*" + ArgumentValue +
        @"|\bmysql(?:dump|admin|import|show|check|sh)?\b[^\r\n]{0,200}?[ \t]-p(?<secret>[^\s""'`$%<{(\[-][^\s""'`;|&]*)" +
        @"|\bredis-cli\b[^\r\n]{0,200}?[ \t]-a[ \t]+" + ArgumentValue +
        @"|\bmongo(?:sh|dump|restore|export|import)?\b[^\r\n]{0,200}?[ \t]-p[ \t]+" + ArgumentValue +
        @"|\bldap(?:search|modify|add|delete|passwd|whoami|compare|modrdn)\b[^\r\n]{0,200}?[ \t]-w[ \t]+" + ArgumentValue +
        @"|\bkeytool\b[^\r\n]{0,200}?[ \t]-(?:storepass|keypass|srcstorepass|deststorepass|srckeypass|destkeypass|new)[ \t]+" + ArgumentValue +
        @"|\bConvertTo-SecureString(?:[ \t]+-(?:AsPlainText|Force))*[ \t]+(?:-String[ \t]+)?(?:""(?<secret>[^""\r\n]+)""|'(?<secret>[^'\r\n]+)')" +
        @"|\b(?:net|NET)[ \t]+(?:use|USE)\b[^\r\n]{0,120}?[ \t]/(?:user|USER|u|U):[^\s]+[ \t]+" + ArgumentValue +
        @"|\bsmbclient\b[^\r\n]{0,120}?[ \t]-U[ \t]*[""']?[^\s%""']+%(?<secret>[^\s""']+)" +
        @"|\becho[ \t]+[""']?[^\s:""']+:(?<secret>[^\s""':]+)[""']?[ \t]*\|[ \t]*(?:sudo[ \t]+)?chpasswd\b" +
        @"|\bhtpasswd(?:[ \t]{1,8}-[ac-zA-Z]{1,8}){0,3}[ \t]{1,8}-[a-zA-Z]{0,8}b[a-zA-Z]{0,8}(?:[ \t]{1,8}-[a-zA-Z]{1,8}){0,3}[ \t]{1,8}[^\s-][^\s]*[ \t]{1,8}[^\s]+[ \t]{1,8}" + ArgumentValue +
        @"|\brabbitmqctl[ \t]+(?:add_user|change_password)[ \t]+[^\s]+[ \t]+" + ArgumentValue +
        @"|\b(?:requirepass|masterauth)[""',]*[ \t]+[""']?" + ArgumentValue,
        Plain, TimeoutMilliseconds)]
    public static partial Regex ToolPasswordArgument();

    // What is echoed into a registry login's --password-stdin (docker, podman, helm registry login): echo '…' | docker login
    // -u bob --password-stdin. A variable or template echoed is not a value (the rule's placeholder check).
    [GeneratedRegex(@"\becho[ \t]+(?:-n[ \t]+)?" + ArgumentValue + @"[ \t]*\|[ \t]*(?:sudo[ \t]+)?[\w-]+(?:[ \t]+[\w-]+)?[ \t]+login\b[^\r\n|;&]{0,200}?--password-stdin", Plain, TimeoutMilliseconds)]
    public static partial Regex PasswordStdinEcho();

    // Short options that are a password for these tools only (for most tools -p is a port or a path): -p for a registry
    // login (docker, podman, buildah, nerdctl, helm registry) and the Azure CLI's login; -P for Info-ZIP's two tools; -p
    // joined to its value for 7-Zip; -N and -P for ssh-keygen; -k and the pass:… arguments (-pass, -passin, -passout) for
    // OpenSSL. SECURITY: the gap after the tool's name is bounded, as in ToolPasswordArgument: unbounded, a long line of
    // "zip zip zip …" cost its length squared, reached the match timeout and withheld the whole text.
    [GeneratedRegex(
        @"\b(?:un)?zip\b[^\r\n|;&]{0,200}?[ \t]-P[ \t]+" + ArgumentValue +
        @"|\b(?:docker|podman|buildah|nerdctl|registry|az)[ \t]+login\b[^\r\n|;&]{0,200}?[ \t]-p[ \t]+" + ArgumentValue +
        @"|\b7za?[ \t]+[a-z]\b[^\r\n|;&]{0,200}?[ \t]-p(?<secret>[^\s""'`$%<{(\[-][^\s""'`;|&]*)" +
        @"|\bssh-keygen\b[^\r\n|;&]{0,200}?[ \t]-[NP][ \t]+" + ArgumentValue +
        @"|\bopenssl\b[^\r\n|;&]{0,200}?[ \t](?:-k[ \t]+" + ArgumentValue + @"|-pass(?:in|out)?[ \t]+pass:(?<secret>[^\s""'`;|&]+))",
        Plain, TimeoutMilliseconds)]
    public static partial Regex PasswordShortOption();

    // WordPress's wp-config.php salts (AUTH_SALT, SECURE_AUTH_SALT, LOGGED_IN_SALT, NONCE_SALT, and plugins' *_SALT): secrets
    // that sign its cookies and nonces, with no secret word in their names (the *_KEY ones have one).
    [GeneratedRegex(@"\bdefine[ \t]*\([ \t]*['""][A-Z_]*SALT['""][ \t]*,[ \t]*(?:'(?<secret>[^'\r\n]+)'|""(?<secret>[^""\r\n]+)"")", Plain, TimeoutMilliseconds)]
    public static partial Regex DefinedSalt();

    // A key given as a literal to a signing or MAC API: Python hmac.new(b'…'), Node crypto.createHmac('sha256', '…'),
    // Java new SecretKeySpec("…".getBytes(), …), JWT libraries' sign/encode with a literal secret (jsonwebtoken's
    // jwt.sign(payload, '…'), PyJWT's jwt.encode(payload, "…"), java-jwt's Algorithm.HMAC256("…")), and .NET's
    // new SymmetricSecurityKey(Encoding.UTF8.GetBytes("…")).
    [GeneratedRegex(
        @"\bhmac\.new\([ \t]*b?(?:'(?<secret>[^'\r\n]+)'|""(?<secret>[^""\r\n]+)"")" +
        @"|\bcreateHmac\([ \t]*['""][^'""\r\n]{1,32}['""][ \t]*,[ \t]*(?:'(?<secret>[^'\r\n]+)'|""(?<secret>[^""\r\n]+)"")" +
        @"|\bSecretKeySpec\([ \t]*""(?<secret>[^""\r\n]+)""" +
        @"|\bjwt\.(?:sign|encode)\([^,()\r\n]{1,200},[ \t]*(?:'(?<secret>[^'\r\n]+)'|""(?<secret>[^""\r\n]+)"")" +
        @"|\bAlgorithm\.HMAC(?:256|384|512)\([ \t]*""(?<secret>[^""\r\n]+)""" +
        @"|\bSymmetricSecurityKey\([ \t]*Encoding\.\w{1,16}\.GetBytes\([ \t]*@?""(?<secret>[^""\r\n]+)""",
        Plain, TimeoutMilliseconds)]
    public static partial Regex SigningKeyLiteral();

    // A password hash in an htpasswd/shadow-style line (user:hash): Apache's $apr1$, crypt's $1$/$5$/$6$/$y$, bcrypt's
    // $2a$/$2b$/$2y$, argon2 and {SHA}/{SSHA} base64. A hash is a password to an offline attack. The expression starts at
    // the colon (a search for ':' then the hash's mark); that a user name alone starts the line is the rule's check.
    [GeneratedRegex(
        @":(?<secret>\$(?:apr1|1|5|6|y|2[abxy]|argon2(?:id|i|d))\$[^\s:]{8,512}|\{S?SHA\}[A-Za-z0-9+/]{20,}={0,2})",
        Plain, TimeoutMilliseconds)]
    public static partial Regex PasswordHashEntry();

    // A password labelled in another language (README or wiki notes, a credentials hand-over): Passwort/Kennwort,
    // contraseña, mot de passe, senha, wachtwoord, hasło, пароль, 密码/密碼, パスワード, 비밀번호, then ':' (also full-width) or
    // '=', then one word.
    [GeneratedRegex(
        @"(?:Passwort|Kennwort|[Cc]ontraseña|[Mm]ot de passe|[Ss]enha|[Ww]achtwoord|[Hh]asło|[Пп]ароль|ПАРОЛЬ|密码|密碼|パスワード|비밀번호)(?:[ \t]{0,8}\*\*)?[ \t]{0,8}[:：=](?:[ \t]{0,8}\*\*)?[ \t]{0,8}(?<secret>[^\s""'`]{1,256})",
        Plain, TimeoutMilliseconds)]
    public static partial Regex ForeignPasswordLabel();

    // Network device configuration (Cisco IOS, NX-OS and their clones): enable [algorithm-type x] password/secret,
    // username … [privilege n] [algorithm-type x] password/secret [n] … [role r], tacacs-server/radius-server [host h]
    // [auth-port n …] key [n] …, pac key n …, snmp-server community … [view|group v] [RO|RW] [acl], snmp-server host h
    // version 1|2c community, and an indented key n … inside an IOS-XE "radius server x" / "tacacs server x" block
    // (the rule runs only on texts that name one of these commands). Each is a command at the start of its
    // line with the value where the command puts it, so prose that mentions one ("enable password authentication
    // for …") does not end there.
    [GeneratedRegex(
        @"^[ \t]*(?:enable(?:[ \t]+algorithm-type[ \t]+\w{1,16})?|username[ \t]+[^\s]{1,64}(?:[ \t]+privilege[ \t]+\d{1,2})?(?:[ \t]+algorithm-type[ \t]+\w{1,16})?)[ \t]+(?:password|secret)(?:[ \t]+level[ \t]+\d{1,2})?(?:[ \t]+[0-9])?[ \t]+(?<secret>[^\s]{4,128})(?:[ \t]+role[ \t]+[^\s]{1,64})?[ \t]*\r?$" +
        @"|^[ \t]*(?:(?:tacacs-server|radius-server)(?:[ \t]+host[ \t]+[^\s]{1,253}(?:[ \t]+(?:auth-port|acct-port|port|timeout|retransmit)[ \t]+\d{1,5}){0,4})?[ \t]+key|pac[ \t]+key)(?:[ \t]+[0-7])?[ \t]+(?<secret>[^\s]{4,128})[ \t]*\r?$" +
        @"|^[ \t]*snmp-server[ \t]+community[ \t]+(?<secret>[^\s]{2,64})(?:[ \t]+(?:view|group)[ \t]+[^\s]{1,64})?(?:[ \t]+(?:RO|RW|ro|rw))?(?:[ \t]+[^\s]{1,64})?[ \t]*(?:#[^\r\n]*)?\r?$" +
        @"|^[ \t]*snmp-server[ \t]+host[ \t]+[^\s]{1,253}(?:[ \t]+(?:informs|traps))?[ \t]+version[ \t]+(?:1|2c)[ \t]+(?<secret>[^\s]{2,64})" +
        @"|^[ \t]+key[ \t]+[0-7][ \t]+(?<secret>[^\s]{4,128})[ \t]*\r?$",
        Plain | RegexOptions.Multiline, TimeoutMilliseconds)]
    public static partial Regex NetworkDeviceSecret();

    // What follows a secret name (see SecretAssignmentRule), matched on a bounded window that starts right after the
    // name (so ^ is the end of the name): an operator and a value, in code and config - x = "…", x := "…", x ::= / :::=
    // / ?= / += (Make), \"x\": \"…\" (JSON inside a string), x .= (PHP), x: … (YAML), "x": "…" (JSON), X=… (.env), x => '…', var x string = "…" (Go),
    // x: string = "…" (TypeScript), x: &str = "…" (Rust), x NVARCHAR(50) = '…' (SQL), x As String = "…" (VB), typed
    // forms with a quoted value only, x <- "…" (R), L"…" (C wide strings), x[]= "…" (PHP), x "…"; (nginx and similar directives), the password is '…' (prose, quoted only), setProperty("X", "…") (a call's first two arguments), key="x" value="…" (.NET
    // config), <x>…</x> on one line or with the value on its own line (XML), <x><![CDATA[…]]></x>, a plist's
    // <key>x</key> then <string>…</string>; before a value, a YAML !!str tag, Go's []byte("…"), Markdown's **x:** …;
    // YAML's '' inside '…'. No look-arounds: every built-in expression
    // must also compile with RegexOptions.NonBacktracking (linear time).
    private const string TailValue =
        @"(?:\*\*|__)?[ \t]*(?:!!(?:str|binary)[ \t]+|\[\]byte\()?(?:\\""(?<secret>[^""\\\r\n]*)\\""|[fFrRbBuUL$@]{0,2}""(?<secret>(?:[^""\\\r\n]|\\(?:.|\r?\n))*)""|[fFrRbBuUL$@]{0,2}'(?<secret>(?:[^'\\\r\n]|''|\\(?:.|\r?\n))*)'|`(?<secret>[^`\r\n]*)`|(?<secret>[^\s""'`,;)}\]&:=><](?:[^\s""'`,;)}\]&<]|<[^/\s""'`,;)}\]&])*))";

    // An element's attributes between its name and '>': <password encrypted="false">…</password>.
    private const string ElementAttributes = @"(?:[ \t]+[\w:.-]+=(?:""[^""<>\r\n]*""|'[^'<>\r\n]*'))*[ \t]*";

    [GeneratedRegex(
        @"^(?:[ \t]+\*?(?:string|String|str|\[\]byte|SecureString|SecretStr)[ \t]*(?<op>=)" + TailValue +
        @"|\\?[""']?(?:\[?\])?[ \t]*(?<op>:[ \t]*&?(?:'[A-Za-z_]\w*[ \t]+)?(?:mut[ \t]+)?[A-Za-z_][\w.<>?\[\]]*[ \t]*=|:{1,3}=|\?=|\.=|\+=|=>|[?!]?:|[!=]==?|=|,)" + TailValue +
        @"|[ \t]+(?:""(?<secret>[^""\\\r\n]+)""|'(?<secret>[^'\\\r\n]+)')[ \t]*;" +
        @"|[ \t]+is[ \t]+(?:""(?<secret>[^""\\\r\n]+)""|'(?<secret>[^'\\\r\n]+)')" +
        @"|[""'][ \t]+value[ \t]*=[ \t]*(?:""(?<secret>[^""\r\n]*)""|'(?<secret>[^'\r\n]*)')" +
        @"|[""']?" + ElementAttributes + @">(?<secret>[^<>\r\n]{1,512})</" +
        @"|" + ElementAttributes + @">[ \t]*<!\[CDATA\[(?<secret>[^\]\r\n]+)\]\]>" +
        @"|</key>\s*<(?:string|value)>(?<secret>[^<>\r\n]+)</(?:string|value)>" +
        @"|[""']?" + ElementAttributes + @">[ \t]*\r?\n[ \t]*(?<secret>[^<>\s](?:[^<>\r\n]{0,510}[^<>\s])?)[ \t]*\r?\n[ \t]*</" +
        @"|[ \t]+(?:[Aa]s[ \t]+)?[A-Za-z_]\w*(?:\([ \t]*(?:\d+|[Mm][Aa][Xx])[ \t]*\))?[ \t]*(?<op>=)[ \t]*N?(?:'(?<secret>[^'\\\r\n]+)'|""(?<secret>[^""\\\r\n]+)"")" +
        @"|[ \t]*(?<op><-)[ \t]*(?:""(?<secret>[^""\\\r\n]+)""|'(?<secret>[^'\\\r\n]+)'))",
        Plain, TimeoutMilliseconds)]
    public static partial Regex AssignmentTail();

    // The value of a command-line option whose name is a secret name (-Password x, --token "x"; also joined to the
    // option by '='), matched right after the name: a quoted value or a bare argument that is not a variable ($x, %X%), a placeholder (<x>, {x}) or the next option.
    [GeneratedRegex(@"^(?:[ \t]+|=)(?:""(?<secret>[^""\r\n]+)""|'(?<secret>[^'\r\n]+)'|(?<secret>[^\s""'`$%<{(\[-][^\s""'`]*))", Plain, TimeoutMilliseconds)]
    public static partial Regex OptionValue();
}
