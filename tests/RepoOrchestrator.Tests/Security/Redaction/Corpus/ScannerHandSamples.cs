namespace RepoOrchestrator.Tests.Security.Redaction.Corpus;

/// <summary>
/// Whole samples from other scanners' tests, each with the repository and path it comes from (see
/// <see cref="ScannerCorpus"/> for the template notation). Values that look like credentials are regenerated with
/// the same prefix, length and alphabet; the surrounding syntax is the test's.
/// </summary>
internal static class ScannerHandSamples
{
    private const string Gl = "gitleaks/gitleaks cmd/generate/config/rules/";
    private const string Th = "trufflesecurity/trufflehog pkg/detectors/";
    private const string Ds = "Yelp/detect-secrets ";
    private const string Uuid = ScannerCorpus.Uuid;
    private const string AzureSecret = "«3:a-zA-Z0-9»«1:0-9»Q~«34:a-zA-Z0-9_~.-»";
    private const string Sl = "«64:a-z0-9»";
    private const string Iam = "«44:a-zA-Z0-9_-»";
    private const string Hmac = "«48:a-f0-9»";

    // detect-secrets' keyword tests use this one value in every form; it is not a credential, so it stays as it is.
    private const string Kw = "{{h}o)p${e]nob(ody[finds>-_$#thisone}}";

