namespace RepoOrchestrator.Security.Redaction;

/// <summary>Cloud platforms, hosting, infrastructure tooling and databases.</summary>
internal static partial class ProviderCatalog
{
    private const string C = "cloud";
    private const string D = "database";

    private static IEnumerable<ProviderTokenFormat> Cloud() =>
    [
        P("aws", C, "aws-access-key-id-a3t", @"\bA3T[A-Z0-9]{17}\b", "A3T"),
        P("alibaba", C, "alibaba-access-key-id", @"\bLTAI[A-Za-z0-9]{12,28}\b", "LTAI"),
        N("alibaba", C, "alibaba-secret-key", @"\b[A-Za-z0-9]{30}\b", "alibaba", "aliyun"),
        P("tencent", C, "tencent-secret-id", @"\bAKID[A-Za-z0-9]{32}\b", "AKID"),
        N("huawei", C, "huawei-access-key", @"\b[A-Z0-9]{20}\b", "huawei"),
        N("ibm", C, "ibm-cloud-api-key", @"\b[A-Za-z0-9_-]{44}\b", "ibm_cloud", "ibmcloud", "ibm-cloud", "IBM_API", "bluemix"),
        P("digitalocean", C, "digitalocean-token", @"\bdo[por]_v1_[a-f0-9]{64}\b", "dop_v1_", "doo_v1_", "dor_v1_"),
        N("linode", C, "linode-token", Hex64, "linode"),
        N("vultr", C, "vultr-api-key", @"\b[A-Z0-9]{36}\b", "vultr"),
        P("scaleway", C, "scaleway-access-key", @"\bSCW[A-Z0-9]{17}\b", "SCW"),
        N("scaleway", C, "scaleway-secret-key", Uuid, "scaleway", "scw_"),
        N("hetzner", C, "hetzner-token", @"\b[A-Za-z0-9]{64}\b", "hetzner", "hcloud"),
        N("ovh", C, "ovh-application-secret", Alnum32, "ovh"),
        N("cloudflare", C, "cloudflare-api-token", @"\b[A-Za-z0-9_-]{40}\b", "cloudflare", "cf_api"),
        N("cloudflare", C, "cloudflare-global-api-key", @"\b[a-f0-9]{37}\b", "cloudflare", "cf_api", "x-auth-key"),
        P("cloudflare", C, "cloudflare-origin-ca-key", @"\bv1\.0-[a-f0-9]{24,64}-[a-f0-9]{128,146}(?:-[a-f0-9]{64})?\b", "v1.0-"),
        N("fastly", C, "fastly-api-token", @"\b[A-Za-z0-9_=-]{32}\b", "fastly"),
        P("akamai", C, "akamai-edgegrid-token", @"\bakab-[a-z0-9]{16}-[a-z0-9]{16}\b", "akab-"),
        P("heroku", C, "heroku-api-key-v2", @"\bHRKU-AA[0-9A-Za-z_-]{58}", "HRKU-"),
        N("heroku", C, "heroku-api-key", Uuid, "heroku"),
        P("flyio", C, "flyio-token", @"\b(?:fo1_[\w-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3})", "fo1_", "fm1", "fm2_"),
        P("deno", C, "deno-deploy-token", @"\bdd[po]_[A-Za-z0-9]{36}\b", "ddp_", "ddo_"),
        P("render", C, "render-api-key", @"\brnd_[A-Za-z0-9]{32}\b", "rnd_"),
        N("railway", C, "railway-token", Uuid, "railway"),
        N("vercel", C, "vercel-token", @"\b[A-Za-z0-9]{24}\b", "vercel"),
        P("netlify", C, "netlify-pat", @"\bnfp_[A-Za-z0-9]{36}\b", "nfp_"),
        N("netlify", C, "netlify-token", @"\b[A-Za-z0-9_=-]{40,46}\b", "netlify"),
        Pi("azure", C, "azure-ad-client-secret", @"(?:^|[\\'""`\s>=:(,)])(?<secret>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})", "Q~"),
        P("azure", C, "azure-storage-account-key", @"(?i:AccountKey)=(?<secret>[A-Za-z0-9+/]{86}==)", "AccountKey", "accountkey", "ACCOUNTKEY"),
        Pi("azure", C, "azure-sas-signature", @"[?&]sig=(?<secret>[A-Za-z0-9%+/]{40,}(?:%3[dD]|=){0,2})", "sig="),
        N("azure-devops", C, "azure-devops-pat", @"\b[a-z2-7]{52}\b", "azure", "devops", "ado_", "vsts"),
        // Cognitive Services and API Management subscription keys; both are sent as Ocp-Apim-Subscription-Key.
        N("azure", C, "azure-cognitive-key", Hex32, "azure_openai", "azure_cognitive", "cognitive_services", "AZURE_API_KEY", "azure_key", "Ocp-Apim-Subscription-Key", "apim_subscription", "apim-subscription"),
        P("google", C, "gcp-oauth-client-secret", @"\bGOCSPX-[A-Za-z0-9_-]{28}", "GOCSPX-"),
        P("google", C, "google-oauth-access-token", @"\bya29\.[A-Za-z0-9_-]{30,}", "ya29."),
        P("google", C, "gcp-express-mode-api-key", @"\bAQ\.Ab8R[A-Za-z0-9_-]{46}", "AQ.Ab8R"),
        P("google", C, "google-oauth-refresh-token", @"\b1//0[A-Za-z0-9_-]{40,}", "1//0"),
        Pi("firebase", C, "firebase-cloud-messaging-key", @"\bAAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,}", ":APA91b"),
        P("openshift", C, "openshift-user-token", @"\bsha256~[\w-]{43}", "sha256~"),
        P("vault", C, "vault-token", @"\bhv[sbr]\.[\w-]{24,300}", "hvs.", "hvb.", "hvr."),
        N("vault", C, "vault-legacy-token", @"\bs\.[A-Za-z0-9]{24}\b", "vault"),
        // An AppRole secret id is a UUID; the role id beside it is not secret, but shares its shape.
        N("vault", C, "vault-approle-secret-id", Uuid, "secret_id", "secret-id", "secretid"),
        Pi("terraform", C, "terraform-cloud-token", @"\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}", "atlasv1"),
        P("pulumi", C, "pulumi-access-token", @"\bpul-[a-f0-9]{40}\b", "pul-"),
        P("doppler", C, "doppler-token", @"\bdp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9_-]{40,44}", "dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."),
        P("1password", C, "1password-service-account-token", @"\bops_eyJ[A-Za-z0-9+/]{100,}={0,3}", "ops_eyJ"),
        P("1password", C, "1password-recovery-key", @"\b1PRK(?:-[A-Z0-9]{4}){13}\b", "1PRK-"),
        P("1password", C, "1password-secret-key", @"\bA3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b", "A3-"),
        P("age", C, "age-secret-key", @"AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}", "AGE-SECRET-KEY-1"),
        P("tailscale", C, "tailscale-key", @"\btskey-[a-z]+-[A-Za-z0-9]{8,}-[A-Za-z0-9]{16,}", "tskey-"),
        N("ngrok", C, "ngrok-authtoken", @"\b[0-9A-Za-z]{25,27}_[0-9A-Za-z]{20,21}\b", "ngrok"),
        P("defined-networking", C, "defined-networking-api-key", @"\bdnkey-[A-Za-z0-9=_-]{26}-[A-Za-z0-9=_-]{52}", "dnkey-"),
        P("yandex", C, "yandex-api-key", @"\bAQVN[A-Za-z0-9_-]{35,38}", "AQVN"),
        N("yandex", C, "yandex-cloud-access-key", @"\bYC[A-Za-z0-9_-]{38}\b", "yandex", "yc_"),
        N("baidu", C, "baidu-secret-key", Alnum32, "baidu", "bce_"),
        P("infracost", C, "infracost-api-token", @"\bico-[A-Za-z0-9]{32}\b", "ico-"),
        P("scalingo", C, "scalingo-api-token", @"\btk-us-[\w-]{48}", "tk-us-"),
        N("cisco-meraki", C, "cisco-meraki-api-key", Hex40, "meraki"),
        Pi("softlayer", C, "softlayer-api-key-url", @"api\.softlayer\.com/(?:soap|rest)/v3(?:\.1)?/(?<secret>[a-z0-9]{64})", "softlayer.com"),
        N("softlayer", C, "softlayer-api-key", @"\b[a-z0-9]{64}\b", "softlayer"),
        // A ThingsBoard device's access token is the path segment of its device API (default: 20 lower-case alphanumerics).
        Pi("thingsboard", C, "thingsboard-device-token", @"/api/v1/(?<secret>[A-Za-z0-9]{20})/(?:telemetry|attributes|rpc)\b", "/telemetry", "/attributes", "/rpc"),
        N("kubernetes", C, "kubernetes-bootstrap-token", @"\b[a-z0-9]{6}\.[a-z0-9]{16}\b", "kubeadm", "bootstrap-token", "bootstrap_token", "bootstraptoken"),
    ];

