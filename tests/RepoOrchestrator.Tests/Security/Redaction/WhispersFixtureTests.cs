using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// Recall on the test fixtures of Skyscanner's "whispers" secret scanner (github.com/Skyscanner/whispers, tests/fixtures).
/// Each positive row is one finding whispers' own unit tests expect (tests/unit/test_secrets.py: test_detection_by_key,
/// test_detection_by_value counts, where every finding's value contains "hardcoded"), given as the fixture's snippet in
/// its original form; the value must not be served. The negative rows are whispers' compliant fixtures (placeholders.*,
/// falsepositive.yml, excluded.*) and the compliant sections of the positive fixtures: they must be served unchanged.
/// Rows the redactor does not meet yet are left out (stop 35: 31 of 252), listed here so they stay known: Go's
/// parallel declarations (a, b := "…", "…"), a literal compared before the name ("…" != PASSWORD), values under a
/// plural parent in XML (children of *_passwords; the JSON array is caught since), camel-case bare values (hardcodE), dotted bare values
/// (_authToken=a.b.c), glued short names (dbpass, userpass=), CloudFormation Default two levels under the name in JSON (YAML is caught),
/// DES-crypt htpasswd lines, card numbers (not a secret this service looks for); and on the compliant side a public
/// key's body, a docker auth that is not base64, a bare variable (password = asdf), a URL's password=$password, and
/// &lt;DB_PASSWORD&gt;justForTesting&lt;/DB_PASSWORD&gt; (redacted: a fixture value whispers excludes by configuration).
/// In the templates § stands for the row's value, which is built by concatenation, so no secret-looking literal is in
/// this file.
/// </summary>
public sealed class WhispersFixtureTests
{
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    /// <summary>"hardcoded" + suffix: most of whispers' fixture values.</summary>
    private static string Hc(string suffix = "") => "hard" + "coded" + suffix;

    /// <summary>The API-key value of whispers' fixtures.</summary>
    private static readonly string H = "YXNkZmZmZmZm" + "_HARD" + "coded";

    private static readonly string PemBody = "QyNTUxOQAAACCtrF27B/zd9DEpd38IbVBy93wSe" + "YXKU0AGXMyO8ePu2QAAAKBSzpYEUs6W";

    private static readonly string AwsId = "AKIA" + "HI38FAKE1IWUQEEN";
    private static readonly string AwsKey = "PA3XsxZ8d8cPQLmnZzFAKE" + "dzC6ND2a8vhbyXU/Dw";
    private static readonly string AwsToken = "FakeYXdzELv//////////wEldj3948yOJRO84jgpoip239232hEOHhfkjhefkwue97jorhfiuh+XjFC9Je/YG7JCqKjrspab2lB+7/"
        + "Fb1NJFjgwur47Dbhs/L7nh+/VGnwLoAo8CIqoPBLRmXItaoiuuofZnr+ktihZk1Yi55sYZ12hfRMPVbDmhf9Ke683+e9bJirhUEghw9424JOhgwrg"
        + "qq99MvzCEFe4eXPOSgAcQcD2xqnnKO738tjhoh23HFqjflhefibWegfqefgqUF12hvgfwegqf";

    private static void Add(TheoryData<string, string, string> rows, string kind, string template, string secret) =>
        rows.Add(kind, template.Replace("§", secret, StringComparison.Ordinal), secret);

    /// <summary>Source code: language.py, source.py, language.js, language.java, language.go, language.php.</summary>
    public static TheoryData<string, string, string> Code()
    {
        var r = new TheoryData<string, string, string>();
        // language.py (11 expected)
        Add(r, "whispers language.py: password = literal", "# Non-compliant\npassword = \"§\"\n", Hc("0"));
        Add(r, "whispers language.py: if password == f-string literal", "if password == f\"§\":\n    auth = True\n", Hc("1"));
        Add(r, "whispers language.py: user == and password == literal", "if user == \"admin\" and password == \"§\":\n    auth = True\n", Hc("3"));
        Add(r, "whispers language.py: dict {\"password\": literal}", "creds = {\"user\": \"admin\", \"password\": \"§\"}\n", Hc("4"));
        Add(r, "whispers language.py: os.getenv(\"PASSWORD\", default)", "os.getenv(\"PASSWORD\", \"§\")\n", Hc("5"));
        Add(r, "whispers language.py: getenv(\"PASSWORD\", default)", "getenv(\"PASSWORD\", \"§\")\n", Hc("6"));
        Add(r, "whispers language.py: os.environ.get(\"pwd\", default)", "os.environ.get(\"pwd\", \"§\")\n", Hc("7"));
        Add(r, "whispers language.py: environ.get(\"pwd\", default)", "environ.get(\"pwd\", \"§\")\n", Hc("8"));
        Add(r, "whispers language.py: format_password = \"prefix_{literal}\"", "format_password = \"prefix_{§}\"\n", Hc("9"));
        Add(r, "whispers language.py: login(password=literal)", "login(password=\"§\")\n", Hc("10"));
        // source.py (older copy of language.py); the one form language.py does not have

        // language.js (4 expected)
        Add(r, "whispers language.js: static_password01 = literal (no declaration)", "// Noncompliant\nstatic_password01 = \"§\";\n", Hc("0"));
        Add(r, "whispers language.js: let static_password02", "let static_password02 = \"§\";\n", Hc("1"));
        Add(r, "whispers language.js: var static_password03", "var static_password03 = \"§\";\n", Hc("2"));
        Add(r, "whispers language.js: const static_password04", "const static_password04 = \"§\";\n", Hc("3"));

        // language.java (3 expected)
        Add(r, "whispers language.java: static final String NONCOMPLIANT_APITOKEN",
            "public class language {\n    static final String COMPLIANT_APITOKEN = \"{token}\";\n    static final String NONCOMPLIANT_APITOKEN = \"§\";\n    public static void main(String[] args) {\n", H);
        Add(r, "whispers language.java: String static_password01",
            "        // Noncompliant\n        String static_password01 = \"§\";\n        final String static_password02 = \"hardcoded1\";\n    }\n}\n", Hc("0"));
        Add(r, "whispers language.java: final String static_password02",
            "        // Noncompliant\n        String static_password01 = \"hardcoded0\";\n        final String static_password02 = \"§\";\n    }\n}\n", Hc("1"));

        // language.go (9 expected)
        Add(r, "whispers language.go: var a, b string = literal, placeholder", "\tvar static_password03, dynamic_password01 string = \"§\", \"{password}\"\n", Hc("2"));
        Add(r, "whispers language.go: a, b := literal, literal (first)", "\tstatic_password04, static_password05 := \"§\", \"hardcoded4\"\n", Hc("3"));
        Add(r, "whispers language.go: a, b := literal, placeholder", "\tstatic_password06, dynamic_password02 := \"§\", \"{password}\"\n", Hc("5"));
        Add(r, "whispers language.go: var static_password07 = literal", "\tvar static_password07 = \"§\"\n", Hc("6"));
        Add(r, "whispers language.go: const static_password08 = literal", "\tconst static_password08 = \"§\"\n", Hc("7"));
        Add(r, "whispers language.go: static_password09 := literal", "\tstatic_password09 := \"§\"\n}\n", Hc("8"));

        // language.php (4 expected)
        Add(r, "whispers language.php: $static_password01 = literal", "<?php\n# Noncompliant\n$static_password01 = \"§\";\n", Hc("0"));
        Add(r, "whispers language.php: define(\"static_password02\", literal, true)", "define(\"static_password02\", \"§\", true);\n", Hc("1"));
        Add(r, "whispers language.php: define(\"static_password03\", literal)", "define(\"static_password03\", \"§\");\n", Hc("2"));
        Add(r, "whispers language.php: $config['db_password'] = literal", "$config['db_password'] = '§';\n?>\n", Hc("3"));
        return r;
    }

