namespace RepoOrchestrator.Tests.Security.Redaction.Corpus;

/// <summary>
/// Round 36b: secret samples from sources no earlier round read, in the syntax each source feeds its scanner (see
/// <see cref="ScannerCorpus"/> for the template notation; every value is regenerated with the sample's prefix, length
/// and alphabet, and a placeholder value such as <c>UnsafeString</c>, <c>blah</c> or <c>xxxx</c> as a random one). The
/// sources:
/// <list type="bullet">
/// <item>mongodb/kingfisher - rule files of its older catalog (data/rules/*.yml, the provider-keyword-value rules
/// taken from trufflehog detectors) for providers no earlier round read: adafruitio, alchemy, apollo, betterstack,
/// apifonica, apilayer, apitemplate, appoptics, bugsnag, borgbase, bscscan, checklyhq, bitly, blocknative, budibase,
/// cloudconvert, etherscan, mailerlite, pastebin, postmark.</item>
/// <item>thoughtworks/talisman - detector/pattern/pattern_detector_test.go (every keyword form its password pattern
/// test feeds, for password, secret, pwd, pass, passphrase and key) and detector/filecontent/filecontent_detector_test.go
/// (a bare base64 secret, a JWT, Java code). Skipped: <c>pw</c>/<c>Pw</c> (not a secret word, see docs/SECURITY.md),
/// the hex text and credit card number (not credentials), <c>&lt;ConsumerKey&gt;</c> (an OAuth client id) and the
/// allowlist tests.</item>
/// <item>awslabs/git-secrets - test/git-secrets.bats (the credentials file its AWS provider reads) and the forms of
/// the patterns <c>--register-aws</c> adds. Skipped: AWS account ids and role ids (<c>AROA…</c>, identifiers).</item>
/// <item>Yelp/detect-secrets - test_data/ whole files (config.ini, config.yaml, each_secret.py, config.md,
/// files/file_with_secrets.py, scan_test_multiline.yaml, short_files/last_line.ini). Skipped: sample.diff (hex
/// digests), middle_line.yml (a Travis <c>secure:</c> value), first_line.php (a word that is no secret).</item>
/// <item>gitleaks/gitleaks - testdata/ whole files (archives/files/.env.prod and api.go, repos/basic/secrets.py,
/// repos/multi/dotnetfile.cs, repos/nogit/putty.ppk).</item>
/// <item>GitGuardian/ggshield - the secret patches and files of tests/conftest.py and tests/unit/conftest.py (MySQL in
/// a docker command, the long test token, GitHub, Facebook app secrets, an RSA key inside a patch, SendGrid in added,
/// moved and deleted lines). Skipped: the Facebook app ids (identifiers).</item>
/// <item>semgrep/semgrep-rules - generic/secrets/security/*.txt, .npmrc, .php, .jsx test files. Skipped: the
/// softlayer bare 64-hex line (no name, a digest's shape), the SQL dump (no value), <c>ok:</c> lines.</item>
/// <item>Whole configuration files written the way scanners' fixtures are (.env, docker-compose.yml, settings.py,
/// Jenkinsfile, .npmrc, a Kubernetes Secret, terraform.tfvars, application.properties and .yml, appsettings.json,
/// wp-config.php, database.yml, a GitHub Actions workflow, Dockerfile, .netrc, .git-credentials, .pypirc, Docker's
/// config.json, kubeconfig, an Ansible inventory, gradle.properties, Maven settings.xml, .s3cfg, rclone.conf,
/// .pgpass, config.toml, Helm values.yaml, .travis.yml, a Node config.js, Azure local.settings.json, .htpasswd).
/// Left unmarked there: publishable keys, client ids, account SIDs, the Sentry DSN, certificate data, key ids.</item>
/// </list>
/// </summary>
internal static class Round36bSamples
{
    private const string Ko = "mongodb/kingfisher data/rules/";
    private const string Tm = "thoughtworks/talisman ";
    private const string Gs = "awslabs/git-secrets ";
    private const string Ds = "Yelp/detect-secrets ";
    private const string Gl = "gitleaks/gitleaks ";
    private const string Gg = "GitGuardian/ggshield ";
    private const string Sg = "semgrep/semgrep-rules generic/secrets/security/";
    private const string Wf = "fixture ";
    private const string Uuid = ScannerCorpus.Uuid;