    public static IEnumerable<(string Source, string Kind, string Template)> Gitleaks =>
    [
        (Gl + "curl.go", "curl-auth-header bearer", "curl -H \"Authorization: Bearer ⟦«40:A-Za-z0-9»⟧\" https://api.example.com/v1/resource"),
        (Gl + "curl.go", "curl-auth-header basic", "curl -H 'Authorization: Basic ⟦«28:A-Za-z0-9+/»=⟧' https://example.com/api"),
        (Gl + "curl.go", "curl-auth-header x-api-key", "curl --header 'X-Api-Key: ⟦«32:a-f0-9»⟧' https://api.example.com/data"),
        (Gl + "curl.go", "curl-auth-header token", "curl -X POST \\\n  -H \"Content-Type: application/json\" \\\n  -H \"Token: ⟦«36:A-Za-z0-9_-»⟧\" \\\n  https://example.com/hook"),
        (Gl + "curl.go", "curl-auth-user quoted", "curl -u \"deploy:⟦«16:a-zA-Z0-9»⟧\" https://ci.example.com/job/build"),
        (Gl + "curl.go", "curl-auth-user equals", "curl --user=admin:⟦«20:a-zA-Z0-9@.-»⟧ https://example.com/api/json"),
        (Gl + "curl.go", "curl-auth-user single quoted", "curl -s -u 'bot:⟦«18:a-zA-Z0-9»⟧' https://example.com"),
        (Gl + "generic.go", "generic client_secret json", "\"client_secret\" : \"⟦«64:0-9a-f»⟧\","),
        (Gl + "generic.go", "generic sample token", "generic_api_token = \"⟦«32:a-zA-Z0-9»⟧\""),
        (Gl + "generic.go", "generic clojars sample", "generic_api_token = \"⟦CLOJARS_«60:a-z0-9»⟧\""),
        (Gl + "generic.go", "generic access key", "access_key = \"⟦«32:a-zA-Z0-9+/»⟧\""),
        (Gl + "generic.go", "generic credential yaml", "credentials:\n  creds: ⟦«28:a-zA-Z0-9»⟧\n"),
        (Gl + "kubernetes.go", "kubernetes-secret-yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: ⟦«24:a-zA-Z0-9+/»==⟧\n"),
        (Gl + "kubernetes.go", "kubernetes-secret-yaml data first", "data:\n  api-token: ⟦«40:a-zA-Z0-9+/»⟧\nkind: Secret\n"),
        (Gl + "sidekiq.go", "sidekiq-secret env", "export BUNDLE_ENTERPRISE__CONTRIBSYS__COM=⟦«8:a-f0-9»:«8:a-f0-9»⟧"),
        (Gl + "sidekiq.go", "sidekiq-secret yaml", "BUNDLE_GEMS__CONTRIBSYS__COM: \"⟦«8:a-f0-9»:«8:a-f0-9»⟧\""),
        (Gl + "sidekiq.go", "sidekiq-sensitive-url", "source \"https://«8:a-f0-9»:⟦«8:a-f0-9»⟧@gems.contribsys.com/\" do"),
        (Gl + "hashicorp.go", "hashicorp-tf-password", "resource \"azurerm_sql_server\" \"db\" {\n  administrator_login          = \"sqladmin\"\n  administrator_login_password = \"⟦«16:a-z0-9_-»⟧\"\n}"),
        (Gl + "freemius.go", "freemius-secret-key", "$config = array(\n    'id' => '1234',\n    'secret_key' => '⟦sk_«29:a-zA-Z0-9~!#%^*()_+-»⟧',\n);"),
        (Gl + "jwt.go", "jwt-base64", "const session = '⟦ZXlKaGJHY2lPaUpJVXpJMU5pSXNJblI1Y0NJNklrcFhWQ0o5«80:A-Za-z0-9+/»⟧';"),
        (Gl + "azure.go", "azure-ad-client-secret in json", "{\"clientSecret\": \"⟦" + AzureSecret + "⟧\"}"),
        (Gl + "aws.go", "aws-access-token env", "AWS_ACCESS_KEY_ID=⟦ASIA«16:A-Z2-7»⟧"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> Trufflehog =>
    [
        (Th + "azure_entra/serviceprincipal/v2/spv2_test.go", "azure client secret, dashes", "ClientID - " + Uuid + "\nClient Secret- ⟦" + AzureSecret + "⟧\nTenant ID - " + Uuid),
        (Th + "azure/azure_test.go", "azure az cli output", "The output includes credentials that you must protect.\n{\n  \"appId\": \"" + Uuid + "\",\n  \"displayName\": \"azure-cli-2022-12-02-15-40-24\",\n  \"password\": \"⟦" + AzureSecret + "⟧\",\n  \"tenant\": \"" + Uuid + "\"\n}"),
        (Th + "azure/v1/azure_test.go", "azure credentials yaml", "azure credentials:\n\tazureClientID: clientid" + Uuid + "\n\tazureTenant: tenant_id" + Uuid + "\n\tazureClientSecret: clientsecret⟦«34:a-zA-Z0-9_.|[-»⟧\n"),
        (Th + "datadogtoken/datadogtoken_test.go", "datadog config yaml", "# Datadog Configuration File: config.yaml\napi:\n  auth_type: \"API-Key\"\n  dd_api_secret: \"⟦«32:A-Za-z0-9_-»⟧\"\n  dd_app: \"⟦«40:A-Za-z0-9»⟧\"\n  base_url: \"https://api.example.com/v1/example\"\n"),
        (Th + "datadogtoken/datadogtoken_test.go", "datadog class constants", "class DATADOG {\n\t// Use this link to find the API Key https://app.datadoghq.com/organization-settings/api-keys\n\tstatic API_KEY = \"⟦«32:a-f0-9»⟧\";\n\tstatic APP_KEY = \"⟦«40:a-f0-9»⟧\";\n}"),
        (Th + "algoliaadminkey/algoliaadminkey_test.go", "algolia debug log", "[INFO] Sending request to the API\n[DEBUG] Using algolia Key=⟦«32:A-Za-z0-9»⟧\n[DEBUG] Using docsearch ID=«10:A-Z0-9»\n[INFO] Response received: 200 OK\n"),
        (Th + "algoliaadminkey/algoliaadminkey_test.go", "algolia jenkins xml", "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n  <scope>GLOBAL</scope>\n  <id>{appId «10:A-Z0-9»}</id>\n  <secret>{algolia AQAAABAAA ⟦«32:A-Za-z0-9»⟧}</secret>\n</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>"),
        (Th + "mailgun/mailgun_test.go", "mailgun recorded request", "- request:\n    method: get\n    uri: https://api.mailgun.net/v3/domain.invalid/templates/test.template\n    headers:\n      Host:\n      - api.mailgun.net\n      Authorization:\n      - Basic ⟦«72:A-Za-z0-9»⟧\n"),
        (Th + "twilio/twilio_test.go", "twilio prose", "You can find a twillio secret ⟦«32:a-f0-9»⟧ within awsId AC«32:a-f0-9»"),
        (Th + "ahaio/ahaio_test.go", "aha.io key and url", "aha.io = '⟦«64:0-9a-f»⟧/example.aha.io'"),
        (Th + "postgres/postgres_test.go", "postgres uri", "postgres token - 'postgres://sN19x:⟦«8:a-zA-Z0-9»⟧@1.2.3.4:5432'\npostgres token - 'host=db user=app'\n"),
        (Th + "openai/openai_test.go", "openai dotted key", "openai.api-key: ⟦sk-«20:a-zA-Z0-9»T3BlbkFJ«20:a-zA-Z0-9»⟧"),
        (Th + "jiratoken/v2/jiratoken_test.go", "jira token lines", "jira ⟦«24:a-zA-Z0-9»⟧          \njira example.atlassian.net\njira dev@example.com"),
        (Th + "paypaloauth/paypaloauth_test.go", "paypal token dash", "paypaloauth token - '⟦«44:A-Za-z0-9_-»⟧'\npaypaloauth token - '⟦«50:A-Za-z0-9._-»⟧'\n"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> DetectSecrets =>
    [
        .. new[]
        {
            "apikey := \"" + Kw + "\"", "apikey :='" + Kw + "'", "apikey:=\"" + Kw + "\"", "apikey := " + Kw, "apikey:=" + Kw,
            "'theapikey': '" + Kw + "'", "\"theapikey\": \"" + Kw + "\"", "apikey: \"" + Kw + "\"", "apikey: " + Kw, "theapikey:" + Kw,
            "apikey = @\"" + Kw + "\"", "apikey[]= \"" + Kw + "\"", "some_dict[\"secret\"] = \"" + Kw + "\"", "the_password= \"" + Kw + "\"\n",
            "some_dict['secret'] = " + Kw, "my_password=" + Kw, "my_password = " + Kw, "apikey \"" + Kw + "\";",
            "fooapikeyfoo\"" + Kw + "\";", "private_key '" + Kw + "';", "fooprivate_key'" + Kw + "';",
        }.Select(t => (Ds + "tests/plugins/keyword_test.py", "keyword " + t[..Math.Min(14, t.Length)], t.Replace(Kw, "⟦" + Kw + "⟧", StringComparison.Ordinal))),
        (Ds + "test_data/each_secret.py", "base64_secret", "base64_secret = '⟦«64:a-zA-Z0-9+/»⟧'"),
        (Ds + "test_data/each_secret.py", "hex_secret", "hex_secret = '⟦«40:0-9a-f»⟧'"),
        (Ds + "test_data/each_secret.py", "basic_auth url", "basic_auth = 'http://username:⟦«33:a-z»⟧@example.com'"),
        (Ds + "test_data/each_secret.py", "aws keys", "aws_access_key = '⟦AKIA«16:A-Z2-7»⟧'\naws_secret_access_key = '⟦«40:a-zA-Z0-9/+»⟧'\n"),
        (Ds + "test_data/config.env", "unnamed env value", "mimi=⟦«44:a-zA-Z0-9+/»⟧\n"),
        (Ds + "test_data/config.yaml", "yaml binary", "high_entropy_binary_secret: !!binary ⟦«46:a-zA-Z0-9+/»==⟧\n"),
        (Ds + "test_data/config.ini", "ini password digits", "[credentials]\npassword = ⟦«14:0-9»⟧\n"),
        (Ds + "tests/plugins/artifactory_test.py", "artifactory AP", "artifactory = ⟦AP6«24:a-zA-Z0-9»⟧"),
        (Ds + "tests/plugins/artifactory_test.py", "artifactory jfrog AP", "jfrog      ⟦AP3«24:a-zA-Z0-9»⟧"),
        (Ds + "tests/plugins/artifactory_test.py", "artifactory header", "X-JFrog-Art-Api: ⟦AKCp«69:a-zA-Z0-9»⟧"),
        (Ds + "tests/plugins/artifactory_test.py", "artifactory npmrc", "artifactoryx:_password=⟦AP6«24:a-zA-Z0-9»⟧"),
        (Ds + "tests/plugins/artifactory_test.py", "artifactory key colon", "artif-key:⟦AP6«24:a-zA-Z0-9»⟧"),
        (Ds + "tests/plugins/softlayer_test.py", "softlayer flag", "--softlayer-api-key \"⟦" + Sl + "⟧\""),
        (Ds + "tests/plugins/softlayer_test.py", "softlayer url", "http://api.softlayer.com/soap/v3.1/⟦" + Sl + "⟧"),
        (Ds + "tests/plugins/softlayer_test.py", "softlayer yaml", "softlayer_api_key: ⟦" + Sl + "⟧"),
        (Ds + "tests/plugins/softlayer_test.py", "softlayer SLAPIKEY", "SLAPIKEY : ⟦" + Sl + "⟧"),
        (Ds + "tests/plugins/softlayer_test.py", "softlayer slapikey go", "slapikey:= ⟦" + Sl + "⟧"),
        (Ds + "tests/plugins/softlayer_test.py", "softlayer sl_key", "sl_key= ⟦" + Sl + "⟧"),
        (Ds + "tests/plugins/softlayer_test.py", "softlayer pwd", "softlayer-pwd = ⟦" + Sl + "⟧"),
        (Ds + "tests/plugins/ibm_cloud_iam_test.py", "ibm cloud yaml", "ibm-cloud_api_key: ⟦" + Iam + "⟧"),
        (Ds + "tests/plugins/ibm_cloud_iam_test.py", "ibm api key spaced", "IBM-API-KEY : \"⟦" + Iam + "⟧\""),
        (Ds + "tests/plugins/ibm_cloud_iam_test.py", "iam password json", "\"iam-password\": \"⟦" + Iam + "⟧\""),
        (Ds + "tests/plugins/ibm_cloud_iam_test.py", "ibm joined name", "IBMCLOUDIAMAPIKEY=⟦" + Iam + "⟧"),
        (Ds + "tests/plugins/ibm_cloud_iam_test.py", "ibm iam key go", "\"ibm-iam_key\" := \"⟦" + Iam + "⟧\""),
        (Ds + "tests/plugins/ibm_cloud_iam_test.py", "ibm cloud pwd", "ibm-cloud-pwd = ⟦" + Iam + "⟧"),
        (Ds + "tests/plugins/ibm_cloud_iam_test.py", "bare apikey", "apikey:⟦" + Iam + "⟧"),
        (Ds + "tests/plugins/cloudant_test.py", "cloudant url", "https://testy_-test:⟦«64:a-f0-9»⟧@testy_-test.cloudant.com\""),
        (Ds + "tests/plugins/cloudant_test.py", "cloudant pw", "cloudant_pw='⟦«64:a-f0-9»⟧'"),
        (Ds + "tests/plugins/cloudant_test.py", "clou_pw", "clou_pw = \"⟦«64:a-f0-9»⟧\""),
        (Ds + "tests/plugins/cloudant_test.py", "cloudant key", "cloudant_key = \"⟦«24:a-z»⟧\""),
        (Ds + "tests/plugins/ibm_cos_hmac_test.py", "cos secret_access_key", "secret_access_key=⟦" + Hmac + "⟧"),
        (Ds + "tests/plugins/ibm_cos_hmac_test.py", "cos hmac upper", "COS_HMAC_SECRET_ACCESS_KEY = \"⟦" + Hmac + "⟧\""),
        (Ds + "tests/plugins/ibm_cos_hmac_test.py", "cos joined", "ibmcoshmac_secret_key = \"⟦" + Hmac + "⟧\""),
        (Ds + "tests/plugins/discord_test.py", "discord bot token M", "⟦M«23:A-Za-z0-9»«1:A-Za-z0-9».«6:A-Za-z0-9_-».«27:A-Za-z0-9_-»⟧"),
        (Ds + "tests/plugins/discord_test.py", "discord bot token N", "⟦N«23:A-Za-z0-9».«6:A-Za-z0-9_-».«27:A-Za-z0-9_-»⟧"),
    ];

    /// <summary>
    /// The scanners' false-positive samples: gitleaks' rule <c>fps</c> and global allowlist forms, detect-secrets'
    /// negatives. They must come back unchanged.
    /// </summary>
    public static IEnumerable<(string Source, string Text)> Negatives =>
    [
        (Gl + "gitlab.go", "glpat-XXXXXXXXXXX-XXXXXXXX"),
        (Gl + "gitlab.go", "glpat-xxxxxxxx-xxxxxxxxxxxxxxxxxx.xxxxxxxxx"),
        (Gl + "gitlab.go", "glptt-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        (Gl + "gitlab.go", "GR134894112312312312312312312"),
        (Gl + "gitlab.go", "GR1348941XXXXXXXXXXXXXXXXXXXX"),
        (Gl + "gitlab.go", "glrt-tx_xxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxx"),
        (Gl + "generic.go", "client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.client-vpn-endpoint.id"),
        (Gl + "generic.go", "password combination.\n\nR5: Regulatory--21"),
        (Gl + "curl.go (allowlist)", "curl -u user:changeme https://example.com"),
        (Gl + "curl.go (allowlist)", "curl -u \"<username>:<password>\" https://example.com"),
        (Gl + "curl.go (allowlist)", "curl -u $USERNAME:$PASSWORD https://example.com"),
        (Gl + "curl.go (allowlist)", "curl --user \"{{ user }}:{{ pass }}\" https://example.com"),
        ("gitleaks/gitleaks config/gitleaks.toml (global allowlist)", "api_token = ${{ secrets.API_TOKEN }}"),
        ("gitleaks/gitleaks config/gitleaks.toml (global allowlist)", "password = %DB_PASSWORD%"),
        ("gitleaks/gitleaks config/gitleaks.toml (global allowlist)", "secret = ${SECRET_VALUE}"),
        ("gitleaks/gitleaks config/gitleaks.toml (global allowlist)", "token: {{ vault_token }}"),
        ("gitleaks/gitleaks config/gitleaks.toml (global allowlist)", "api_key = @API_KEY@"),
        ("gitleaks/gitleaks config/gitleaks.toml (global allowlist)", "key_path = /Users/alice/secrets/key.pem"),
        ("gitleaks/gitleaks config/gitleaks.toml (global allowlist)", "password = true"),
        ("gitleaks/gitleaks config/gitleaks.toml (generic-api-key allowlist)", "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'"),
        (Ds + "tests/plugins/keyword_test.py", "theapikey := \"\""),
        (Ds + "tests/plugins/keyword_test.py", "theapikey := \"somefakekey\""),
        (Ds + "tests/plugins/keyword_test.py", "password: ${link}"),
        (Ds + "tests/plugins/keyword_test.py", "my_password = \"\""),
        (Ds + "tests/plugins/keyword_test.py", "my_password = foo(hey)you"),
        (Ds + "tests/plugins/keyword_test.py", "my_password = request.json_body['hey']"),
        (Ds + "tests/plugins/keyword_test.py", "my_password = True"),
        (Ds + "tests/plugins/keyword_test.py", "login(username=username, password=password)"),
        (Ds + "tests/plugins/keyword_test.py", "private_key \"\";"),
        (Ds + "tests/plugins/keyword_test.py", "$password = $input;"),
        (Ds + "tests/plugins/keyword_test.py", "apiKey: this.apiKey,"),
        (Ds + "tests/plugins/keyword_test.py", "apiKey: fs.readFileSync('foo',"),
        (Ds + "tests/plugins/artifactory_test.py", "testAKCwithinsomeirrelevantstring"),
        (Ds + "tests/plugins/artifactory_test.py", "X-JFrog-Art-Api: $API_KEY"),
        (Ds + "tests/plugins/artifactory_test.py", "X-JFrog-Art-Api: $PASSWORD"),
        (Ds + "tests/plugins/softlayer_test.py", "softlayer_api_key=\"%s\" % SL_API_KEY_ENV"),
        (Ds + "tests/plugins/softlayer_test.py", "sl_api_key: \"%s\" % <softlayer_api_key>"),
        (Ds + "tests/plugins/softlayer_test.py", "SOFTLAYER_APIKEY: \"insert_key_here\""),
        (Ds + "tests/plugins/ibm_cloud_iam_test.py", "iam_api_key=\"%s\" % IBM_IAM_API_KEY_ENV"),
        (Ds + "tests/plugins/ibm_cloud_iam_test.py", "CLOUD_APIKEY: \"insert_key_here\""),
        (Ds + "tests/plugins/discord_test.py", "SZ1yGvKTj0rY0cV8i47CjAa.uHQPq.Xb1Mk2nEhe-4icrGOuegj57zMC"),
        (Ds + "test_data/config.yaml", "uuid_should_be_ignored: '203db13e-70c7-462b-9a3d-bf32640cb0be'"),
        .. NoseyParkerRuleSamples.Negatives,
        .. KingfisherRuleSamples.Negatives,
    ];

    /// <summary>Scanner negatives we redact on purpose, with the reason; a test keeps this list true.</summary>
    public static IEnumerable<(string Source, string Text, string Why)> KnownDifferences =>
    [
        (Ds + "tests/plugins/ibm_cos_hmac_test.py", "not_secret = notapassword",
            "a bare word assigned to a secret name is a literal password unless it is code or a placeholder (supersecret, hunter2 are passwords); detect-secrets skips it only because its HMAC detector wants 48 hex"),
        (Ds + "tests/plugins/keyword_test.py", "theapikeyforfoo := hopenobodyfindsthisone",
            "detect-secrets needs the keyword right before the operator; here the name has a suffix (apikeyforfoo) and we do not redact it either - listed to keep the two in step"),
        .. NoseyParkerRuleSamples.KnownDifferences,
    ];
}