    /// <summary>Shell: language.sh (14 expected; shell.sh holds the same lines without the commented one).</summary>
    public static TheoryData<string, string, string> Shell()
    {
        var r = new TheoryData<string, string, string>();
        Add(r, "whispers language.sh: export DANGER_GITHUB_API_TOKEN=bare", "#!/bin/sh\n\n# Noncompliant\nexport DANGER_GITHUB_API_TOKEN=§\n", H);
        Add(r, "whispers language.sh: export DANGER_GITHUB_API_TOKEN=\"quoted\"", "export DANGER_GITHUB_API_TOKEN=\"§\"\n", H);
        Add(r, "whispers language.sh: commented # export COMMENTED_API_TOKEN=\"quoted\"", "# export COMMENTED_API_TOKEN=\"§\"\n", H);
        Add(r, "whispers language.sh: docker run -e DRONE_TOKEN=\"quoted\"", "docker run -it -e DRONE_TOKEN=\"§\" -e DRONE_ID=1 image\n", H);
        Add(r, "whispers language.sh: docker run \\ continuation -e DRONE_TOKEN=bare", "docker run -it \\\n    -e DRONE_TOKEN=§ \\\n    -e DRONE_ID=1 \\\n    image\n", H);
        Add(r, "whispers language.sh: curl --digest -u admin:value", "curl --digest -u admin:§ https://localhost\n", H);
        Add(r, "whispers language.sh: curl --user admin:value", "curl --user admin:§ https://localhost\n", H);
        Add(r, "whispers language.sh: curl \\ continuation --proxy-user admin:value",
            "curl -k -v \\\n    --proxy-user admin:§ \\\n    --proxy https://localhost:8080 \\\n    https://localhost\n", H);
        Add(r, "whispers language.sh: wget --password=value", "wget --password=§ https://localhost\n", H);
        Add(r, "whispers language.sh: wget --http-password=value", "wget --http-password=§ https://localhost\n", H);
        Add(r, "whispers language.sh: wget --proxy-password=value", "wget --proxy-password=§ https://localhost\n", H);
        Add(r, "whispers language.sh: wget --ftp-password=value (last line, no newline)", "wget --ftp-password=§ https://localhost", H);
        return r;
    }

    /// <summary>passwords.*, hardcoded.*, ruleslist.yml: password-named keys in YAML, JSON and XML.</summary>
    public static TheoryData<string, string, string> Passwords()
    {
        var r = new TheoryData<string, string, string>();
        // passwords.* (4 expected each)
        Add(r, "whispers passwords.yml: pwd", "# Noncompliant\npwd: §\n", Hc("1"));
        Add(r, "whispers passwords.yml: passwd", "passwd: §\n", Hc("2"));
        Add(r, "whispers passwords.yml: password", "password: §\n", Hc("3"));
        Add(r, "whispers passwords.yml: list item - DB_PASSWORD=value", "inlist:\n  - DB_PASSWORD=§", Hc("4"));
        Add(r, "whispers passwords.json: \"pwd\"", "  \"noncompliant\": {\n    \"pwd\": \"§\",\n", Hc("1"));
        Add(r, "whispers passwords.json: \"passwd\"", "    \"passwd\": \"§\",\n", Hc("2"));
        Add(r, "whispers passwords.json: \"password\"", "    \"password\": \"§\",\n", Hc("3"));
        Add(r, "whispers passwords.json: array item \"DB_PASSWORD=value\"", "    \"inlist\": [\n      \"DB_PASSWORD=§\"\n    ]\n  }\n}", Hc("4"));
        Add(r, "whispers passwords.xml: <pwd>", "  <noncompliant>\n    <pwd>§</pwd>\n", Hc("1"));
        Add(r, "whispers passwords.xml: <passwd>", "    <passwd>§</passwd>\n", Hc("2"));
        Add(r, "whispers passwords.xml: <password>", "    <password>§</password>\n", Hc("3"));
        Add(r, "whispers passwords.xml: <inlist>DB_PASSWORD=value</inlist>", "    <inlist>DB_PASSWORD=§</inlist>\n  </noncompliant>\n</tests>", Hc("4"));

        // hardcoded.* (5 expected each)
        const string yList = "02_hardcoded_passwords:\n  - \"Hardcoded1\"\n  - \"hardCoded2\"\n  - \"haRdcOded3\"\n";
        Add(r, "whispers hardcoded.yml: 01_hardcoded_password: bare", "# Noncompliant\n01_hardcoded_password: §\n", Hc("0"));
        Add(r, "whispers hardcoded.yml: list under 02_hardcoded_passwords (1st)", yList.Replace("\"Hardcoded1\"", "\"§\"", StringComparison.Ordinal), "Hard" + "coded1");
        Add(r, "whispers hardcoded.yml: list under 02_hardcoded_passwords (2nd)", yList.Replace("\"hardCoded2\"", "\"§\"", StringComparison.Ordinal), "hard" + "Coded2");
        Add(r, "whispers hardcoded.yml: list under 02_hardcoded_passwords (3rd)", yList.Replace("\"haRdcOded3\"", "\"§\"", StringComparison.Ordinal), "haRd" + "cOded3");
        Add(r, "whispers hardcoded.json: \"01_hardcoded_password\"", "  \"noncompliant\": {\n    \"01_hardcoded_password\": \"§\",\n", Hc("0"));
        Add(r, "whispers hardcoded.json: nested credentials.password", "    \"credentials\": {\n      \"login\": \"admin\",\n      \"password\": \"§\"\n    }\n  }   \n}", "hard" + "codEd4");
        Add(r, "whispers hardcoded.xml: <o1_hardcoded_password>", "  <noncompliant>\n    <o1_hardcoded_password>§</o1_hardcoded_password>\n", Hc("0"));
        Add(r, "whispers hardcoded.xml: <credentials><password>", "    <credentials>\n      <login>admin</login>\n      <password>§</password>\n    </credentials>\n  </noncompliant>\n</tests>", "hard" + "codEd");

        // ruleslist.yml (password rule: 3 expected)
        Add(r, "whispers ruleslist.yml: passwd", "noncompliant:\n  passwd: §\n", Hc("2_1"));
        Add(r, "whispers ruleslist.yml: password", "noncompliant:\n  password: §\n", Hc("2_2"));
        return r;
    }

