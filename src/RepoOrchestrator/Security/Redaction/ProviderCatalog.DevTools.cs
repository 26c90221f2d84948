namespace RepoOrchestrator.Security.Redaction;

/// <summary>Source control, CI/CD, code quality and package registries.</summary>
internal static partial class ProviderCatalog
{
    private const string V = "vcs";
    private const string Ci = "ci";
    private const string R = "registry";

    private static IEnumerable<ProviderTokenFormat> SourceControl() =>
    [
        P("gitlab", V, "gitlab-token", @"\bgl(?:(?:pat|dt|rt|ft|soat|ffct|agent|oas|imt)-|cbt-[0-9a-zA-Z]{1,5}_)[0-9A-Za-z_-]{20,300}(?:\.[0-9a-z]{9})?", "glpat-", "gldt-", "glrt-", "glft-", "glsoat-", "glffct-", "glcbt-", "glagent-", "gloas-", "glimt-"),
        P("gitlab", V, "gitlab-pipeline-trigger-token", @"\bglptt-[0-9a-f]{40}\b", "glptt-"),
        P("gitlab", V, "gitlab-runner-registration-token", @"\bGR1348941[\w-]{20}", "GR1348941"),
        P("gitlab", V, "gitlab-session-cookie", @"_gitlab_session=(?<secret>[0-9a-z]{32})", "_gitlab_session="),
        P("github", V, "github-app-installation-token", @"\bv1\.[0-9a-f]{40}\b", "v1."),
        P("bitbucket", V, "bitbucket-app-password", @"\bATBB[A-Za-z0-9_=.-]{28,}", "ATBB"),
        N("bitbucket", V, "bitbucket-client-secret", @"\b[A-Za-z0-9_=-]{32}(?:[A-Za-z0-9_=-]{32})?\b", "bitbucket"),
        P("atlassian", V, "atlassian-api-token", @"\bATATT3[A-Za-z0-9_=-]{100,}", "ATATT3"),
        N("atlassian", V, "jira-api-token", @"\b[A-Za-z0-9]{24}\b", "jira", "confluence", "atlassian"),
        N("gitea", V, "gitea-token", Hex40, "gitea", "forgejo", "codeberg"),
        P("sourcegraph", V, "sourcegraph-token", @"\bsgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}\b", "sgp_"),
        N("gerrit", V, "gerrit-http-password", @"\b[A-Za-z0-9+/]{42}\b", "gerrit"),
    ];