    public static IEnumerable<(string Source, string Kind, string Template)> Kingfisher =>
    [
        (Ko + "adafruitio.yml", "kingfisher.adafruitio.1", "#define IO_KEY       \"⟦aio_«28:a-zA-Z0-9»⟧\""),
        (Ko + "adafruitio.yml", "kingfisher.adafruitio.1", "export IO_KEY=\"⟦aio_«28:a-zA-Z0-9»⟧\""),
        (Ko + "adafruitio.yml", "kingfisher.adafruitio.1", "ADAFRUIT_IO_KEY = \"⟦aio_«28:a-zA-Z0-9»⟧\""),
        (Ko + "alchemy.yml", "kingfisher.alchemy.1", "alchemy_key = \"⟦«23:a-z0-9»_«8:0-9»⟧\""),
        (Ko + "apollo.yml", "kingfisher.apollo.1", "apolloSecretTOKEN ⟦«22:a-z0-9»⟧"),
        (Ko + "apollo.yml", "kingfisher.apollo.1", "apolloAPIKEY ⟦«22:A-Za-z0-9»⟧"),
        (Ko + "betterstack.yml", "kingfisher.betterstack.1", "betterstack SECRET=⟦«24:a-z»⟧"),
        (Ko + "betterstack.yml", "kingfisher.betterstack.1", "betterstack PRIVATE_KEY ⟦«24:a-z»⟧"),
        (Ko + "apifonica.yml", "kingfisher.apifonica.1", "apifonica-SECRET-⟦«11:0-9a-z»-«4:0-9a-z»-«4:0-9a-z»-«4:0-9a-z»-«12:0-9a-z»⟧"),
        (Ko + "apifonica.yml", "kingfisher.apifonica.1", "apifonica-PRIVATE-⟦«11:0-9a-f»-«4:0-9a-f»-«4:0-9a-f»-«4:0-9a-f»-«12:0-9a-f»⟧"),
        (Ko + "apilayer.yml", "kingfisher.apilayer.1", "apilayer_key=⟦«32:a-z0-9»⟧"),
        (Ko + "apilayer.yml", "kingfisher.apilayer.1", "apilayer_token=⟦«32:a-f0-9»⟧"),
        (Ko + "apitemplate.yml", "kingfisher.apitemplate.1", "apitemplate SECRET: ⟦«39:0-9a-zA-Z»⟧"),
        (Ko + "apitemplate.yml", "kingfisher.apitemplate.1", "apitemplateKEY ⟦«39:0-9a-zA-Z»⟧"),
        (Ko + "appoptics.yml", "kingfisher.appoptics.1", "appoptics_token = ⟦«71:0-9a-zA-Z»⟧"),
        (Ko + "bugsnag.yml", "kingfisher.bugsnag.1", "bugsnag secret ⟦" + Uuid + "⟧"),
        (Ko + "bugsnag.yml", "kingfisher.bugsnag.1", "bugsnag private-key ⟦" + Uuid + "⟧"),
        (Ko + "borgbase.yml", "kingfisher.borgbase.1", "borgbase_token=⟦«150:a-zA-Z0-9»⟧"),
        (Ko + "bscscan.yml", "kingfisher.bscscan.1", "bscscan-key = ⟦«34:0-9A-Z»⟧"),
        (Ko + "bscscan.yml", "kingfisher.bscscan.1", "bscscan_token:⟦«34:0-9A-Z»⟧"),
        (Ko + "checklyhq.yml", "kingfisher.checklyhq.1", "checklyhqTOKEN=⟦«32:a-f0-9»⟧"),
        (Ko + "checklyhq.yml", "kingfisher.checklyhq.1", "checklyhq_SECRET=⟦«32:a-f0-9»⟧"),
        (Ko + "bitlyaccesstoken.yml", "kingfisher.bitly.1", "bitly_token = ⟦«40:a-z0-9»⟧"),
        (Ko + "blocknative.yml", "kingfisher.blocknative.1", "blocknative_key=⟦" + Uuid + "⟧"),
        (Ko + "blocknative.yml", "kingfisher.blocknative.1", "BLOCKNATIVE_TOKEN=⟦" + Uuid + "⟧"),
        (Ko + "budibase.yml", "kingfisher.budibase.1", "budibase_api_key=⟦«32:0-9»-«80:a-f0-9»⟧"),
        (Ko + "budibase.yml", "kingfisher.budibase.1", "budibase_secret_token=⟦«32:a-f»-«78:0-9»⟧"),
        (Ko + "cloudconvert.yml", "kingfisher.cloudconvert.1", "cloudconvert_token = ⟦«32:a-zA-Z0-9_+».«300:a-zA-Z0-9_+=».«650:a-zA-Z0-9_+=»⟧"),
        (Ko + "etherscan.yml", "kingfisher.etherscan.1", "etherscan SECRETKEY=⟦«34:0-9A-Z»⟧"),
        (Ko + "mailerlite.yml", "kingfisher.mailerlite.1", "mailerlite key ⟦«32:a-z0-9»⟧"),
        (Ko + "mailerlite.yml", "kingfisher.mailerlite.1", "mailerliteSECRET=⟦«32:a-z0-9»⟧"),
        (Ko + "pastebin.yml", "kingfisher.pastebin.1", "pastebin_key=⟦«32:a-zA-Z0-9»⟧"),
        (Ko + "pastebin.yml", "kingfisher.pastebin.1", "pastebin_api_token=⟦«16:a-zA-Z0-9»_«15:a-zA-Z0-9»⟧"),
        (Ko + "postmark.yml", "kingfisher.postmark.1", "postmark_token = ⟦" + Uuid + "⟧"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> Talisman =>
    [
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "PASSWORD:⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "password=⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", ".password=⟦«20:A-Za-z0-9»⟧}"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", ":password ⟦«20:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "\"SERVER_PASSWORD\" : ⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "password2-string : ⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "<password data=123> ⟦«20:A-Za-z0-9»⟧ </password>"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "<admin password> ⟦«20:A-Za-z0-9»⟧ </mypassword>"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "SECRET:⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "secret=⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", ".secret=⟦«20:A-Za-z0-9»⟧}"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", ":secret ⟦«20:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "\"SERVER_SECRET\" : ⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "secret2-string : ⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "<secret data=123> ⟦«20:A-Za-z0-9»⟧ </secret>"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "<admin secret> ⟦«20:A-Za-z0-9»⟧ </mysecret>"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "PWD:⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "pwd=⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "\"SERVER_PWD\" : ⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "PASS:⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "pass=⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "\"SERVER_PASS\" : ⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "PASSPHRASE:⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "passphrase=⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "\"SERVER_PASSPHRASE\" : ⟦«12:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "<passphrase data=123> ⟦«20:A-Za-z0-9»⟧ </passphrase>"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "KEY:⟦«24:A-Za-z0-9»⟧"),
        (Tm + "detector/pattern/pattern_detector_test.go", "talisman.pattern", "\"SERVER_KEY\" : ⟦«24:A-Za-z0-9»⟧"),
        (Tm + "detector/filecontent/filecontent_detector_test.go", "talisman.base64", "⟦«40:A-Za-z0-9/+»⟧"),
        (Tm + "detector/filecontent/filecontent_detector_test.go", "talisman.jwt", "⟦eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ«90:A-Za-z0-9_-».«43:A-Za-z0-9_-»⟧"),
        (Tm + "detector/filecontent/filecontent_detector_test.go", "talisman.java", "public class HelloWorld {\r\n\r\n    public static void main(String[] args) {\r\n        \t\t// Prints \"Hello, World\" to the terminal window.\r\n  \t\tString accessKey=\"⟦«40:A-Za-z0-9/+»⟧\";\r\n        \t\tSystem.out.println(\"Hello, World\");\r\n    \t\t}\r\n\r\n}"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> GitSecrets =>
    [
        (Gs + "test/git-secrets.bats", "git-secrets.aws-provider", "aws_access_key_id = «6:a-z0-9»\naws_secret_access_key=⟦«6:a-z»⟧\naws_access_key_id = \"«7:A-Za-z»\"\naws_secret_access_key= \"⟦«7:A-Za-z»⟧\"\naws_access_key_id= «6:A-Za-z»+«3:a-z»\n"),
        (Gs + "git-secrets (--register-aws)", "git-secrets.aws", "\"AWS_SECRET_ACCESS_KEY\" => \"⟦«40:A-Za-z0-9/+»⟧\""),
        (Gs + "git-secrets (--register-aws)", "git-secrets.aws", "'aws_key' => '⟦«40:A-Za-z0-9/+»⟧'"),
        (Gs + "git-secrets (--register-aws)", "git-secrets.aws", "AwsSecretKey: ⟦«40:A-Za-z0-9/+»⟧"),
        (Gs + "git-secrets (--register-aws)", "git-secrets.aws", "Secret_Key=⟦«40:A-Za-z0-9/+»⟧"),
        (Gs + "git-secrets (--register-aws)", "git-secrets.aws", "\"key\": \"⟦«40:A-Za-z0-9/+»⟧\""),
        (Gs + "git-secrets (--register-aws)", "git-secrets.aws", "export AWS_ACCESS_KEY_ID=⟦ASIA«16:A-Z0-9»⟧"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> DetectSecrets =>
    [
        (Ds + "test_data/config.ini", "detect-secrets.config.ini", "[credentials]\npassword = ⟦«14:0-9»⟧\n\n[parent]\n    [child]\n    keyA = «9:0-9»\n    keyB = value1\n\n[aws]\naws_secret_key = ⟦«10:0-9»⟧\n\n[key with multiple values]\nkeyA =\n    value2\n    «9:0-9»\n\n    # This is a comment\n    value3\n    ; This is another comment\n\nkeyB = «9:0-9»\n    «9:0-9»\n\nkeyC =\n\npassword = ⟦«14:0-9»⟧  # pragma: whitelist secret\n"),
        (Ds + "test_data/config.yaml", "detect-secrets.config.yaml", "credentials:\n    some_value_here: not_secret\n    other_value_here: «11:0-9a-f»\n    CanonicalUserGetSkippedByExcludeLines: «12:0-9a-f»\n    nested:\n        value: AKIA«16:a-z»\n        other_value: «16:a-z»\nlist_of_keys:\n    - 123\n    - 456\n    - «10:0-9a-f»\n\ntest_agent::allowlisted_api_key: '⟦«32:A-Za-z0-9»⟧'  # pragma: allowlist secret\nhigh_entropy_binary_secret: !!binary ⟦«46:a-zA-Z0-9+/»==⟧\n\n# this should be ignored as a potential id\nallowlisted_id: '«32:A-Za-z0-9»'\n\nuuid_should_be_ignored: '" + Uuid + "'\n"),
        (Ds + "test_data/each_secret.py", "detect-secrets.each_secret.py", "red_herring = 'DEADBEEF'\nid = '«75:A-Za-z0-9»'\n\nbase64_secret = '⟦«64:a-zA-Z0-9+/»⟧'\nhex_secret = '⟦«40:0-9a-f»⟧'\nbasic_auth = 'http://username:⟦«29:a-z»⟧@example.com'\n\naws_access_key = '⟦AKIA«16:A-Z2-7»⟧'\naws_secret_access_key = '⟦«40:a-zA-Z0-9/+»⟧'\n"),
        (Ds + "test_data/files/file_with_secrets.py", "detect-secrets.file_with_secrets.py", "#!/usr/bin/python\n# Will change this later.\nSUPER_SECRET_VALUE = '⟦«60:a-zA-Z0-9+/»⟧'\nVERY_SECRET_TOO = '⟦«32:A-Za-z0-9»⟧'  # pragma: whitelist secret\n\n\ndef main():\n    print('Hello world!')\n\n\nif __name__ == '__main__':\n    main()\n"),
        (Ds + "test_data/config.md", "detect-secrets.config.md", "# Sample markdown file\n\n[guides](http://localhost/guilds)\n\nTest Unicode in non ini file would not fail on python 2.7.\n\n╭─ diagnose\n╰» ssh to server x:«17:0-9»\n\nkey=\"⟦«32:A-Za-z0-9»⟧\"\n"),
        (Ds + "test_data/scan_test_multiline.yaml", "detect-secrets.scan_test_multiline.yaml", "configuration:\n  datadogAgent:\n    enabled: true\n    name: name\n\nimage:\n  repository: gcr.io/some/scheduler\n  pullPolicy: Always\n\nschedule: \"* * * * *\"\n\ncmdList: \"curl --retry-connrefused --retry 3 --retry-delay 5 -X POST http://someone:⟦«12:a-zA-Z0-9»⟧@my.cluster.local/v1/?event=EXPIRE_SYNC&days=1|1440 \\\n         ||curl --retry-connrefused --retry 3 --retry-delay 5 -X POST http://anotherone:⟦«12:a-zA-Z0-9»⟧@my.cluster.local/v1/?hours=1|60\"\n"),
        (Ds + "test_data/short_files/last_line.ini", "detect-secrets.last_line.ini", "[some section]\nsecrets_for_no_one_to_find =\n    ⟦«10:a-zA-Z0-9»⟧\n    ⟦«11:a-zA-Z0-9»⟧\n    ⟦«11:0-9a-f»⟧\n"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> Gitleaks =>
    [
        (Gl + "testdata/archives/files/.env.prod", "gitleaks.testdata.env", "DB_HOST=example.com\nDB_PORT=443\nDB_USERNAME=postgres\nDB_PASSWORD=⟦«22:0-9a-f»⟧\nDB_NAME=best_db\nDB_SSL=true"),
        (Gl + "testdata/archives/files/api.go", "gitleaks.testdata.go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\n\tvar a = \"initial\"\n\tfmt.Println(a)\n\n\tvar b, c int = 1, 2\n\tfmt.Println(b, c)\n\n\tvar d = true\n\tfmt.Println(d)\n\n\tvar e int\n\tfmt.Println(e)\n\n\t// opps I added a secret at line 20\n\tawsToken := \"⟦AKIA«16:A-Z0-9»⟧\"\n\n\tf := \"apple\"\n\tfmt.Println(f)\n}\n"),
        (Gl + "testdata/repos/basic/secrets.py", "gitleaks.testdata.py", "# testdata copied from https://github.com/Yelp/detect-secrets/blob/master/test_data/each_secret.py\nred_herring = 'DEADBEEF'\nid = '«75:A-Za-z0-9»'\n\nbase64_secret = '⟦«64:a-zA-Z0-9»⟧'\nhex_secret = '⟦«40:0-9a-f»⟧'\nbasic_auth = 'http://username:⟦«29:a-z»⟧@example.com'\n\naws_access_key = '⟦AKIA«16:A-Z0-9»⟧'\naws_secret_access_key = '⟦«40:a-zA-Z0-9/+»⟧'\n\n# another aws secrets\naws_access_key_1 = '⟦AKIA«16:A-Z0-9»⟧'\n"),
        (Gl + "testdata/repos/multi/dotnetfile.cs", "gitleaks.testdata.cs", "namespace Test.rzandonai.Request\n{\n\n    public class ConfigKeys : ConfigurationSection\n    {\n\n        /// <summary>\n        /// Random but not Key\n        /// </summary>\n        [ConfigurationProperty(\"partner\", DefaultValue = \"«5:0-9»\")]\n        public string Partner\n        {\n            get { return (string)this[\"partner\"]; }\n            set { this[\"partner\"] = value; }\n        }\n\n        /// <summary>\n        /// API Key\n        /// </summary>\n        [ConfigurationProperty(\"apiKey\", DefaultValue = \"⟦«40:0-9a-f»⟧\")]\n        public string ApiKey\n        {\n            get { return (string)this[\"apiKey\"]; }\n            set { this[\"apiKey\"] = value; }\n        }\n\n        /// <summary>\n        /// Random but not Key\n        /// </summary>\n        [DefaultValue(\"«11:0-9»\")]\n        public string MachineCode\n        {\n            get { return (string)this[\"machineCode\"]; }\n            set { this[\"machineCode\"] = value; }\n        }\n    }\n}"),
        (Gl + "testdata/repos/nogit/putty.ppk", "gitleaks.testdata.ppk", "PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: rsa-key-20240314\nPublic-Lines: 6\nAAAAB3NzaC1yc2EAAAADAQABAAABAQ«34:A-Za-z0-9+/»\n«64:A-Za-z0-9+/»\n«64:A-Za-z0-9+/»\n«64:A-Za-z0-9+/»\n«64:A-Za-z0-9+/»\n«52:A-Za-z0-9+/»\nPrivate-Lines: 14\n⟦AAABAC«58:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«44:A-Za-z0-9+/»=⟧\nPrivate-MAC: «64:0-9a-f»\n"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> Ggshield =>
    [
        (Gg + "tests/conftest.py _MULTIPLE_SECRETS", "ggshield.mysql", "diff --git a/test.txt b/test.txt\nnew file mode 100644\nindex 0000000..b80e3df\n--- /dev/null\n+++ b/test\n@@ -0,0 +1,2 @@\n+FacebookAppKeys :\n+String docker run --name geonetwork -d \\\n            -p 8080:8080 -e MYSQL_HOST=google.com \\\n            -e MYSQL_PORT=5434 -e MYSQL_USERNAME=root \\\n            -e MYSQL_PASSWORD=⟦«10:a-z0-9»⟧ geonetwork\n"),
        (Gg + "tests/conftest.py UNCHECKED_SECRET", "ggshield.apikey", "diff --git a/test.txt b/test.txt\nnew file mode 100644\nindex 0000000..b80e3df\n--- /dev/null\n+++ b/test\n@@ -0,0 +2 @@\n+# gg token\n+apikey = \"⟦«64:0-9a-f»«18:A-Za-z0-9»«82:A-Za-z0-9»«82:A-Za-z0-9»«23:A-Za-z0-9»⟧\";\n"),
        (Gg + "tests/conftest.py _SIMPLE_SECRET_PATCH", "ggshield.github", "@@ -0,0 +1 @@\n+github_token: ⟦«40:0-9a-f»⟧\n"),
        (Gg + "tests/conftest.py _MULTI_SECRET_ONE_LINE_PATCH", "ggshield.facebook", "@@ -0,0 +1 @@\n+FacebookAppId = «15:0-9»; FacebookAppSecret = ⟦«32:0-9a-f»⟧;\n\n"),
        (Gg + "tests/conftest.py _MULTI_SECRET_ONE_LINE_PATCH_OVERLAY", "ggshield.facebook", "@@ -0,0 +1 @@\n+Facebook = «15:0-9» | ⟦«32:0-9a-f»⟧;\n\n"),
        (Gg + "tests/conftest.py _MULTI_SECRET_TWO_LINES_PATCH", "ggshield.facebook", "@@ -0,0 +2 @@\n+FacebookAppId = «15:0-9»;\n+FacebookAppSecret = ⟦«32:0-9a-f»⟧;\n\n"),
        (Gg + "tests/conftest.py _SIMPLE_SECRET_MULTILINE_PATCH", "ggshield.rsa", "@@ -0,0 +1,29 @@\n+PrivateKeyRsa:\n+- text: -----BEGIN RSA PRIVATE KEY-----\n+⟦MIIBOgIBAAJBA«51:A-Za-z0-9+/»⟧\n+⟦«64:A-Za-z0-9+/»⟧\n+⟦«64:A-Za-z0-9+/»⟧\n+⟦«64:A-Za-z0-9+/»⟧\n+⟦«64:A-Za-z0-9+/»⟧\n+⟦«64:A-Za-z0-9+/»⟧\n+⟦«64:A-Za-z0-9+/»⟧\n+⟦«40:A-Za-z0-9+/»⟧\n+-----END RSA PRIVATE KEY-----"),
        (Gg + "tests/conftest.py _ONE_LINE_AND_MULTILINE_PATCH", "ggshield.facebook+rsa+sendgrid", "diff --git a/test.txt b/test.txt\nnew file mode 100644\nindex 0000000..b80e3df\n--- /dev/null\n+++ b/test\n@@ -0,0 +1,29 @@\n+FacebookAppKeys: «15:0-9» / ⟦«32:0-9a-f»⟧ -----BEGIN RSA PRIVATE KEY-----\n+⟦MIIBOgIBAAJBA«51:A-Za-z0-9+/»⟧\n+⟦«64:A-Za-z0-9+/»⟧\n+⟦«64:A-Za-z0-9+/»⟧\n+⟦«64:A-Za-z0-9+/»⟧\n+⟦«64:A-Za-z0-9+/»⟧\n+⟦«64:A-Za-z0-9+/»⟧\n+⟦«64:A-Za-z0-9+/»⟧\n+⟦«40:A-Za-z0-9+/»⟧\n+-----END RSA PRIVATE KEY----- token: ⟦SG.«22:A-Za-z0-9_-».«43:A-Za-z0-9_-»⟧\n"),
        (Gg + "tests/conftest.py _SINGLE_ADD_PATCH", "ggshield.sendgrid", "diff --git a/test b/test\nnew file mode 100644\nindex 0000000..3c9af3f\n--- /dev/null\n+++ b/test\n@@ -0,0 +1 @@\n+sg_key = \"⟦SG.«22:A-Za-z0-9_-».«43:A-Za-z0-9_-»⟧\";\n"),
        (Gg + "tests/conftest.py _SINGLE_MOVE_PATCH", "ggshield.sendgrid", "diff --git a/test b/test\nindex 3c9af3f..b0ce1c7 100644\n--- a/test\n+++ b/test\n@@ -1 +1,2 @@\n+something\n sg_key = \"⟦SG.«22:A-Za-z0-9_-».«43:A-Za-z0-9_-»⟧\";\n"),
        (Gg + "tests/conftest.py _SINGLE_DELETE_PATCH", "ggshield.sendgrid", "diff --git a/test b/test\nindex b0ce1c7..deba01f 100644\n--- a/test\n+++ b/test\n@@ -1,2 +1 @@\n something\n-sg_key = \"⟦SG.«22:A-Za-z0-9_-».«43:A-Za-z0-9_-»⟧\";\n"),
        (Gg + "tests/conftest.py _PATCH_WITH_NONEWLINE_BEFORE_SECRET", "ggshield.sendgrid", "\ndiff --git a/artifactory b/artifactory\nindex 2ace9c7..4c7699d 100644\n--- a/artifactory\n+++ b/artifactory\n@@ -1,3 +1,3 @@\n some line\n some other line\n-deleted line\n\\ No newline at end of file\n+sg_key = \"⟦SG.«22:A-Za-z0-9_-».«43:A-Za-z0-9_-»⟧\"\n\\ No newline at end of file\n"),
        (Gg + "tests/unit/conftest.py _ONE_LINE_AND_MULTILINE_FILE", "ggshield.facebook+rsa+sendgrid", "\nFacebookAppKeys: «15:0-9» / ⟦«32:0-9a-f»⟧ -----BEGIN RSA PRIVATE KEY-----\n⟦MIIBOgIBAAJBA«51:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«64:A-Za-z0-9+/»⟧\n⟦«40:A-Za-z0-9+/»⟧\n-----END RSA PRIVATE KEY----- token: ⟦SG.«22:A-Za-z0-9_-».«43:A-Za-z0-9_-»⟧\n"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> Semgrep =>
    [
        (Sg + "detected-generic-api-key.txt", "semgrep.generic-api-key", "# ruleid: detected-generic-api-key\napi_key=⟦«40:0-9»⟧\n\n# ruleid: detected-generic-api-key\nAPIKEY : ⟦«39:0-9»⟧\n"),
        (Sg + "detected-generic-secret.txt", "semgrep.generic-secret", "# ruleid: detected-generic-secret\nsecret=⟦«40:0-9»⟧\n\n# ruleid: detected-generic-secret\nSECRET: ⟦«39:0-9»⟧\n"),
        (Sg + "detected-artifactory-password.txt", "semgrep.artifactory-password", "# ruleid: detected-artifactory-password\nartifactoryx:_password=⟦AP6«10:A-Za-z0-9»⟧\n"),
        (Sg + "detected-artifactory-password.txt", "semgrep.artifactory-password", "# ruleid: detected-artifactory-password\nartifactoryx_password:⟦AP6«10:A-Za-z0-9»⟧\n"),
        (Sg + "detected-aws-session-token.txt", "semgrep.aws-session-token", "# cf. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html\n\nexport AWS_ACCESS_KEY_ID=⟦AKIA«16:A-Z0-9»⟧\nexport AWS_SECRET_ACCESS_KEY=⟦«40:A-Za-z0-9/+»⟧\n# ruleid: detected-aws-session-token\nexport AWS_SESSION_TOKEN=⟦FQoGZXIvYXdzE«300:A-Za-z0-9/+»=⟧\naws ec2 describe-instances --region us-west-1\n"),
        (Sg + "detected-ssh-password.txt", "semgrep.ssh-password", "# ruleid: detected-ssh-password\nsshpass -p '⟦«12:A-Za-z0-9»⟧'\n"),
        (Sg + "detected-npm-registry-auth-token.npmrc", "semgrep.npmrc", "registry=\"https://registry.npmjs.org/\"\nalways-auth=true\npackage-lock=false\n@myorg:registry=https://somewhere-else.com/myorg\n@another:registry=https://somewhere-else.com/another\n@acme:registry=https://acme.npm/releases\n# Informative\nemail=test@example.com\n# Risk\n# ruleid: detected-npm-registry-auth-token\n_auth = ⟦«15:A-Za-z0-9»=⟧\n# ruleid: detected-npm-registry-auth-token\n//registry.npmjs.org/:_authToken=⟦" + Uuid + "⟧\n# ruleid: detected-npm-registry-auth-token\n//somewhere-else.com/another:_auth=⟦«25:A-Za-z»⟧\n# ruleid: detected-npm-registry-auth-token\n//acme.npm/releases:_password=⟦«25:A-Za-z»⟧\n# ok: detected-npm-registry-auth-token\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}"),
        (Sg + "detected-etc-shadow.txt", "semgrep.etc-shadow", "root::17431:0:99999:7:::\ndaemon:*:17431:0:99999:7:::\nbin:*:17431:0:99999:7:::\nsys:*:17431:0:99999:7:::\nsync:*:17431:0:99999:7:::\nwww-data:*:17431:0:99999:7:::\nnobody:*:17431:0:99999:7:::\nsshd:*:17431:0:99999:7:::\nubuntu:⟦$6$«16:A-Za-z0-9»$«86:A-Za-z0-9./»⟧:0:99999:7:::"),
        (Sg + "detected-telegram-bot-api-key.php", "semgrep.telegram", "<?php\n\n// ruleid: detected-telegram-bot-api-key\ndefine('BOT_TOKEN', '⟦«8:0-9»:AA«33:A-Za-z0-9_-»⟧');\ndefine('API_URL', 'https://api.telegram.org/bot'.BOT_TOKEN.'/');\n\n?>\n"),
        (Sg + "detected-picatic-api-key.jsx", "semgrep.picatic", "import React, { PureComponent } from 'react'\nimport DialogTextInput from '../components/DialogTextInput'\nclass Login extends PureComponent {\n  render() {\n    const { user, fetchUser } = this.props\n    return (\n      <DialogTextInput\n        open\n        title=\"Enter Picatic API Key\"\n        value={\n          // ruleid: detected-picatic-api-key\n          user.apiKey ? user.apiKey : '⟦sk_live_«32:0-9a-f»⟧'\n        }\n        errorMessage={user.errorMessage}\n        // ruleid: detected-picatic-api-key\n        placeholder=\"⟦sk_live_«32:0-9a-f»⟧\"\n        handleClick={fetchUser}\n        buttonText=\"Login\"\n        required\n      />\n    )\n  }\n}\nexport default Login\n"),
        (Sg + "detected-hockeyapp.txt", "semgrep.hockeyapp", "<!-- ruleid: detected-hockeyapp -->\n<string name=\"hockeyapp_key\">⟦«32:0-9a-f»⟧</string>\n"),
        (Sg + "detected-kolide-api-key.txt", "semgrep.kolide", "# ruleid: detected-kolide-api-key\n⟦k2sk_v1_«24:A-Za-z0-9»⟧\n"),
        (Sg + "detected-sauce-token.txt", "semgrep.sauce", "# ruleid: detected-sauce-token\nSAUCE_ACCESS_KEY=⟦" + Uuid + "⟧\n\n# ruleid: detected-sauce-token\nsauce_access_key:⟦«8:0-9A-F»-«4:0-9A-F»-«4:0-9A-F»-«4:0-9A-F»-«12:0-9A-F»⟧\n"),
        (Sg + "detected-azure-storage-key.txt", "semgrep.azure-storage", "# ruleid: detected-azure-storage-key\nAccountKey=⟦«86:A-Za-z0-9/+»==⟧\n\n"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> Fixtures =>
    [
        (Wf + ".env", "fixture.env", "# Application\nAPP_ENV=production\nAPP_DEBUG=false\nAPP_KEY=⟦base64:«43:A-Za-z0-9+/»=⟧\nAPP_URL=https://shop.example.com\n\nDB_CONNECTION=mysql\nDB_HOST=db\nDB_PORT=3306\nDB_DATABASE=shop\nDB_USERNAME=shop\nDB_PASSWORD=⟦«16:A-Za-z0-9»⟧\n\nREDIS_HOST=redis\nREDIS_PASSWORD=⟦«24:A-Za-z0-9»⟧\n\nMAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_USERNAME=postmaster@mg.example.com\nMAIL_PASSWORD=⟦«32:0-9a-f»-«8:0-9a-f»-«8:0-9a-f»⟧\n\nSTRIPE_KEY=pk_live_«24:A-Za-z0-9»\nSTRIPE_SECRET=⟦sk_live_«24:A-Za-z0-9»⟧\nJWT_SECRET=⟦«64:A-Za-z0-9»⟧\n"),
        (Wf + "docker-compose.yml", "fixture.docker-compose", "version: \"3.8\"\nservices:\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: ⟦«18:A-Za-z0-9»⟧\n      POSTGRES_DB: app\n  web:\n    build: .\n    environment:\n      - DATABASE_URL=postgres://app:⟦«18:A-Za-z0-9»⟧@db:5432/app\n      - SECRET_KEY_BASE=⟦«128:0-9a-f»⟧\n      - RABBITMQ_DEFAULT_PASS=⟦«14:A-Za-z0-9»⟧\n    ports:\n      - \"8080:8080\"\n  mongo:\n    image: mongo:6\n    environment:\n      MONGO_INITDB_ROOT_USERNAME: root\n      MONGO_INITDB_ROOT_PASSWORD: \"⟦«20:A-Za-z0-9»⟧\"\n"),
        (Wf + "settings.py", "fixture.django-settings", "import os\nfrom pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n\n# SECURITY WARNING: keep the secret key used in production secret!\nSECRET_KEY = 'django-insecure-⟦«50:a-z0-9!@#%^&*_=+-»⟧'\n\nDEBUG = False\nALLOWED_HOSTS = ['example.com']\n\nDATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'mydb',\n        'USER': 'mydbuser',\n        'PASSWORD': '⟦«16:A-Za-z0-9»⟧',\n        'HOST': 'localhost',\n        'PORT': '5432',\n    }\n}\n\nEMAIL_HOST = 'smtp.sendgrid.net'\nEMAIL_HOST_USER = 'apikey'\nEMAIL_HOST_PASSWORD = '⟦SG.«22:A-Za-z0-9_-».«43:A-Za-z0-9_-»⟧'\nAWS_ACCESS_KEY_ID = '⟦AKIA«16:A-Z2-7»⟧'\nAWS_SECRET_ACCESS_KEY = '⟦«40:A-Za-z0-9/+»⟧'\nAWS_STORAGE_BUCKET_NAME = 'my-bucket'\n"),
        (Wf + "Jenkinsfile", "fixture.jenkinsfile", "pipeline {\n    agent any\n    environment {\n        DOCKER_PASSWORD = '⟦«16:A-Za-z0-9»⟧'\n        SONAR_TOKEN = \"⟦squ_«40:0-9a-f»⟧\"\n        SLACK_WEBHOOK = 'https://hooks.slack.com/services/⟦T«8:A-Z0-9»/B«10:A-Z0-9»/«24:A-Za-z0-9»⟧'\n    }\n    stages {\n        stage('Deploy') {\n            steps {\n                sh 'echo $DOCKER_PASSWORD | docker login -u ci --password-stdin registry.example.com'\n                sh \"curl -u admin:⟦«14:A-Za-z0-9»⟧ https://nexus.example.com/service/rest/v1/status\"\n            }\n        }\n    }\n}\n"),
        (Wf + ".npmrc", "fixture.npmrc", "registry=https://registry.npmjs.org/\n@company:registry=https://npm.pkg.github.com/\n//npm.pkg.github.com/:_authToken=⟦ghp_«36:A-Za-z0-9»⟧\n//registry.npmjs.org/:_authToken=⟦npm_«36:A-Za-z0-9»⟧\n//nexus.example.com/repository/npm/:_password=⟦«16:A-Za-z0-9»=⟧\n//nexus.example.com/repository/npm/:username=ci\nalways-auth=true\n"),
        (Wf + "secret.yaml", "fixture.k8s-secret", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-credentials\n  namespace: production\ntype: Opaque\ndata:\n  username: YWRtaW4=\n  password: ⟦«20:A-Za-z0-9+/»==⟧\n  api-key: ⟦«44:A-Za-z0-9+/»⟧\nstringData:\n  db-password: ⟦«18:A-Za-z0-9»⟧\n"),
        (Wf + "terraform.tfvars", "fixture.tfvars", "region          = \"eu-west-1\"\ninstance_type   = \"t3.micro\"\ndb_username     = \"admin\"\ndb_password     = \"⟦«20:A-Za-z0-9»⟧\"\ndatadog_api_key = \"⟦«32:0-9a-f»⟧\"\ndatadog_app_key = \"⟦«40:0-9a-f»⟧\"\ncloudflare_api_token = \"⟦«40:A-Za-z0-9_-»⟧\"\ngithub_token    = \"⟦ghp_«36:A-Za-z0-9»⟧\"\n"),
        (Wf + "application.properties", "fixture.spring-properties", "server.port=8080\nspring.datasource.url=jdbc:mysql://db.example.com:3306/app\nspring.datasource.username=app\nspring.datasource.password=⟦«16:A-Za-z0-9»⟧\nspring.mail.host=smtp.gmail.com\nspring.mail.username=noreply@example.com\nspring.mail.password=⟦«16:a-z»⟧\nspring.security.oauth2.client.registration.google.client-id=«12:0-9»-«32:a-z0-9».apps.googleusercontent.com\nspring.security.oauth2.client.registration.google.client-secret=⟦GOCSPX-«28:A-Za-z0-9_-»⟧\njwt.secret=⟦«48:A-Za-z0-9»⟧\n"),
        (Wf + "application.yml", "fixture.spring-yaml", "spring:\n  datasource:\n    url: jdbc:postgresql://localhost:5432/app\n    username: app\n    password: ⟦«16:A-Za-z0-9»⟧\n  rabbitmq:\n    host: mq\n    username: guest\n    password: ⟦«14:A-Za-z0-9»⟧\napp:\n  security:\n    jwt:\n      secret-key: ⟦«64:0-9a-f»⟧\n"),
        (Wf + "appsettings.json", "fixture.appsettings", "{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n  \"ConnectionStrings\": {\n    \"DefaultConnection\": \"Server=tcp:app.database.windows.net,1433;Initial Catalog=app;User ID=app;Password=⟦«16:A-Za-z0-9»⟧;Encrypt=True;\",\n    \"Storage\": \"DefaultEndpointsProtocol=https;AccountName=appstore;AccountKey=⟦«86:A-Za-z0-9+/»==⟧;EndpointSuffix=core.windows.net\"\n  },\n  \"Jwt\": { \"Key\": \"⟦«32:A-Za-z0-9»⟧\", \"Issuer\": \"app\" },\n  \"SendGrid\": { \"ApiKey\": \"⟦SG.«22:A-Za-z0-9_-».«43:A-Za-z0-9_-»⟧\" }\n}\n"),
        (Wf + "wp-config.php", "fixture.wp-config", "<?php\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', 'wpuser' );\ndefine( 'DB_PASSWORD', '⟦«16:A-Za-z0-9»⟧' );\ndefine( 'DB_HOST', 'localhost' );\n\ndefine( 'AUTH_KEY',         '⟦«64:A-Za-z0-9!@#%^&*()_+=|<>?:;.,~-»⟧' );\ndefine( 'SECURE_AUTH_KEY',  '⟦«64:A-Za-z0-9!@#%^&*()_+=|<>?:;.,~-»⟧' );\ndefine( 'NONCE_SALT',       '⟦«64:A-Za-z0-9!@#%^&*()_+=|<>?:;.,~-»⟧' );\n\n$table_prefix = 'wp_';\n"),
        (Wf + "database.yml", "fixture.rails-database", "default: &default\n  adapter: postgresql\n  encoding: unicode\n  pool: 5\n\nproduction:\n  <<: *default\n  database: app_production\n  username: app\n  password: ⟦«20:A-Za-z0-9»⟧\n  host: db.internal\n"),
        (Wf + ".github/workflows/deploy.yml", "fixture.gh-actions", "name: deploy\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      AWS_ACCESS_KEY_ID: ⟦AKIA«16:A-Z2-7»⟧\n      AWS_SECRET_ACCESS_KEY: ⟦«40:A-Za-z0-9/+»⟧\n      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n    steps:\n      - uses: actions/checkout@v4\n      - run: curl -H \"Authorization: token ⟦ghp_«36:A-Za-z0-9»⟧\" https://api.github.com/user\n"),
        (Wf + "Dockerfile", "fixture.dockerfile", "FROM node:20-alpine\nWORKDIR /app\nARG NPM_TOKEN=⟦npm_«36:A-Za-z0-9»⟧\nENV DATABASE_PASSWORD=⟦«16:A-Za-z0-9»⟧\nENV API_SECRET ⟦«32:A-Za-z0-9»⟧\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci\nCOPY . .\nCMD [\"node\", \"server.js\"]\n"),
        (Wf + ".netrc", "fixture.netrc", "machine api.heroku.com\n  login user@example.com\n  password ⟦«8:0-9a-f»-«4:0-9a-f»-«4:0-9a-f»-«4:0-9a-f»-«12:0-9a-f»⟧\nmachine git.heroku.com\n  login user@example.com\n  password ⟦«8:0-9a-f»-«4:0-9a-f»-«4:0-9a-f»-«4:0-9a-f»-«12:0-9a-f»⟧\n"),
        (Wf + ".git-credentials", "fixture.git-credentials", "https://ci-bot:⟦ghp_«36:A-Za-z0-9»⟧@github.com\nhttps://oauth2:⟦glpat-«20:A-Za-z0-9_-»⟧@gitlab.example.com\n"),
        (Wf + ".pypirc", "fixture.pypirc", "[distutils]\nindex-servers =\n    pypi\n    private\n\n[pypi]\nusername = __token__\npassword = ⟦pypi-AgEIcHlwaS5vcmc«70:A-Za-z0-9_-»⟧\n\n[private]\nrepository = https://pypi.example.com/\nusername = deploy\npassword = ⟦«18:A-Za-z0-9»⟧\n"),
        (Wf + ".docker/config.json", "fixture.docker-config", "{\n\t\"auths\": {\n\t\t\"https://index.docker.io/v1/\": {\n\t\t\t\"auth\": \"⟦«40:A-Za-z0-9+/»⟧\"\n\t\t},\n\t\t\"registry.example.com\": {\n\t\t\t\"auth\": \"⟦«28:A-Za-z0-9+/»==⟧\"\n\t\t}\n\t}\n}\n"),
        (Wf + "kubeconfig", "fixture.kubeconfig", "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: prod\nusers:\n- name: admin\n  user:\n    token: ⟦eyJhbGciOiJSUzI1NiIsImtpZCI6I«30:A-Za-z0-9_-».eyJ«120:A-Za-z0-9_-».«86:A-Za-z0-9_-»⟧\n- name: deployer\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t«60:A-Za-z0-9+/»\n    client-key-data: ⟦LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ«200:A-Za-z0-9+/»=⟧\n"),
        (Wf + "inventory.ini", "fixture.ansible-inventory", "[web]\nweb1.example.com ansible_user=deploy ansible_password=⟦«16:A-Za-z0-9»⟧\nweb2.example.com ansible_user=deploy ansible_ssh_pass=⟦«16:A-Za-z0-9»⟧ ansible_become_pass=⟦«16:A-Za-z0-9»⟧\n\n[db]\ndb1.example.com\n"),
        (Wf + "gradle.properties", "fixture.gradle-properties", "org.gradle.jvmargs=-Xmx2048m\nsigning.keyId=«8:0-9A-F»\nsigning.password=⟦«16:A-Za-z0-9»⟧\nossrhUsername=deployer\nossrhPassword=⟦«20:A-Za-z0-9»⟧\nMAVEN_CENTRAL_TOKEN=⟦«44:A-Za-z0-9+/»⟧\n"),
        (Wf + "settings.xml", "fixture.maven-settings", "<settings>\n  <servers>\n    <server>\n      <id>nexus-releases</id>\n      <username>deployment</username>\n      <password>⟦«16:A-Za-z0-9»⟧</password>\n    </server>\n    <server>\n      <id>github</id>\n      <username>ci</username>\n      <password>⟦ghp_«36:A-Za-z0-9»⟧</password>\n    </server>\n  </servers>\n</settings>\n"),
        (Wf + ".s3cfg", "fixture.s3cfg", "[default]\naccess_key = ⟦AKIA«16:A-Z2-7»⟧\nsecret_key = ⟦«40:A-Za-z0-9/+»⟧\nhost_base = s3.amazonaws.com\nhost_bucket = %(bucket)s.s3.amazonaws.com\nuse_https = True\n"),
        (Wf + "rclone.conf", "fixture.rclone", "[b2]\ntype = b2\naccount = «12:0-9a-f»\nkey = ⟦K«30:A-Za-z0-9»⟧\n\n[s3]\ntype = s3\nprovider = AWS\naccess_key_id = ⟦AKIA«16:A-Z2-7»⟧\nsecret_access_key = ⟦«40:A-Za-z0-9/+»⟧\n"),
        (Wf + ".pgpass", "fixture.pgpass", "db.example.com:5432:app:app:⟦«20:A-Za-z0-9»⟧\nlocalhost:5432:*:postgres:⟦«16:A-Za-z0-9»⟧\n"),
        (Wf + "config.toml", "fixture.toml", "[server]\nport = 8080\n\n[database]\nurl = \"postgres://app:⟦«16:A-Za-z0-9»⟧@db:5432/app\"\n\n[slack]\nbot_token = \"⟦xoxb-«12:0-9»-«13:0-9»-«24:A-Za-z0-9»⟧\"\nsigning_secret = \"⟦«32:0-9a-f»⟧\"\n"),
        (Wf + "values.yaml", "fixture.helm-values", "image:\n  repository: app\n  tag: 1.2.3\npostgresql:\n  auth:\n    postgresPassword: ⟦«16:A-Za-z0-9»⟧\n    password: ⟦«16:A-Za-z0-9»⟧\nredis:\n  auth:\n    password: \"⟦«20:A-Za-z0-9»⟧\"\nsmtp:\n  password: ⟦«16:A-Za-z0-9»⟧\nsentry:\n  dsn: https://«32:0-9a-f»@o«6:0-9».ingest.sentry.io/«7:0-9»\n"),
        (Wf + ".travis.yml", "fixture.travis", "language: node_js\nnode_js:\n  - 20\nenv:\n  global:\n    - CODECOV_TOKEN=⟦" + Uuid + "⟧\n    - SAUCE_ACCESS_KEY=⟦" + Uuid + "⟧\ndeploy:\n  provider: npm\n  email: dev@example.com\n  api_key: ⟦npm_«36:A-Za-z0-9»⟧\n"),
        (Wf + "config.js", "fixture.node-config", "module.exports = {\n  port: process.env.PORT || 3000,\n  mongoUri: 'mongodb+srv://app:⟦«16:A-Za-z0-9»⟧@cluster0.«5:a-z0-9».mongodb.net/app',\n  sessionSecret: '⟦«32:A-Za-z0-9»⟧',\n  twilio: {\n    accountSid: 'AC«32:0-9a-f»',\n    authToken: '⟦«32:0-9a-f»⟧',\n  },\n  openai: { apiKey: '⟦sk-proj-«48:A-Za-z0-9_-»T3BlbkFJ«48:A-Za-z0-9_-»⟧' },\n};\n"),
        (Wf + "local.settings.json", "fixture.azure-functions", "{\n  \"IsEncrypted\": false,\n  \"Values\": {\n    \"AzureWebJobsStorage\": \"DefaultEndpointsProtocol=https;AccountName=fnstore;AccountKey=⟦«86:A-Za-z0-9+/»==⟧;EndpointSuffix=core.windows.net\",\n    \"FUNCTIONS_WORKER_RUNTIME\": \"dotnet\",\n    \"ServiceBusConnection\": \"Endpoint=sb://app.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=⟦«43:A-Za-z0-9+/»=⟧\",\n    \"CosmosKey\": \"⟦«86:A-Za-z0-9+/»==⟧\"\n  }\n}\n"),
        (Wf + ".htpasswd", "fixture.htpasswd", "admin:⟦$apr1$«8:A-Za-z0-9./»$«22:A-Za-z0-9./»⟧\ndeploy:⟦$2y$10$«53:A-Za-z0-9./»⟧\n"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> All =>
        Kingfisher.Concat(Talisman).Concat(GitSecrets).Concat(DetectSecrets).Concat(Gitleaks).Concat(Ggshield).Concat(Semgrep).Concat(Fixtures);
}