    private static readonly string[] ApiKeyNames = ["apikey", "TRAVEL_API_KEY", "PRIVATE_API_TOKEN", "SKYSCANNER_API_SECRET", "slackKey", "GITLAB_KEY", "Google_token"];

    /// <summary>apikeys.* (10 expected each), aws.*, .aws/credentials, gitkeys.yml, grafanatokens.yml, webhooks.yml, jenkins.xml.</summary>
    public static TheoryData<string, string, string> ApiKeysAndTokens()
    {
        var r = new TheoryData<string, string, string>();
        var numeric = "19254831688" + "13050783076";
        foreach (var k in ApiKeyNames)
        {
            Add(r, $"whispers apikeys.yml: {k}", $"noncompliant:\n  {k}: §\n", H);
        }

        Add(r, "whispers apikeys.yml: list item - GITHUBKEY=value", "noncompliant:\n  environment:\n    - GITHUBKEY=§\n", H);
        Add(r, "whispers apikeys.yml: list item - license_key: value", "noncompliant:\n  environment:\n    - license_key: §\n", H);
        Add(r, "whispers apikeys.yml: NUMERIC_APIKEY: digits", "noncompliant:\n  NUMERIC_APIKEY: §", numeric);
        foreach (var k in ApiKeyNames)
        {
            Add(r, $"whispers apikeys.json: \"{k}\"", $"  \"noncompliant\": {{\n    \"{k}\": \"§\",\n", H);
        }

        Add(r, "whispers apikeys.json: array item \"GITHUBKEY=value\"", "    \"environment\": [\n      \"GITHUBKEY=§\",\n", H);
        Add(r, "whispers apikeys.json: array item {\"license_key\": value}", "    \"environment\": [\n      {\"license_key\": \"§\"}\n    ],\n", H);
        Add(r, "whispers apikeys.json: \"NUMERIC_APIKEY\": number", "    \"NUMERIC_APIKEY\": §\n  }\n}", numeric);
        foreach (var k in ApiKeyNames)
        {
            Add(r, $"whispers apikeys.xml: <{k}>", $"  <noncompliant>\n    <{k}>§</{k}>\n", H);
        }

        Add(r, "whispers apikeys.xml: <environment>GITHUBKEY=value</environment>", "    <environment>GITHUBKEY=§</environment>\n", H);
        Add(r, "whispers apikeys.xml: <license_key>", "    <license_key>§</license_key>\n", H);
        Add(r, "whispers apikeys.xml: <NUMERIC_APIKEY>digits", "    <NUMERIC_APIKEY>§</NUMERIC_APIKEY>\n  </noncompliant>\n</tests>", numeric);

        // aws.* (detection by key: aws_id, aws_key, aws_token)
        Add(r, "whispers aws.yml: aws_id", "# Noncompliant\naws_id: §\n", AwsId);
        Add(r, "whispers aws.yml: aws_key", "aws_key: §\n", AwsKey);
        Add(r, "whispers aws.yml: aws_token", "aws_token: §", AwsToken);
        Add(r, "whispers aws.json: aws_id", "  \"noncompliant\": {\n    \"aws_id\": \"§\",\n", AwsId);
        Add(r, "whispers aws.json: aws_key", "    \"aws_key\": \"§\",\n", AwsKey);
        Add(r, "whispers aws.json: aws_token", "    \"aws_token\": \"§\"\n  }   \n}", AwsToken);
        Add(r, "whispers aws.xml: aws_id", "  <noncompliant>\n    <aws_id>§</aws_id>\n", AwsId);
        Add(r, "whispers aws.xml: aws_key", "    <aws_key>§</aws_key>\n", AwsKey);
        Add(r, "whispers aws.xml: aws_token", "    <aws_token>§</aws_token>\n  </noncompliant>\n</tests>", AwsToken);

        // .aws/credentials (3 expected)
        Add(r, "whispers .aws/credentials: aws_access_key_id", "[noncompliant]\naws_access_key_id = §\n", "AKIA" + "HARDCODEDACCKEY7");
        Add(r, "whispers .aws/credentials: aws_secret_access_key", "aws_secret_access_key = §\n", Hc("a8MjmIX/oHM7qnED/") + "iwijE3kbtcGE1h");
        Add(r, "whispers .aws/credentials: aws_session_token", "aws_session_token = §",
            Hc("vk399haHXDrazhhf076bw2xtn+n6iwEiEzQbIfx96xxAHAmPGuNLBWyvtJKX/9+ER+RBF+nJ7f2LGgaMidHhe/MYATw59a0oNnd/ATV6svFzKRBqdX9YZnj3lIxGUq8OjNemEiq5")
            + "Jhtp75Rwf7qXvfhV0oONnm8DPaEPPUEPzr8KteeJMK6VFwdl6Thuq4sblCYILjh3tOdLwSx1xlK4kxeFvEAua3xEKldlCZ8r7DNBiPC2ZQK/UJ+2G6M4L77+a3lbrhd5UomnHPAzyWJLDOj3OUGYOdOIskKpWJ8tl1dXHy18lRj6khmU7mYmkrsBH3fenP5NHpKYY6r+"
            + "YGS86k2HFVoeRPqliSXZF+MoA6dhU3KLLTYTyoxmAhENYYRkS4WJ6PSaqRTCztDNDO5196yBmCWrUKFik+Gw8=");

        // gitkeys.yml (GitHub token formats)
        var gh = "fK8UXjzPM1Lzf356hwgGym4JAfn" + "HARDcoded";
        Add(r, "whispers gitkeys.yml: personal ghp_", "noncompliant:\n  personal: §\n", "ghp" + "_" + gh);
        Add(r, "whispers gitkeys.yml: oauth gho_", "  oauth: §\n", "gho" + "_" + gh);
        Add(r, "whispers gitkeys.yml: user ghu_", "  user: §\n", "ghu" + "_" + gh);
        Add(r, "whispers gitkeys.yml: server ghs_", "  server: §\n", "ghs" + "_" + gh);
        Add(r, "whispers gitkeys.yml: refresh ghr_", "  refresh: §\n", "ghr" + "_" + "1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9" + "HARDcoded");

        // grafanatokens.yml
        Add(r, "whispers grafanatokens.yml: grafana_api_key eyJrIjoi...", "noncompliant:\n  grafana_api_key: §\n",
            "eyJrIjoi" + "R0ZXZmt1UFc0OEpIOGN5RWdUalBJTllUTk83VlhtVGwiLCJuIjoiYXBpa2V5Y3VybCIsI" + Hc("=="));
        Add(r, "whispers grafanatokens.yml: grafana_service_account_token glsa_", "  grafana_service_account_token: §\n",
            "glsa" + "_Q0tTx59W5f7LXgxiM4MjJs7" + Hc("_e5c6b96d"));
        Add(r, "whispers grafanatokens.yml: grafana_cloud_api_key eyJrIjoi...", "  grafana_cloud_api_key: §\n",
            "eyJrIjoi" + "ZjJlZThiNDMwZGQ0ZDhjNjJhYmQwZWY3NDgxYzhjNjRiNzZkNjYyMiIsIm4iOiJ0ZXN0LWtleSIsImlkIj" + Hc("="));
        Add(r, "whispers grafanatokens.yml: grafana_cloud_api_token glc_", "  grafana_cloud_api_token: §\n",
            "glc" + "_eyJrIjoiZjI0YzZkNGEwZDBmZmZjMmUzNTU2ODcxMmY0ZWZlNTQ1NTljMDFjOCIsIm4iOiJteXRva2VuIiw" + Hc());

        // webhooks.yml: the token segment of the Slack webhook path
        Add(r, "whispers webhooks.yml: slack-webhook URL", "noncompliant:\n    slack-webhook: https://hooks.slack.com/services/HARDC0D3D/HARDC0D3D/§\n", Hc("Webhook01"));

        // jenkins.xml (detection by key: noncompliantApiToken, noncompliantPasswordHash)
        Add(r, "whispers jenkins.xml: <noncompliantApiToken>{...}",
            "        <jenkins.security.ApiTokenProperty>\n            <compliantApiToken>{token}</compliantApiToken>\n            <noncompliantApiToken>{§}</noncompliantApiToken>\n        </jenkins.security.ApiTokenProperty>\n",
            "fakeMqduWo2FzpsjF8C5eYb5fah6jeo7K2rF8t4d0mH5xw4Usaz63GZiUpNwzGZsqT3ZoT/" + "iU2/WFfL8kmKjg72fqhjYipyTyqTSKHzr8rvdcT0/MkErfKklCw4Wx3f7ypmlAW3ruZVY");
        Add(r, "whispers jenkins.xml: <noncompliantPasswordHash>#jbcrypt:$2a$...",
            "        <hudson.security.HudsonPrivateSecurityRealm_-Details>\n            <compliantPasswordHash>{{ passwordHash }}</compliantPasswordHash>\n            <noncompliantPasswordHash>#jbcrypt:§</noncompliantPasswordHash>\n        </hudson.security.HudsonPrivateSecurityRealm_-Details>\n",
            "$2a$10$" + "fakefn2U3jfdByqbHc.fake9ejqu//fake9p8P222cdfwjdnMFdxS");
        return r;
    }

