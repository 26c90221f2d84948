namespace RepoOrchestrator.Tests.Security.Redaction.Corpus;

/// <summary>
/// Round 36: secret samples from sources no earlier round read, in the syntax each source's test feeds its scanner
/// (see <see cref="ScannerCorpus"/> for the template notation; every value is regenerated with the sample's prefix,
/// length and alphabet). The sources:
/// <list type="bullet">
/// <item>microsoft/security-utilities - the high-confidence identifiable key patterns
/// (src/Microsoft.Security.Utilities.Core/HighConfidenceMicrosoftSecurityModels, GeneratedRegexPatterns/*.json): the
/// bare keys their generators yield (Azure 64-byte and 32-byte identifiable keys by signature, Entra client secrets,
/// the common annotated security key, NuGet, Databricks, npm) and the legacy connection-string and SAS examples.
/// Skipped: the 32-character legacy Entra secret and the bare ADO PAT (identified only by a whole line, or by a
/// checksum, with no name or prefix).</item>
/// <item>mongodb/kingfisher - rule files of crates/kingfisher-rules/data/rules not read before: blynk, branchio (the
/// secret; <c>key_live_</c>/<c>key_test_</c> are the app's public Branch keys), carto, cielo, clockwork, cloudsight,
/// datagov, kagi, lark, mailersend, infracost, messagebird, ollama, rootly, sendbird, telnyx, unkey, upstage, zuplo.
/// Skipped: ansible.1 (vault ciphertext, encrypted like Travis <c>secure:</c>), identifier rules (blynk hosts and
/// OAuth client ids, cielo and sendbird ids, messagebird.2 client ids).</item>
/// <item>trufflesecurity/trufflehog - pkg/detectors/&lt;x&gt;/&lt;x&gt;_test.go inputs of providers gitleaks has no rule for:
/// abyssale, besttime, geoapify, Azure Entra service principals (v2), Azure Batch, Azure Function keys, Azure
/// Container Registry, Azure Search admin keys, FTP and JDBC URLs, LDAP binds.</item>
/// <item>sirwart/ripsecrets - test/one_per_line/* and test/one_per_file/aws_json (one sample per line).</item>
/// </list>
/// Placeholder passwords in the sources (<c>MY-PASSWORD</c>, <c>testpassword</c>, <c>xxxx…</c>, <c>PASSWORD</c>) are
/// regenerated as random values: the sample's point is the syntax around them.
/// </summary>
internal static class Round36Samples
{
    private const string Ms = "microsoft/security-utilities src/Microsoft.Security.Utilities.Core/HighConfidenceMicrosoftSecurityModels/";
    private const string Mp = "microsoft/security-utilities src/Microsoft.Security.Utilities.Core/PotentialSecurityKeys/";
    private const string Kf = "mongodb/kingfisher crates/kingfisher-rules/data/rules/";
    private const string Th = "trufflesecurity/trufflehog pkg/detectors/";
    private const string Rs = "sirwart/ripsecrets ";
    private const string Uuid = ScannerCorpus.Uuid;