    private static IEnumerable<ProviderTokenFormat> ContinuousIntegration() =>
    [
        N("cypress", Ci, "cypress-record-key", Uuid, "cypress"),
        N("codeclimate", Ci, "codeclimate-reporter-id", Hex64, "cc_test_reporter_id", "codeclimate"),
        P("circleci", Ci, "circleci-token", @"\bCCIP(?:AT|RJ)_[A-Za-z0-9]{22}_[a-f0-9]{40}\b", "CCIPAT_", "CCIPRJ_"),
        N("circleci", Ci, "circleci-legacy-token", Hex40, "circleci", "circle_token", "circle-token"),
        N("travis", Ci, "travis-token", @"\b[A-Za-z0-9_-]{22}\b", "travis"),
        P("buildkite", Ci, "buildkite-token", @"\bbkua_[a-f0-9]{40}\b", "bkua_"),
        N("drone", Ci, "drone-token", Alnum32, "drone"),
        N("jenkins", Ci, "jenkins-api-token", @"\b11[0-9a-f]{32}\b", "jenkins"),
        P("teamcity", Ci, "teamcity-token", @"\beyJ0eXAiOiAiVENWMiJ9\.[A-Za-z0-9_-]{36}\.[A-Za-z0-9_-]{48}", "eyJ0eXAiOiAiVENWMiJ9"),
        P("harness", Ci, "harness-token", @"\b(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}\b", "pat.", "sat."),
        P("octopus", Ci, "octopus-deploy-api-key", @"\bAPI-[A-Z0-9]{26,32}\b", "API-"),
        N("codacy", Ci, "codacy-api-token", @"\b[A-Za-z0-9]{20}\b", "codacy"),
        N("codecov", Ci, "codecov-token", @"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|" + Alnum32, "codecov"),
        P("sonar", Ci, "sonar-token", @"\bsq[upa]_[a-f0-9]{40}\b", "squ_", "sqp_", "sqa_"),
        N("sonar", Ci, "sonar-legacy-token", @"\b[A-Za-z0-9_=-]{40}\b", "sonar", "sonar.login", "sonar_token", "sonar.token", "sonar_login", "sonarqube", "sonarcloud"),
        N("snyk", Ci, "snyk-token", Uuid, "snyk"),
        N("appveyor", Ci, "appveyor-token", @"\bv2\.[a-z0-9]{20}\b", "appveyor"),
        N("coveralls", Ci, "coveralls-token", @"\b[A-Za-z0-9]{32,37}\b", "coveralls"),
        N("browserstack", Ci, "browserstack-access-key", @"\b[A-Za-z0-9]{20}\b", "browserstack"),
        N("saucelabs", Ci, "saucelabs-access-key", Uuid, "saucelabs", "sauce_access", "sauce_key", "SAUCE_"),
        N("percy", Ci, "percy-token", @"\b(?:[a-z]+_)?[a-f0-9]{64}\b", "percy"),
        P("docker-hub", Ci, "docker-hub-token", @"\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}", "dckr_pat_", "dckr_oat_"),
        N("bitrise", Ci, "bitrise-token", @"\b[A-Za-z0-9_-]{86}\b", "bitrise"),
    ];

    private static IEnumerable<ProviderTokenFormat> Registries() =>
    [
        P("npm", R, "npm-access-token", @"\bnpm_[A-Za-z0-9]{36}\b", "npm_"),
        P("pypi", R, "pypi-upload-token", @"\bpypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[\w-]{50,}", "pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw"),
        P("rubygems", R, "rubygems-api-key", @"\brubygems_[a-f0-9]{48}\b", "rubygems_"),
        P("nuget", R, "nuget-api-key", @"\boy2[a-z0-9]{43}\b", "oy2"),
        P("clojars", R, "clojars-token", @"\bCLOJARS_[a-z0-9]{60}\b", "CLOJARS_"),
        P("crates-io", R, "crates-io-token", @"\bcio[A-Za-z0-9]{32}\b", "cio"),
        P("jfrog", R, "jfrog-api-key", @"\b(?:AKCp[A-Za-z0-9]{69}|cmVmd[A-Za-z0-9]{59})\b", "AKCp", "cmVmd"),
        N("jfrog", R, "jfrog-identity-token", @"\b[A-Za-z0-9]{64}\b|\b[A-Za-z0-9]{73}\b", "jfrog", "artifactory", "bintray"),
        N("cloudsmith", R, "cloudsmith-api-key", Hex40, "cloudsmith"),
        P("packagist", R, "packagist-token", @"\bpackagist_(?:ort|out|uat)_[a-f0-9]{68}\b", "packagist_"),
        N("hex-pm", R, "hex-api-key", Hex32, "hex_api", "hexpm", "hex.pm"),
        N("gradle", R, "gradle-publish-key", Alnum32, "gradle.publish", "gradle_publish"),
        N("jfrog", R, "artifactory-encrypted-password", @"\bAP[0-9A-F][A-Za-z0-9]{8,}", "artif", "jfrog"),
        N("sidekiq", R, "sidekiq-secret", @"\b[a-f0-9]{8}:[a-f0-9]{8}\b", "contribsys__com", "contribsys.com"),
        N("sonatype", R, "sonatype-token", @"\b[A-Za-z0-9+/]{44}\b", "sonatype", "ossrh"),
    ];
}