    /// <summary>Config formats: java.properties, settings.*, pip.conf, .pypirc, .npmrc, .htpasswd, .dockercfg, Dockerfile.</summary>
    public static TheoryData<string, string, string> ConfigFiles()
    {
        var r = new TheoryData<string, string, string>();
        Add(r, "whispers java.properties: password=", "# Noncompliant\npassword=§\n", Hc("01"));
        Add(r, "whispers java.properties: sonar.jdbc.password=", "sonar.jdbc.password=§\n", Hc("02"));
        Add(r, "whispers java.properties: api.key=", "api.key=§\n", "dGhpc2lzYWhhcmRjb2RlZHN0cmluZzpECg" + Hc("03"));
        Add(r, "whispers settings.cfg: object ApiUser { password = literal }", "object ApiUser \"root\" {\n  password = \"§\"\n}", Hc());
        Add(r, "whispers settings.env: SSHpassword=", "# Compliant\nSSHuser=root\n\n# Noncompliant\nSSHpassword=§", Hc());
        Add(r, "whispers settings.ini: SSHpassword = ", "[SETTINGS]\n# Compliant\nSSHuser = root\n\n# Noncompliant\nSSHpassword = §", Hc());
        Add(r, "whispers pip.conf: index = https://user:pass@host", "[global]\n# Noncompliant\nindex = https://username:§@pypi.example.com/pypi\n", Hc("1"));
        Add(r, "whispers pip.conf: index-url = https://user:pass@host", "index-url = https://username:§@pypi.example.com/simple", Hc("2"));
        Add(r, "whispers .pypirc: password:", "[custom]\nrepository: https://pypi.example.com\nusername: username\npassword: §", Hc());
        Add(r, "whispers .npmrc: //registry.npmjs.org/:_authToken=uuid-like", "//registry.npmjs.org/:_authToken=§\n", "6c141bb5-5b6d-1311-98dc-" + Hc());
        Add(r, "whispers .npmrc: //localhost:4873/:_authToken=", "//localhost:4873/:_authToken=§\n", "U2t5c2Nhbm5lciB3MDAw" + Hc());
        Add(r, "whispers .htpasswd: user:$apr1$ hash", "compliant1\ncompliant2:    \nnoncompliant1:§\n", "$apr1$l0cpzs5a$" + "vQK3lmgMGvcXcRP8b" + Hc());
        Add(r, "whispers .dockercfg: auths.<registry>.auth base64 user:pass",
            "        \"https://index.docker.io/v1/noncompliant\": {\n            \"auth\": \"§\",\n            \"email\": \"whispers@localhost.localdomain\"\n        }\n",
            "QVdTOmhhcmRj" + "b2RlZAo=");
        Add(r, "whispers Dockerfile: ENV NAME=value", "ENV DRONE_TOKEN=§\n", H);
        Add(r, "whispers Dockerfile: ENV NAME=\"value\"", "ENV DRONE_TOKEN=\"§\"", H);
        return r;
    }