    private static IEnumerable<ProviderTokenFormat> Databases() =>
    [
        // crypt(3) password hashes (md5crypt $1$, bcrypt $2a/b/x/y$, sha256crypt $5$, sha512crypt $6$, Cisco type 8 $8$):
        // a leaked hash is an offline-crackable password; the $id$salt$ frame keeps shell text ($1$2) out.
        P("crypt", D, "crypt-password-hash", @"\$(?:1\$[./A-Za-z0-9]{8}\$[./A-Za-z0-9]{22}|2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}|[56]\$(?:rounds=\d{1,9}\$)?[./A-Za-z0-9]{8,16}\$[./A-Za-z0-9]{43}(?:[./A-Za-z0-9]{43})?|8\$[./A-Za-z0-9]{14}\$[./A-Za-z0-9]{43})", "$1$", "$2a$", "$2b$", "$2x$", "$2y$", "$5$", "$6$", "$8$"),
        P("planetscale", D, "planetscale-token", @"\bpscale_(?:tkn|oauth|pw)_[\w=.-]{32,64}", "pscale_"),
        P("supabase", D, "supabase-token", @"\b(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,})", "sbp_", "sb_secret_"),
        P("neon", D, "neon-api-key", @"\bnapi_[a-z0-9]{64}\b", "napi_"),
        P("mongodb-atlas", D, "mongodb-atlas-service-account-secret", @"\bmdb_sa_sk_[A-Za-z0-9_-]{40}", "mdb_sa_sk_"),
        N("mongodb-atlas", D, "mongodb-atlas-private-key", Uuid, "mongodb_atlas", "atlas_api", "atlas_private", "mongodb_api", "MONGODB_ATLAS"),
        N("fauna", D, "fauna-secret", @"\bfn[A-Za-z0-9_-]{38}\b", "fauna"),
        N("upstash", D, "upstash-token", @"\bA[A-Za-z0-9_-]{40,}={0,2}|" + Uuid, "upstash"), // REST token; management API key (UUID)
        P("airtable", D, "airtable-pat", @"\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b", "pat"),
        N("airtable", D, "airtable-api-key", @"\bkey[A-Za-z0-9]{14}\b|\b[A-Za-z0-9]{17}\b", "airtable"),
        N("algolia", D, "algolia-api-key", @"\b[a-zA-Z0-9]{32}\b", "algolia"),
        N("influxdb", D, "influxdb-token", @"\b[A-Za-z0-9_-]{86}==", "influx"),
        P("clickhouse", D, "clickhouse-cloud-secret", @"\b4b1d[A-Za-z0-9]{38}\b", "4b1d"),
        P("databricks", D, "databricks-api-token", @"\bdapi[a-f0-9]{32}(?:-\d)?\b", "dapi"),
        N("confluent", D, "confluent-secret", @"\b[A-Za-z0-9+/]{64}\b|\b[A-Za-z0-9]{16}\b", "confluent"),
        P("aiven", D, "aiven-service-password", @"\bAVNS_[A-Za-z0-9_-]{20,}", "AVNS_"),
        N("sanity", D, "sanity-token", @"\bsk[A-Za-z0-9]{78,}\b", "sanity"),
        P("contentful", D, "contentful-pat", @"\bCFPAT-[A-Za-z0-9_-]{43}", "CFPAT-"),
        N("contentful", D, "contentful-delivery-token", @"\b[A-Za-z0-9_=-]{43}\b", "contentful"),
        N("storyblok", D, "storyblok-token", @"\b[A-Za-z0-9]{22}tt\b|\b[A-Za-z0-9]{24}\b", "storyblok"),
        N("datocms", D, "datocms-token", @"\b[a-f0-9]{30}\b", "dato"),
        N("firebase", D, "firebase-database-secret", Alnum40, "firebase"),
        N("cloudant", D, "cloudant-credential", Hex64 + @"|\b[a-z]{24}\b", "cloudant"),
        P("elastic", D, "elastic-serverless-api-key", @"\bessu_[A-Za-z0-9+/]{90,92}={0,2}", "essu_"),
        N("elastic", D, "elastic-api-key", @"\b[A-Za-z0-9_-]{20,22}:[A-Za-z0-9_-]{22}\b|\b[A-Za-z0-9+/]{56,}={0,2}", "elastic_api", "elastic_cloud", "elasticsearch_api", "es_api_key", "ELASTIC_"),
    ];
}