    public static IEnumerable<(string Source, string Kind, string Template)> MicrosoftSecurityUtilities =>
    [
        (Ms + "SEC101_152_AzureStorageAccountIdentifiableKey.cs", "msu.SEC101/152", "⟦«76:A-Za-z0-9+/»+ASt«5:A-Za-z0-9+/»«1:AQgw»==⟧"),
        (Ms + "SEC101_160_AzureCosmosDbIdentifiableKey.cs", "msu.SEC101/160", "⟦«76:A-Za-z0-9+/»ACDb«5:A-Za-z0-9+/»«1:AQgw»==⟧"),
        (Ms + "SEC101_163_AzureBatchIdentifiableKey.cs", "msu.SEC101/163", "⟦«76:A-Za-z0-9+/»+ABa«5:A-Za-z0-9+/»«1:AQgw»==⟧"),
        (Ms + "SEC101_170_AzureMLWebServiceClassicIdentifiableKey.cs", "msu.SEC101/170", "⟦«76:A-Za-z0-9+/»+AMC«5:A-Za-z0-9+/»«1:AQgw»==⟧"),
        (Ms + "SEC101_181_AzureApimDirectManaqementKey.cs", "msu.SEC101/181", "⟦«76:A-Za-z0-9+/»APIM«5:A-Za-z0-9+/»«1:AQgw»==⟧"),
        (Ms + "SEC101_182_AzureApimIdentifiableSubscriptionKey.cs", "msu.SEC101/182", "⟦«76:A-Za-z0-9+/»APIM«5:A-Za-z0-9+/»«1:AQgw»==⟧"),
        (Ms + "SEC101_183_AzureApimIdentifiableGatewayKey.cs", "msu.SEC101/183", "⟦«76:A-Za-z0-9+/»APIM«5:A-Za-z0-9+/»«1:AQgw»==⟧"),
        (Ms + "SEC101_184_AzureApimIdentifiableRepositoryKey.cs", "msu.SEC101/184", "⟦«76:A-Za-z0-9+/»APIM«5:A-Za-z0-9+/»«1:AQgw»==⟧"),
        (Ms + "SEC101_154_AzureCacheForRedisIdentifiableKey.cs", "msu.SEC101/154", "⟦«33:A-Za-z0-9+/»AzCa«1:A-P»«5:A-Za-z0-9+/»=⟧"),
        (Ms + "SEC101_171_AzureServiceBusIdentifiableKey.cs", "msu.SEC101/171", "⟦«33:A-Za-z0-9+/»+ASb«1:A-P»«5:A-Za-z0-9+/»=⟧"),
        (Ms + "SEC101_172_AzureEventHubIdentifiableKey.cs", "msu.SEC101/172", "⟦«33:A-Za-z0-9+/»+AEh«1:A-P»«5:A-Za-z0-9+/»=⟧"),
        (Ms + "SEC101_173_AzureRelayIdentifiableKey.cs", "msu.SEC101/173", "⟦«33:A-Za-z0-9+/»+ARm«1:A-P»«5:A-Za-z0-9+/»=⟧"),
        (Ms + "SEC101_178_AzureIotHubIdentifiableKey.cs", "msu.SEC101/178", "⟦«33:A-Za-z0-9+/»AIoT«1:A-P»«5:A-Za-z0-9+/»=⟧"),
        (Ms + "SEC101_179_AzureIotDeviceProvisioningIdentifiableKey.cs", "msu.SEC101/179", "⟦«33:A-Za-z0-9+/»AIoT«1:A-P»«5:A-Za-z0-9+/»=⟧"),
        (Ms + "SEC101_180_AzureIotDeviceIdentifiableKey.cs", "msu.SEC101/180", "⟦«33:A-Za-z0-9+/»AIoT«1:A-P»«5:A-Za-z0-9+/»=⟧"),
        (Ms + "SEC101_190_AzureEventGridIdentifiableKey.cs", "msu.SEC101/199", "⟦«33:A-Za-z0-9+/»AZEG«1:A-P»«5:A-Za-z0-9+/»=⟧"),
        (Ms + "SEC101_166_AzureSearchIdentifiableQueryKey.cs", "msu.SEC101/166", "⟦«42:A-Za-z0-9»AzSe«1:A-D»«5:A-Za-z0-9»⟧"),
        (Ms + "SEC101_167_AzureSearchIdentifiableAdminKey.cs", "msu.SEC101/167", "⟦«42:A-Za-z0-9»AzSe«1:A-D»«5:A-Za-z0-9»⟧"),
        (Ms + "SEC101_176_AzureContainerRegistryIdentifiableKey.cs", "msu.SEC101/176", "⟦«42:A-Za-z0-9+/»+ACR«1:A-D»«5:A-Za-z0-9+/»⟧"),
        (Ms + "SEC101_158_AzureFunctionIdentifiableKey.cs", "msu.SEC101/158", "⟦«44:A-Za-z0-9_-»AzFu«5:A-Za-z0-9_-»«1:AQgw»==⟧"),
        (Ms + "SEC101_156_AzureClientAppIdentifiableCredentialsCurrent.cs", "msu.SEC101/156", "⟦«3:A-Za-z0-9_~.-»8Q~«34:A-Za-z0-9_~.-»⟧"),
        (Ms + "SEC101_156_AzureClientAppIdentifiableCredentialsPrevious.cs", "msu.SEC101/156", "⟦«3:A-Za-z0-9_~.-»7Q~«31:A-Za-z0-9_~.-»⟧"),
        (Ms + "SEC101_200_CommonAnnotatedSecurityKey.cs", "msu.SEC101/200", "⟦«52:A-Za-z0-9»JQQJ9«1:9DH»«1:A-Za-z0-9»«1:A-L»«16:A-Za-z0-9»«1:A-Za-z»«7:A-Za-z0-9»⟧"),
        (Ms + "SEC101_200_CommonAnnotatedSecurityKey.cs", "msu.SEC101/200", "⟦«52:A-Za-z0-9»JQQJ9«1:9DH»«1:A-Za-z0-9»«1:A-L»«16:A-Za-z0-9»«1:A-Za-z»«7:A-Za-z0-9»«2:A-Za-z0-9»==⟧"),
        (Ms + "SEC101_030_NuGetApiKey.cs", "msu.SEC101/031", "⟦oy2«43:a-z2-7»⟧"),
        (Ms + "SEC101_110.AzureDatabricksPat.cs", "msu.SEC101/110", "⟦dapi«32:0-9a-f»⟧"),
        (Ms + "SEC101_050_NpmAuthorKey.cs", "msu.SEC101/050", "⟦npm_«36:A-Za-z0-9»⟧"),
        (Ms + "SEC101_104_AzureCosmosDBLegacyCredentials.cs", "msu.SEC101/104", "AccountEndpoint=https://«10:a-z».documents.azure.com:443/;AccountKey=⟦«86:A-Za-z0-9+/»==⟧;"),
        (Ms + "SEC101_105_AzureMessagingLegacyCredentials.cs", "msu.SEC101/105", "Endpoint=sb://doesnotexist.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=⟦«43:A-Za-z0-9+/»=⟧"),
        (Ms + "SEC101_106_AzureStorageAccountLegacyCredentials.cs", "msu.SEC101/106", "DefaultEndpointsProtocol=https;AccountName=«12:a-z0-9»;AccountKey=⟦«86:A-Za-z0-9+/»==⟧;EndpointSuffix=core.windows.net"),
        (Mp + "SEC101_060_LooseSasSecret.cs", "msu.SEC101/060", "dsas_secret=⟦«43:A-Za-z0-9+/»=⟧"),
        (Mp + "SEC101_060_LooseSasSecret.cs", "msu.SEC101/060", "sig=⟦«43:A-Za-z0-9+/»%3d⟧"),
        (Mp + "SEC101_061_LooseOAuth2BearerToken.cs", "msu.SEC101/061", "Authorization: bearer ⟦«10:a-z0-9»==⟧"),
        (Mp + "SEC101_061_LooseOAuth2BearerToken.cs", "msu.SEC101/061", "authorization:%20bearer%20⟦«16:a-z0-9»⟧"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> Kingfisher =>
    [
        (Kf + "branchio.yml", "kingfisher.branchio.3", "BRANCH_SECRET=⟦«40:a-zA-Z0-9»⟧"),
        (Kf + "branchio.yml", "kingfisher.branchio.3", "branch_secret: \"⟦«40:a-z0-9»⟧\""),
        (Kf + "carto.yml", "kingfisher.carto.1", "CARTO_KEY=\"⟦eyJhbGciOiJIUzI1NiJ9.eyJhIjoiYWNfMjQ2M3dpNCIsImp0aSI6I«15:A-Za-z0-9»In0.«43:A-Za-z0-9_-»⟧\""),
        (Kf + "carto.yml", "kingfisher.carto.1", "carto_api_key = '⟦eyJhbGciOiJIUzI1NiJ9.eyJhIjoiYWNfY2RlZmdoIiwianRpIjoiY«15:A-Za-z0-9»fQ.«24:A-Za-z0-9»⟧'"),
        (Kf + "cielo.yml", "kingfisher.cielo.2", "CIELO_CLIENT_SECRET=\"⟦«32:A-Za-z0-9»⟧\""),
        (Kf + "cielo.yml", "kingfisher.cielo.2", "cielo_merchant_key = ⟦«40:A-Za-z0-9»⟧"),
        (Kf + "blynk.yml", "kingfisher.blynk.1", "curl \"https://blynk.cloud/external/api/get?token=⟦«32:A-Za-z0-9_»⟧&V1\""),
        (Kf + "blynk.yml", "kingfisher.blynk.1", "curl \"https://fra1.blynk.cloud/external/api/get?token=⟦«32:A-Za-z0-9_»⟧&V1\""),
        (Kf + "blynk.yml", "kingfisher.blynk.1", "curl \"https://lon1.blynk.cloud/external/api/get?token=⟦«32:A-Za-z0-9_»⟧&V1\""),
        (Kf + "blynk.yml", "kingfisher.blynk.1", "curl \"https://blynk.cloud/external/api/update/property?token=⟦«32:A-Za-z0-9_»⟧&pin=v1&isDisabled=true\""),
        (Kf + "blynk.yml", "kingfisher.blynk.2", "curl https://fra1.blynk.cloud/api/organization/profile -H \"Authorization: Bearer ⟦«40:A-Za-z0-9_-»⟧\""),
        (Kf + "blynk.yml", "kingfisher.blynk.2", "curl https://fra1.blynk.cloud/api/organization/profile \\\n-H \"Authorization: Bearer ⟦«40:A-Za-z0-9_-»⟧\"\n"),
        (Kf + "blynk.yml", "kingfisher.blynk.3", "curl -H \"Authorization: Bearer ⟦«40:A-Za-z0-9_-»⟧\" https://fra1.blynk.cloud/api/organization/profile"),
        (Kf + "blynk.yml", "kingfisher.blynk.3", "curl -H \"Authorization: Bearer ⟦«40:A-Za-z0-9_-»⟧\" \\\nhttps://fra1.blynk.cloud/api/organization/profile\n"),
        (Kf + "blynk.yml", "kingfisher.blynk.8", "curl -X POST https://fra1.blynk.cloud/oauth2/token?grant_type=client_credentials -u oa2-client-id_«32:A-Za-z0-9_-»:⟦«40:A-Za-z0-9_-»⟧"),
        (Kf + "blynk.yml", "kingfisher.blynk.8", "curl -X POST https://fra1.blynk.cloud/oauth2/token?grant_type=client_credentials \\\n-u oa2-client-id_«32:A-Za-z0-9_-»:⟦«40:A-Za-z0-9_-»⟧\n"),
        (Kf + "blynk.yml", "kingfisher.blynk.8", "curl -X POST https://fra1.blynk.cloud/oauth2/token?grant_type=client_credentials&client_id=oa2-client-id_«32:A-Za-z0-9_-»&client_secret=⟦«40:A-Za-z0-9_-»⟧"),
        (Kf + "blynk.yml", "kingfisher.blynk.9", "curl -X POST -u oa2-client-id_«32:A-Za-z0-9_-»:⟦«40:A-Za-z0-9_-»⟧ https://fra1.blynk.cloud/oauth2/token?grant_type=client_credentials"),
        (Kf + "blynk.yml", "kingfisher.blynk.9", "curl -X POST -u oa2-client-id_«32:A-Za-z0-9_-»:⟦«40:A-Za-z0-9_-»⟧ \\\nhttps://fra1.blynk.cloud/oauth2/token?grant_type=client_credentials\n"),
        (Kf + "clockwork.yml", "kingfisher.clockwork.1", "clockwork_api_key=⟦«40:a-f0-9»⟧"),
        (Kf + "clockwork.yml", "kingfisher.clockwork.1", "clockworksms access token: ⟦«40:a-f0-9»⟧"),
        (Kf + "cloudsight.yml", "kingfisher.cloudsight.1", "cloudsight api_key = ⟦«22:a-z0-9»⟧"),
        (Kf + "cloudsight.yml", "kingfisher.cloudsight.1", "CLOUDSIGHT_API_KEY: '⟦«24:a-z0-9»⟧'\ncloudsight_secret=\"⟦«25:a-z0-9»⟧\"\n"),
        (Kf + "datagov.yml", "kingfisher.datagov.1", "data.gov_api_key=⟦«40:a-zA-Z0-9»⟧"),
        (Kf + "datagov.yml", "kingfisher.datagov.1", "data.gov_token=⟦«40:a-zA-Z0-9»⟧"),
        (Kf + "mailersend.yml", "kingfisher.mailersend.1", "MAILERSEND_API_TOKEN=⟦mlsn.«50:a-zA-Z0-9»⟧"),
        (Kf + "infracost.yml", "kingfisher.infracost.1", "export INFRACOST_API_KEY=⟦ico-«32:a-zA-Z0-9»⟧"),
        (Kf + "infracost.yml", "kingfisher.infracost.1", "\"infracost\": \"⟦ico-«32:a-f0-9»⟧\""),
        (Kf + "ollama.yml", "kingfisher.ollama.1", "ollama key = ⟦«32:a-f0-9».«24:a-zA-Z0-9_-»⟧"),
        (Kf + "ollama.yml", "kingfisher.ollama.1", "ollama key = ⟦«32:a-f0-9».«24:a-zA-Z0-9»⟧"),
        (Kf + "ollama.yml", "kingfisher.ollama.1", "ollama key = ⟦«32:a-f0-9».-«23:a-zA-Z0-9_-»⟧"),
        (Kf + "unkey.yml", "kingfisher.unkey.1", "UNKEY_ROOT_KEY=⟦unkey_«24:A-Za-z0-9»⟧"),
        (Kf + "unkey.yml", "kingfisher.unkey.1", "Authorization: Bearer ⟦unkey_«24:A-Za-z0-9»⟧"),
        (Kf + "unkey.yml", "kingfisher.unkey.1", "unkey_root_key = \"⟦unkey_«24:A-Za-z0-9»⟧\""),
        (Kf + "unkey.yml", "kingfisher.unkey.2", "UNKEY_API_KEY=⟦key_«12:A-Za-z0-9»⟧"),
        (Kf + "unkey.yml", "kingfisher.unkey.2", "x-api-key: ⟦key_«12:A-Za-z0-9»⟧"),
        (Kf + "unkey.yml", "kingfisher.unkey.2", "Authorization: Bearer ⟦key_«12:A-Za-z0-9»⟧"),
        (Kf + "unkey.yml", "kingfisher.unkey.3", "unkey_secret = \"⟦«24:A-Za-z0-9»⟧\""),
        (Kf + "unkey.yml", "kingfisher.unkey.3", "UNKEY_KEY_SECRET: ⟦«24:A-Za-z0-9»⟧"),
        (Kf + "telnyx.yml", "kingfisher.telnyx.1", "TELNYX_API_KEY=⟦KEY«32:0-9A-F»_«22:A-Za-z0-9»⟧"),
        (Kf + "sendbird.yml", "kingfisher.sendbird.2", "sendbird_api_token: ⟦«40:a-f0-9»⟧"),
        (Kf + "rootly.yml", "kingfisher.rootly.1", "ROOTLY_API_KEY=⟦rootly_«64:a-f0-9»⟧"),
        (Kf + "zuplo.yml", "kingfisher.zuplo.1", "⟦zpka_«32:a-f0-9»_«8:0-9a-f»⟧"),
        (Kf + "zuplo.yml", "kingfisher.zuplo.1", "⟦zpka_«32:a-f0-9»_«8:0-9a-f»⟧"),
        (Kf + "upstage.yml", "kingfisher.upstage.1", "upstage_api_key = \"⟦«45:a-zA-Z0-9»⟧\""),
        (Kf + "upstage.yml", "kingfisher.upstage.1", "upstage_token = \"⟦«40:a-zA-Z0-9»⟧\""),
        (Kf + "kagi.yml", "kingfisher.kagi.1", "KAGI_API_KEY='⟦«11:a-zA-Z0-9_-».«43:a-zA-Z0-9_-»⟧'"),
        (Kf + "kagi.yml", "kingfisher.kagi.1", "https://kagi.com/search?token=⟦«11:a-zA-Z0-9».«43:a-zA-Z0-9_-»⟧"),
        (Kf + "lark.yml", "kingfisher.lark.1", "larksuite_tenant_access_token=\"⟦t-«32:A-Za-z0-9_»⟧\""),
        (Kf + "lark.yml", "kingfisher.lark.2", "larksuite_user_access_token=\"⟦u-«32:A-Za-z0-9_»⟧\""),
        (Kf + "lark.yml", "kingfisher.lark.3", "larksuite_app_access_token=\"⟦a-«32:A-Za-z0-9_»⟧\""),
        (Kf + "messagebird.yml", "kingfisher.messagebird.1", "MESSAGEBIRD_API_KEY=⟦«25:a-z0-9»⟧"),
        (Kf + "messagebird.yml", "kingfisher.messagebird.1", "messagebird_token: '⟦«25:a-z0-9»⟧'"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> Trufflehog =>
    [
        (Th + "abyssale/abyssale_test.go", "trufflehog.abyssale", "\n\t\t\t\t[INFO] Sending request to abyssale API\n\t\t\t\t[DEBUG] Using API_KEY=⟦«40:A-Za-z0-9»⟧\n\t\t\t\t[INFO] Response received: 200 OK\n\t\t\t"),
        (Th + "abyssale/abyssale_test.go", "trufflehog.abyssale", "\n\t\t\t\t<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n  \t\t\t\t\t<scope>GLOBAL</scope>\n  \t\t\t\t\t<id>{abyssale}</id>\n  \t\t\t\t\t<secret>{abyssale AQAAABAAA ⟦«40:A-Za-z0-9»⟧}</secret>\n  \t\t\t\t\t<description>configuration for production</description>\n\t\t\t\t\t<creationDate>2023-05-18T14:32:10Z</creationDate>\n  \t\t\t\t\t<owner>jenkins-admin</owner>\n\t\t\t\t</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n\t\t\t"),
        (Th + "besttime/besttime_test.go", "trufflehog.besttime", "besttime credentials: ⟦pri_«32:0-9a-f»⟧"),
        (Th + "besttime/besttime_test.go", "trufflehog.besttime", "\n\tfunc main() {\n\t\turl := \"https://api.example.com/v1/besttime/keys/⟦pri_«32:0-9a-f»⟧\"\n\n\t\t// Create a new request with the secret as a header\n\t\treq, err := http.NewRequest(\"GET\", url, http.NoBody)\n\t\tif err != nil {\n\t\t\tfmt.Println(\"Error creating request:\", err)\n\t\t\treturn\n\t\t}\n\t}\n\t"),
        (Th + "geoapify/geoapify_test.go", "trufflehog.geoapify", "You can find a geoapify secret ⟦«32:a-f0-9»⟧ within"),
        (Th + "azure_entra/serviceprincipal/v2/spv2_test.go", "trufflehog.azure-entra-sp", "ClientID - " + Uuid + "\nClient Secret- ⟦«3:a-zA-Z0-9»8Q~«34:A-Za-z0-9_~.-»⟧\nTenant ID - " + Uuid),
        (Th + "azure_entra/serviceprincipal/v2/spv2_test.go", "trufflehog.azure-entra-sp", "\ncas.authn.azure-active-directory.client-id=" + Uuid + ",\n#cas.authn.azure-active-directory.client-id=" + Uuid + ",\ncas.authn.azure-active-directory.login-url=https://login.microsoftonline.com/common/,\ncas.authn.azure-active-directory.tenant=" + Uuid + ",\ncas.authn.azure-active-directory.client-secret=⟦«4:a-z0-9»8Q~~«33:A-Za-z0-9»⟧,\n"),
        (Th + "azure_entra/serviceprincipal/v2/spv2_test.go", "trufflehog.azure-entra-sp", "servicePrincipal:\n  tenantId: \"" + Uuid + "\"\n  clientId: \"" + Uuid + "\"\n  clientSecret: \"⟦«3:A-Za-z0-9»8Q~«34:A-Za-z0-9»⟧\"\nagentImage: \"karbar.azurecr.io/kar-agent\""),
        (Th + "azure_entra/serviceprincipal/v2/spv2_test.go", "trufflehog.azure-entra-sp", "azure:\n      active-directory:\n        enabled: true\n        profile:\n          tenant-id: " + Uuid + "\n        credential:\n          client-id: " + Uuid + "\n          client-secret: ⟦-«2:a-z»8Q~«16:A-Za-z0-9».«6:a-z»-«4:a-z0-9»_⟧"),
        (Th + "azure_entra/serviceprincipal/v2/spv2_test.go", "trufflehog.azure-entra-sp", "OPENID_CLIENT_ID=" + Uuid + "\nOPENID_CLIENT_SECRET=⟦«4:a-zA-Z0-9»8Q~«2:A-Z»~--«28:A-Za-z0-9»-⟧\nOPENID_GRANT_TYPE=client_credentials"),
        (Th + "azure_entra/serviceprincipal/v2/spv2_test.go", "trufflehog.azure-entra-sp", "      \"RequestBody\": \"client_id=" + Uuid + "\\u0026grant_type=client_credentials\\u0026client_info=1\\u0026client_secret=⟦-«2:a-z0-9»8Q~.«35:A-Za-z0-9_»⟧\\u0026claims=%7B%22access_token%22%3A\\u002B%7B%22xms_cc%22%3A\\u002B%7B%22values%22%3A\\u002B%5B%22CP1%22%5D%7D%7D%7D\\u0026scope=https%3A%2F%2Fmanagement.azure.com%2F.default\","),
        (Th + "ftp/ftp_test.go", "trufflehog.ftp", "ftp://dlpuser:⟦«25:A-Za-z0-9»⟧@ftp.dlptest.com"),
        (Th + "ftp/ftp_test.go", "trufflehog.ftp", "ftp://dlpuser:⟦«25:A-Za-z0-9»⟧@ftp.dlptest.com.badhost"),
        (Th + "ldap/ldap_test.go", "trufflehog.ldap", "ldaps://127.0.0.1:389 bind 'OpenDSObject(\"ldaps://www\", \"«3:A-Z»\", \"⟦«12:A-Za-z0-9»⟧\", 123)' pass '⟦«6:A-Za-z0-9»:«6:A-Za-z0-9»$_:«10:A-Za-z0-9»⟧' «35:a-zA-Z»="),
        (Th + "jdbc/jdbc_test.go", "trufflehog.jdbc", "\t\t\t\t\t\t\t<jdbc-url>jdbc:sqlserver://x.x.x.x:1433;databaseName=MY-DB;user=MY-USER;password=⟦«14:A-Za-z0-9»⟧;encrypt=false</jdbc-url>\n"),
        (Th + "jdbc/jdbc_test.go", "trufflehog.jdbc", "\t\t\t\t\t\t\t<jdbc-url>(jdbc:mysql://testuser:⟦«12:a-z0-9»⟧@tcp(localhost:1521)/testdb)</jdbc-url>\n"),
        (Th + "jdbc/jdbc_test.go", "trufflehog.jdbc", "\t\t\t\t\t\t\t<jdbc-url>jdbc:postgresql://localhost:1521/testdb?sslmode=disable&password=⟦«12:a-z0-9»⟧&user=testuser&</jdbc-url>\n"),
        (Th + "jdbc/jdbc_test.go", "trufflehog.jdbc", "\t\t\t\t\t\t\"jdbc:mysql://user:⟦«10:a-zA-Z0-9»⟧@host:3306/db?param=1\",\n"),
        (Th + "azurecontainerregistry/azurecontainerregistry_test.go", "trufflehog.azurecontainerregistry", "You can find a azurecontainerregistry secret «10:a-z».azurecr.io and ⟦«42:A-Za-z0-9»+ACR«1:A-D»«5:A-Za-z0-9»⟧ within"),
        (Th + "azuresearchadminkey/azuresearchadminkey_test.go", "trufflehog.azuresearchadminkey", "You can find a azure secret ⟦«42:A-Za-z0-9»AzSe«1:A-D»«5:A-Za-z0-9»⟧ and azure service «10:a-z» within"),
        (Th + "azure_batch/azurebatch_test.go", "trufflehog.azure-batch", "\n\t\t\t\t[INFO] Sending request to the ayrshare API\n\t\t\t\t[DEBUG] Using Secret = ⟦«10:A-Za-z0-9»=«77:A-Za-z0-9+/»⟧\n\t\t\t\t[INFO] https://«7:A-Za-z0-9».«3:A-Z».batch.azure.com\n\t\t\t\t[INFO] Response received: 200 OK\n\t\t\t"),
        (Th + "azure_batch/azurebatch_test.go", "trufflehog.azure-batch", "\n\t\t\t\t<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n  \t\t\t\t\t<scope>GLOBAL</scope>\n  \t\t\t\t\t<id>{https://«31:a-z0-9».«12:a-z0-9».batch.azure.com}</id>\n  \t\t\t\t\t<secret>{AQAAABAAA ⟦«40:A-Za-z0-9»=«47:A-Za-z0-9+/»⟧}</secret>\n  \t\t\t\t\t<description>configuration for production</description>\n\t\t\t\t\t<creationDate>2023-05-18T14:32:10Z</creationDate>\n  \t\t\t\t\t<owner>jenkins-admin</owner>\n\t\t\t\t</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n\t\t\t"),
        (Th + "azurefunctionkey/azurefunctionkey_test.go", "trufflehog.azurefunctionkey", "\n\t\t\t\tazure:\n\t\t\t\t\tazureURL: https://«8:A-Za-z0-9».azurewebsites.net/api/«25:A-Za-z0-9-»\n\t\t\t\t\tazureFunctionkey: ⟦«31:A-Za-z0-9»⟧-=\n\t\t\t\t"),
        (Th + "azurefunctionkey/azurefunctionkey_test.go", "trufflehog.azurefunctionkey", "\n\t\t\t\t<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n  \t\t\t\t\t<scope>GLOBAL</scope>\n  \t\t\t\t\t<id>{https://«10:A-Za-z0-9».azurewebsites.net/api/«5:A-Za-z0-9»}</id>\n  \t\t\t\t\t<secret>{azure AQAAABAAA ⟦«24:A-Za-z0-9»⟧}</secret>\n  \t\t\t\t\t<description>configuration for production</description>\n\t\t\t\t\t<creationDate>2023-05-18T14:32:10Z</creationDate>\n  \t\t\t\t\t<owner>jenkins-admin</owner>\n\t\t\t\t</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n\t\t\t"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> Ripsecrets =>
    [
        (Rs + "test/one_per_line/random", "ripsecrets.random", "APP_KEY = \"⟦«15:a-z0-9»⟧\""),
        (Rs + "test/one_per_line/random", "ripsecrets.random", "clientSecretKey := \"⟦«30:A-Za-z0-9»⟧\""),
        (Rs + "test/one_per_line/random", "ripsecrets.random", "\"key\": \"⟦«30:A-Za-z0-9»⟧\""),
        (Rs + "test/one_per_line/random", "ripsecrets.random", "'key': \"⟦«30:A-Za-z0-9»⟧\""),
        (Rs + "test/one_per_line/random", "ripsecrets.random", "['dict_key'] = \"⟦«30:A-Za-z0-9»⟧\""),
        (Rs + "test/one_per_line/azure", "ripsecrets.azure", "AccountKey=⟦«86:A-Za-z0-9+/»==⟧"),
        (Rs + "test/one_per_line/azure", "ripsecrets.azure", "client_secret = ⟦«2:A-Z».7Q~«31:A-Za-z0-9~.»⟧"),
        (Rs + "test/one_per_line/azure", "ripsecrets.azure", "api_key = ⟦«3:A-Za-z0-9»7Q~«31:A-Za-z0-9.»⟧"),
        (Rs + "test/one_per_line/maven", "ripsecrets.maven", "<password>⟦«64:A-Za-z0-9»⟧</password>"),
        (Rs + "test/one_per_line/maven", "ripsecrets.maven", "<master>{⟦«64:A-Za-z0-9»⟧\\}</master>"),
        (Rs + "test/one_per_line/intra42", "ripsecrets.intra42", "⟦s-s4t2ud-«64:a-f0-9»⟧"),
        (Rs + "test/one_per_line/intra42", "ripsecrets.intra42", "⟦s-s4t2af-«64:a-f0-9»⟧"),
        (Rs + "test/one_per_line/gcp", "ripsecrets.gcp", "key=⟦AIza«35:A-Za-z0-9_-»⟧"),
        (Rs + "test/one_per_line/gcp", "ripsecrets.gcp", "⟦AIza«35:A-Za-z0-9_-»⟧"),
        (Rs + "test/one_per_line/npm", "ripsecrets.npm", "//registry.npmjs.org/:_authToken=⟦«20:a-z0-9»⟧"),
        (Rs + "test/one_per_line/npm", "ripsecrets.npm", "⟦npm_«36:A-Za-z0-9»⟧"),
        (Rs + "test/one_per_line/url", "ripsecrets.url", "mysql://USERNAME:⟦«12:A-Za-z0-9»⟧@example.com"),
        (Rs + "test/one_per_file/aws_json", "ripsecrets.aws", "HTTP/1.1 200 OK\nServer: Werkzeug/3.1.3 Python/3.11.9\nDate: Tue, 11 Mar 2025 15:20:12 GMT\nContent-Type: application/json\nContent-Length: 139\nConnection: close\n\n{\n  \"data\": {\n    \"aws_access_key\": \"⟦AKIA«16:A-Z0-9»⟧\",\n    \"region\": \"us-west-2\",\n    \"user\": \"testuser\"\n  },\n  \"status\": \"success\"\n}\n"),
    ];

    public static IEnumerable<(string Source, string Kind, string Template)> All =>
        MicrosoftSecurityUtilities.Concat(Kingfisher).Concat(Trufflehog).Concat(Ripsecrets);
}