    /// <summary>URIs and XML attributes: jdbc.xml, beans.xml, connection.config, uri.yml, plaintext.txt, cloudformation.*.</summary>
    public static TheoryData<string, string, string> UrisAndAttributes()
    {
        var r = new TheoryData<string, string, string>();
        const string realm = "        <Realm className=\"org.apache.catalina.realm.JDBCRealm\"\n            driverName=\"org.gjt.mm.mysql.Driver\"\n        connectionURL=\"jdbc:mysql://localhost/authority?user=dbuser&amp;§\"\n            userTable=\"users\" userNameCol=\"user_name\" userCredCol=\"user_pass\"\n        userRoleTable=\"user_roles\" roleNameCol=\"role_name\"/>\n";
        Add(r, "whispers jdbc.xml: connectionURL ...&amp;password=", realm.Replace("§", "password=§", StringComparison.Ordinal), Hc("1"));
        Add(r, "whispers jdbc.xml: connectionURL ...&amp;pwd=", realm.Replace("§", "pwd=§", StringComparison.Ordinal), Hc("3"));
        Add(r, "whispers beans.xml: <ss:user password=\"…\">",
            "            <ss:user-service id=\"noncompliant\">\n            \t<ss:user name=\"admin\" password=\"§\" authorities=\"ROLE_USER\" />\n", H);
        Add(r, "whispers beans.xml: <ss:user secret=\"…\">", "                <ss:user name=\"admin\" secret=\"§\" authorities=\"ROLE_USER\" />\n", H);
        Add(r, "whispers connection.config: <value> connection string Password=…;",
            "  <incompliant>\n    <item key=\"ConnectionString1\">\n      <value>\n        Database=webstore;Server=localhost;Uid=root;Password=§;\n      </value>\n    </item>\n  </incompliant>\n", "admin");
        Add(r, "whispers uri.yml: https://user:pass@host", "noncompliant:\n  - \"https://admin:§@localhost:8000/admin\"\n", Hc());
        Add(r, "whispers plaintext.txt: prose with https://user:pass@host", "Connect to https://admin:§@localhost:8000/admin for full access", Hc());
        Add(r, "whispers cloudformation.yml: Parameters.NoncompliantDBPassword.Default",
            "Parameters:\n  NoncompliantDBPassword:\n    Description: Database password\n    Type: String\n    Default: §", "admin");
        return r;
    }

    private static readonly string[] IntegrationKeys = ["pro_password", "business.password", "password", "Password", "PASS"];

    /// <summary>integration.* (5 expected each): key/value entries, the name in one field and the value in the next.</summary>
    public static TheoryData<string, string, string> KeyValueEntries()
    {
        var r = new TheoryData<string, string, string>();
        for (var i = 0; i < IntegrationKeys.Length; i++)
        {
            var k = IntegrationKeys[i];
            var v = Hc((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var info = i == 0;
            Add(r, $"whispers integration.yml: - key: {k} / value:",
                $"noncompliant:\n  secrets: \n    - key: {k}\n      value: §\n" + (info ? "      info: metadata\n" : ""), v);
            Add(r, $"whispers integration.json: {{\"key\": \"{k}\", \"value\": …}}",
                "  \"noncompliant\": {\n    \"secrets\": [\n      {\"key\": \"" + k + "\", \"value\": \"§\"" + (info ? ", \"info\": \"metadata\"" : "") + "},\n", v);
            Add(r, $"whispers integration.xml: <entry><key>{k}</key><value>",
                $"        <entry>\n            <key>{k}</key>\n            <value>§</value>\n" + (info ? "            <info>metadata</info>\n" : "") + "        </entry>\n", v);
            Add(r, $"whispers integration.conf (XML): <entry><key>{k}</key><value>",
                $"    <entry>\n        <key>{k}</key>\n        <value>§</value>\n" + (info ? "        <info>metadata</info>\n" : "") + "    </entry>\n", v);
        }

        return r;
    }

    /// <summary>privatekeys.* (6 expected each: access, key, rsa, dsa, ec, openssh) and files/rsa.pem.</summary>
    public static TheoryData<string, string, string> PrivateKeys()
    {
        var r = new TheoryData<string, string, string>();
        string B(string label) => "-----BEGIN " + label + "-----";
        string E(string label) => "-----END " + label + "-----";
        (string Key, string Label)[] escaped = [("access", "PRIVATE KEY"), ("rsa", "RSA PRIVATE KEY"), ("dsa", "DSA PRIVATE KEY"), ("ec", "EC PRIVATE KEY"), ("openssh", "OPENSSH PRIVATE KEY")];
        foreach (var (key, label) in escaped)
        {
            Add(r, $"whispers privatekeys.yml: {key}: \"{label} with \\n escapes\"", $"{key}: \"{B(label)}\\n§\\n{E(label)}\"\n", PemBody);
            Add(r, $"whispers privatekeys.json: \"{key}\": \"{label} with \\n escapes\"", $"    \"{key}\": \"{B(label)}\\n§\\n{E(label)}\",\n", PemBody);
            Add(r, $"whispers privatekeys.xml: <{key}>{label} with \\n escapes", $"    <{key}>{B(label)}\\n§\\n{E(label)}</{key}>\n", PemBody);
        }

        var rsaKey = "RSA KEY";
        Add(r, "whispers privatekeys.yml: key: \"\\ continued lines RSA KEY\"",
            $"key: \"\\\n  {B(rsaKey)} \\\n  § \\\n  {E(rsaKey)}\\ \n  \"\n", PemBody);
        Add(r, "whispers privatekeys.json: \"key\": RSA KEY on one line, no newlines", $"    \"key\": \"{B(rsaKey)}§{E(rsaKey)}\",\n", PemBody);
        Add(r, "whispers privatekeys.xml: <key> indented multi-line RSA KEY",
            $"    <key>\n      {B(rsaKey)}\n      §\n      {E(rsaKey)}\n    </key>\n", PemBody);
        Add(r, "whispers files/rsa.pem: RSA KEY file", $"{B(rsaKey)}\n§\n{E(rsaKey)}", PemBody);
        return r;
    }

    [Theory]
    [MemberData(nameof(Code))]
    public void Code_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(Shell))]
    public void Shell_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(Passwords))]
    public void Password_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(ApiKeysAndTokens))]
    public void ApiKeyOrToken_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(ConfigFiles))]
    public void ConfigFile_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(UrisAndAttributes))]
    public void UriOrAttribute_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(KeyValueEntries))]
    public void KeyValueEntry_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    [Theory]
    [MemberData(nameof(PrivateKeys))]
    public void PrivateKey_IsRedacted(string kind, string text, string secret) => AssertRedacted(kind, text, secret);

    /// <summary>whispers' negative fixtures: placeholders.*, falsepositive.yml (compliant part), excluded.* (compliant part).</summary>
    public static TheoryData<string, string> NegativeFixtures() => new()
    {
        { "whispers placeholders.yml", "compliant:\n  password: password\n  environment:\n    - DB_PASSWORD=DB_PASSWORD\n  MasterUserPassword: <% PASSWORD_HERE %>\n  TRAVEL_API_KEY: TRAVEL_API_KEY\n\nnoncompliant:\n" },
        { "whispers placeholders.json", "{\n    \"compliant\": {\n      \"password\": \"password\",\n      \"environment\": [\n        \"DB_PASSWORD=DB_PASSWORD\"\n      ],\n      \"MasterUserPassword\": \"<% PASSWORD_HERE %>\",\n      \"TRAVEL_API_KEY\": \"TRAVEL_API_KEY\"\n    },\n    \"noncompliant\": {\n    }\n  }" },
        { "whispers placeholders.xml", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<tests>\n  <compliant>\n    <password>password</password>\n    <environment>DB_PASSWORD=DB_PASSWORD</environment>\n    <MasterUserPassword><PASSWORD_HERE></MasterUserPassword>\n    <TRAVEL_API_KEY>TRAVEL_API_KEY</TRAVEL_API_KEY>\n  </compliant>\n  <noncompliant>\n  </noncompliant>\n</tests>" },
        { "whispers falsepositive.yml: passenger / pass* / secretary / Url / publicKey", "compliant:\n  passenger: \"ok1\"\n  passwordForPassenger: \"ok2\"\n  passthrough: \"ok3\"\n  passwordPassthrough: \"ok4\"\n  secretary: \"ok5\"\n  secretSecretary: \"ok6\"\n  PasswordResetUrl: \"ok7\"\n  publicKey: \"ok8\"\n" },
        { "whispers falsepositive.yml: bucket_key / write_key templates", "  bucket_key: s3://{{ s3().master_bucket }}/{{ macros.s3().raw_prefix}}/sessions\n  write_key: 's3://{bucket}/deduped_events/schema_type={schema}/dt={date}'\n" },
        { "whispers falsepositive.yml: webhookApiSecret env-var name", "  webhookApiSecret: ZENDESK_WEBHOOK_API_SECRET\n" },
        { "whispers falsepositive.yml: S3_ARCHIVE_ACCESS_KEY prose", "  S3_ARCHIVE_ACCESS_KEY: \"Get this from elsewhere\"\n" },
        { "whispers falsepositive.yml: UserData gpgkey URL / PolicyName", "  UserData: \n    - \"gpgkey=https://artifacts.elastic.co/GPG-KEY-elasticsearch\\n\"\n  PolicyName: SandboxConfigurationS3BucketAccessPolicy\n" },
        { "whispers excluded.yml: api_key: API_KEY / api_secret: AUTH_TOKEN", "# Excluded\nretrieve_these_secret_keys:\n  api_key: API_KEY\n  api_secret: AUTH_TOKEN\n" },
        { "whispers excluded.json: api_key / api_secret names", "    \"retrieve_these_secret_keys\": {\n      \"api_key\": \"API_KEY\",\n      \"api_secret\": \"AUTH_TOKEN\"\n    },\n" },
        { "whispers excluded.xml: <api_key>API_KEY / <api_secret>AUTH_TOKEN", "    <retrieve_these_secret_keys>\n      <api_key>API_KEY</api_key>\n      <api_secret>AUTH_TOKEN</api_secret>\n    </retrieve_these_secret_keys>\n" },
        { "whispers excluded.yml: DB_PASSWORD=justForTesting (excluded only by config key)", "integration-tests:\n  environment:\n    - DB_PASSWORD=justForTesting\n" },
        { "whispers excluded.json: DB_PASSWORD=justForTesting (excluded only by config key)", "    \"integration-tests\": {\n      \"environment\": [\n        \"DB_PASSWORD=justForTesting\"\n      ]\n    }\n" },
    };

    /// <summary>The "Compliant" sections of whispers' positive fixtures, and fixtures with no expected finding.</summary>
    public static TheoryData<string, string> CompliantSections() => new()
    {
        { "whispers language.js compliant", "// Compliant\nvariable_password1 = $password;\nlet variable_password2 = \"$password\";\nvar variable_password3 = \"${password}\";\nconst variable_password4 = \"{{ password }}\";\nvariable_password5 = \"{{ THIS_IS_A_VERY_LONG_A_PLACEHOLDER_FOR_PASSWORD }}\";\nvariable_password6 = \"{password}\";\nvariable_password7 = \"{ password }\";\n" },
        { "whispers language.java compliant", "        // Compliant\n        String variable_password1 = NONCOMPLIANT_APITOKEN;\n        final String variable_password2 = \"$password\";\n        String variable_password3 = \"${password}\";\n        String variable_password4 = \"{{ password }}\";\n        String variable_password5 = \"{{ THIS_IS_A_VERY_LONG_A_PLACEHOLDER_FOR_PASSWORD }}\";\n        String variable_password6 = \"{password}\";\n        String variable_password7 = \"{ password }\";\n        String variable_password8 = System.getProperty(\"password\");\n" },
        { "whispers language.go compliant", "\t// Compliant\n\tvar variable_password1, variable_password2 string = password, \"$password\"\n\tconst variable_password3 string = \"${password}\"\n\tvariable_password4 := \"{{ password }}\"\n\tvar variable_password5 = \"{{ THIS_IS_A_VERY_LONG_A_PLACEHOLDER_FOR_PASSWORD }}\"\n\tvar variable_password6 = \"{password}\"\n\tvar variable_password7 = \"{ password }\"\n\tvar variable_password8 = aFunctionCall()\n" },
        { "whispers language.php compliant", "<?php\n# Compliant\n$variable_password1 = $password;\n$variable_password2 = \"$password\";\n$variable_password3 = \"${password}\";\n$variable_password4 = \"{{ password }}\";\n$variable_password5 = \"{{ THIS_IS_A_VERY_LONG_A_PLACEHOLDER_FOR_PASSWORD }}\";\n$variable_password6 = \"{password}\";\n$variable_password7 = \"{ password }\";\n$variable_password8 = aFunctionCall();\n$config['db_password'] = '';\ndefine(\"unset_password\", \"\", true);\ndefine(\"variable_password\", \"{placeholder}\");\ndefine(\"dynamic_password\", load_password());\n" },
        { "whispers language.sh compliant", "#!/bin/sh\n\n# Compliant\nexport DANGER_GITHUB_API_TOKEN=\nexport DANGER_GITHUB_API_TOKEN=\"\"\nexport DANGER_GITHUB_API_TOKEN=<DANGER_GITHUB_API_TOKEN>\nexport DANGER_GITHUB_API_TOKEN=$token\nexport DANGER_GITHUB_API_TOKEN=\"${token}\"\nexport DANGER_GITHUB_API_TOKEN=\"invalid ending\n# export COMMENTED_API_TOKEN=\"${token}\"\n# there's no spoon @#$%\ndocker run -it -e DRONE_TOKEN=<DRONE_TOKEN> -e DRONE_ID=<ID> image\ncurl -u admin: https://localhost\ncurl --user admin:      https://localhost\ncurl --tlspassword https://localhost\nwget --user=admin --ask-password https://localhost\nwget --user=admin --password= https://localhost\nmysqladmin create $DB_NAME --user=\"$DB_USER\" --password=\"$DB_PASS\"\n" },
        { "whispers passwords.yml compliant", "# Compliant\nusername: hardcoded\nenvironment:\n  - DB_USER=hardcoded\nMasterUserPassword: !Ref 'MasterUserPassword'\ndb_password: \"null\"\n" },
        { "whispers hardcoded.yml compliant", "# Compliant\n01_variable_password: $password\n02_variable_password: $$password\n03_variable_password: ${password}\n04_variable_password: ${{password}}\n05_variable_password: \"{{ password }}\"\n06_variable_password: \"{{ THIS_IS_A_VERY_LONG_A_PLACEHOLDER_FOR_PASSWORD }}\"\n07_variable_password: \"{password}\"\n08_variable_password: \"{ password }\"\n" },
        { "whispers hardcoded.xml compliant", "  <compliant>\n    <o1_variable_password>$password</o1_variable_password>\n    <o2_variable_password>$$password</o2_variable_password>\n    <o3_variable_password>${password}</o3_variable_password>\n    <o4_variable_password>${{password}}</o4_variable_password>\n    <o5_variable_password>{{ password }}</o5_variable_password>\n    <o6_variable_password>{{ THIS_IS_A_VERY_LONG_A_PLACEHOLDER_FOR_PASSWORD }}</o6_variable_password>\n    <o7_variable_password>{password}</o7_variable_password>\n    <o8_variable_password>{ password }</o8_variable_password>\n  </compliant>\n" },
        { "whispers apikeys.yml compliant", "compliant:\n  key: test\n  api_endpoint: /apikey/\n  NonKeyAttributes:\n    - Booking-ID\n  Resource:\n    - CredstashKeyID: !ImportValue CredstashKeyID\n    - CredstashKey: !ImportValue CredstashKey\n" },
        { "whispers aws.yml compliant", "# Compliant\naws_id: \"{{ AWS ID }}\"\naws_key: \"${AWS_KEY}\"\ncommit_id: 912ec803b2ce49e4a541068d495ab57000000000\nrole: arn:aws:iam::123456789000:role/role-name\n" },
        { "whispers .aws/credentials compliant", "[compliant]\naws_access_key_id = \naws_secret_access_key = {{ SECRET_ACCESS_KEY }}\naws_session_token = \"\"\n" },
        { "whispers java.properties compliant", "# Compliant\nbaseDN=LDAP\nusername=admin\npassword=\nsonar.jdbc.password=\napi.key=\n" },
        { "whispers pip.conf compliant", "[global]\n# Compliant\nindex = https://pypi.example.com/pypi\nindex-url = https://username:@pypi.example.com/simple\n" },
        { "whispers .npmrc compliant", "//registry.npmjs.org/:_authToken=$NPM_TOKEN\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n//registry.npmjs.org/:_authToken={NPM_TOKEN}\n//registry.npmjs.org/:_authToken={}\n//registry.npmjs.org/:_authToken=\n" },
        { "whispers .dockercfg compliant (placeholder, empty, missing)", "        \"https://index.docker.io/v1/compliant1\": {\n            \"auth\": \"{{ AUTH_BASE64 }}\",\n            \"email\": \"whispers@localhost.localdomain\"\n        },\n        \"https://index.docker.io/v1/compliant2\": {\n            \"auth\": \"\",\n            \"email\": \"whispers@localhost.localdomain\"\n        },\n        \"https://index.docker.io/v1/compliant3\": {\n            \"email\": \"whispers@localhost.localdomain\"\n        },\n" },
        { "whispers Dockerfile compliant", "FROM skyscanner:latest\n\n# Compliant\nENV DRONE_TOKEN \"\"\nENV DRONE_TOKEN \"{{ DRONE_TOKEN }}\"\nENV DRONE_TOKEN {{ DRONE_TOKEN }}\nENV DRONE_TOKEN {DRONE_TOKEN}\nENV DRONE_TOKEN $DRONE_TOKEN\nENV DRONE_TOKEN=\nENV DRONE_TOKEN=\"{{ DRONE_TOKEN }}\"\nENV DRONE_TOKEN={{ DRONE_TOKEN }}\nENV DRONE_TOKEN={DRONE_TOKEN}\nENV DRONE_TOKEN=$DRONE_TOKEN\n" },
        { "whispers beans.xml compliant", "            \t<ss:user name=\"admin\" password=\"\" authorities=\"ROLE_USER\" />\n                <ss:user name=\"admin\" secret=\"${PASSWORD}\" authorities=\"ROLE_USER\" />\n                <ss:user name=\"admin\" accesskey=\"{{ password }}\" authorities=\"ROLE_USER\" />\n" },
        { "whispers jenkins.xml compliant", "            <compliantApiToken>{token}</compliantApiToken>\n            <compliantPasswordHash>{{ passwordHash }}</compliantPasswordHash>\n" },
        { "whispers connection.config compliant", "    <item key=\"ConnectionString1\">\n      <value>\n        Database=webstore;Server=localhost;Uid=root;Password=;\n      </value>\n    </item>\n" },
        { "whispers uri.yml compliant", "compliant:\n  - \"s3://bucket\"\n  - \"https://this-is-not-a-password.com\"\n  - \"gpgkey=https://artifacts.elastic.co/GPG-KEY-elasticsearch\\n\"\n  - \"jdbc:mysql://localhost/authority?user=admin&userpass=\"\n  - \"https://localhost:8000/admin\"\n" },
        { "whispers plaintext.txt compliant", "--------------------------------------------- COMPLIANT\nUse JDBC URL jdbc:mysql://localhost/authority?user=admin&userpass=\nConnect to https://localhost:8000/admin for full access\n" },
        { "whispers integration.yml compliant", "compliant:\n  secrets:\n    - key: pro_email\n      value: email@domain.tld\n      info: metadata\n    - key: username\n      value: username\n    - key: account\n      value: 1234\n    - key: password\n      value: \n" },
        { "whispers cloudformation.yml compliant", "Parameters:\n  CompliantDBUser:\n    Description: Database username\n    Type: String\n    Default: admin\n  CompliantDBPassword:\n    Description: Database password\n    Type: String\n    NoEcho: true\n" },
        { "whispers webhooks.yml compliant", "compliant:\n    slack-webhook: https://hooks.slack.com/services/\n" },
        { "whispers gitkeys.yml compliant (uppercase GHP_ lookalike)", "compliant:\n  name: GHP_THISISASTRINGTHATHASTHESAMELENASTOKE\n" },
        { "whispers creditcards.yml compliant", "compliant:\n  number1: 1\n  number2: 1234567890\n  number3: 111111111111111\n  number4: 534618613411236\n  timestamp_js: 1576692842733\n  timestamp_py: 1576692842.733\n" },
        { "whispers paths.yml (paths rule, not secrets)", "compliant:\n    notpath1: not_a_path_necessarily\n    notpath2: th1s/c0uldb3/ap4assw0rd\n\nnoncompliant:\n    network-path1: '\\\\smb\\network\\pathpath:path:'\n    network-path2: '\\\\192.168.1.1\\network\\path'\n    windows-path1: 'A:/windows/forward'\n    windows-path2: 'B:\\windows\\backward'\n    windows-path3: 'C:\\\\windows\\\\backward\\\\escaped'\n    linux-path1: 'file:///linux/path/'\n    linux-path2: 'root:///linux/path/'\n    absolute-path1: '/src/file.js'\n    absolute-path2: '\\src\\file.js'\n    absolute-path3: '\\\\src\\\\file.js'\n    relative-path1: './src/local/path/file.txt'\n    relative-path2: '.\\src\\local\\path\\file.csv'\n    relative-path3: '.\\\\src\\\\local\\\\path\\\\file.csv'\n    relative-path4: '../../src/local/path/file.txt'\n" },
        { "whispers custom.yml (templates, 0 expected)", "---\ndefaultCount: {{ desired_count }}\ndevelopment:\n  app_id: <%= app['client_id'] %>\n  asdf: 123\naccounts:\n  - name: {{ name }}\n{% if account != \"client\" %}\n  - account: [{{ account }}]\n{% endif %}\n<%\n  if app.nil?\n    app = Hash.new\n  end\n%>\niam.amazonaws.com/role: {{ assumed_iam_role }}" },
        { "whispers cors.py (0 expected)", "cors = aiohttp_cors.setup(\n    app, defaults={\"*\": aiohttp_cors.ResourceOptions(allow_credentials=False, expose_headers=\"*\", allow_headers=\"*\")},\n)\n" },
        { "whispers severity.yml info: base64_string", "info:\n  base64_string: d2hpc3BlcnMK\n" },
        { "whispers language.html (comments rule, not secrets)", "<html>\n<head>\n    <title>Whispers HTML fixture</title>\n</head>\n<body>\n    <!-- hardcoded comment 01 -->\n    <!-- \n        hardcoded comment 02    \n    -->\n    <!-- \n        hardcoded comment 03\n        has multiple lines \n    -->\n    Empty comment <!---->\n    This is not a hardcoded comment\n</body>\n</html>\n" },
    };

    [Theory]
    [MemberData(nameof(NegativeFixtures))]
    public void NegativeFixture_IsServedUnchanged(string kind, string text)
    {
        var served = RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue).Text;
        Assert.True(served == text, $"{kind}: served changed:\n{served}");
    }

    [Theory]
    [MemberData(nameof(CompliantSections))]
    public void CompliantSection_IsServedUnchanged(string kind, string text)
    {
        var served = RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue).Text;
        Assert.True(served == text, $"{kind}: served changed:\n{served}");
    }

    // The whole file as served (/file, search, index), the engine's own whole-text answer, and every one-line window.
    private static void AssertRedacted(string kind, string text, string secret)
    {
        var served = RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue).Text;
        Assert.False(served.Contains(secret, StringComparison.Ordinal), $"{kind}: served whole file shows the secret:\n{served}");
        Assert.False(Engine.Redact(text).Contains(secret, StringComparison.Ordinal), $"{kind}: Engine.Redact shows the secret");
        var lines = text.Split('\n').Length;
        for (var line = 1; line <= lines; line++)
        {
            var window = RevealingRedaction.RedactLines(Engine, text, line, line).Text;
            Assert.False(window.Contains(secret, StringComparison.Ordinal), $"{kind}: one-line window {line} shows the secret: {window}");
        }
    }
}
