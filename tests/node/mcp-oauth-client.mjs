// The official MCP TypeScript SDK's OAuth client against Repo Orchestrator's /mcp with OAuth on: discovery (RFC 9728
// and RFC 8414), dynamic registration (RFC 7591), the authorization code flow with PKCE S256 and the resource
// indicator, the operator's consent (this script plays the browser and the operator, with the admin token), the code
// exchange, tool calls with the access token, a refresh (replaying the old refresh token is refused and ends the
// whole token family), a second sign-in (the operator confirms it), and revocation (RFC 7009), after which the client
// is asked to sign in again. Prints one JSON report; exit code 0 only when every
// step behaved.
//
// Usage: ORCH_ADMIN_TOKEN=<admin token> node mcp-oauth-client.mjs <http://127.0.0.1:PORT/mcp>
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError, refreshAuthorization, discoverAuthorizationServerMetadata } from "@modelcontextprotocol/sdk/client/auth.js";

const [mcpUrl] = process.argv.slice(2);
const adminToken = process.env.ORCH_ADMIN_TOKEN;
if (!mcpUrl || !adminToken) {
  console.error("usage: ORCH_ADMIN_TOKEN=<admin token> node mcp-oauth-client.mjs <mcp url>");
  process.exit(2);
}

const base = new URL("/", mcpUrl);
const redirectUrl = "http://127.0.0.1:1/callback"; // never contacted: this script reads the redirect itself

class Provider {
  constructor() { this.info = undefined; this.saved = undefined; this.verifier = undefined; this.authorizationUrl = undefined; }
  get redirectUrl() { return redirectUrl; }
  get clientMetadata() {
    return { client_name: "SDK OAuth test", redirect_uris: [redirectUrl], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none" };
  }
  clientInformation() { return this.info; }
  saveClientInformation(info) { this.info = info; }
  tokens() { return this.saved; }
  saveTokens(tokens) { this.saved = tokens; }
  redirectToAuthorization(url) { this.authorizationUrl = url; }
  saveCodeVerifier(verifier) { this.verifier = verifier; }
  codeVerifier() { return this.verifier; }
  // The SDK calls this when the server refuses what it holds (e.g. invalid_grant on refresh): forget it and sign in again.
  invalidateCredentials(scope) {
    if (scope === "all" || scope === "tokens") this.saved = undefined;
    if (scope === "all" || scope === "client") this.info = undefined;
    if (scope === "all" || scope === "verifier") this.verifier = undefined;
  }
}

const report = { steps: {}, tools: [], readFile: null, errors: [] };
const provider = new Provider();
const connect = async () => {
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
  const client = new Client({ name: "repo-orchestrator-oauth-tests", version: "1.0.0" });
  client.onerror = () => {};
  await client.connect(transport);
  return { client, transport };
};

// The operator's browser: follow the authorization URL to the consent page, approve with the admin token, and
// follow the page's redirect back through the authorization endpoint to the client's redirect URI.
async function approveInBrowser(authorizationUrl, approve = true) {
  const start = await fetch(authorizationUrl, { redirect: "manual" });
  const consent = new URL(start.headers.get("location") ?? "", base);
  const id = consent.searchParams.get("request");
  if (start.status !== 302 || !consent.pathname.endsWith("/oauth/consent.html") || !id) {
    throw new Error(`authorization did not lead to the consent page: ${start.status} ${consent}`);
  }

  const decided = await fetch(new URL(`/oauth/consent/${id}`, base), {
    method: "POST",
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ approve, name: "sdk-connector", role: "reader" }),
  });
  const { redirect } = await decided.json();
  const back = await fetch(new URL(redirect, base), { redirect: "manual" });
  const landed = new URL(back.headers.get("location") ?? "");
  if (back.status !== 302 || `${landed.origin}${landed.pathname}` !== redirectUrl) {
    throw new Error(`the authorization endpoint did not send the browser back to the client: ${back.status} ${landed}`);
  }

  if (landed.searchParams.get("state") !== new URL(authorizationUrl).searchParams.get("state")) {
    throw new Error("state changed on the way back");
  }

  return landed.searchParams.get("code");
}

let failed = false;
const step = async (name, action) => {
  try {
    report.steps[name] = (await action()) ?? true;
  } catch (error) {
    report.steps[name] = false;
    report.errors.push(`${name}: ${error?.message ?? error}`);
    failed = true;
  }
};

await step("firstConnectAsksForAuthorization", async () => {
  try {
    await connect();
    throw new Error("connected without a token");
  } catch (error) {
    if (!(error instanceof UnauthorizedError) || !provider.authorizationUrl) throw error;
    const url = new URL(provider.authorizationUrl);
    return { registered: provider.info?.client_id?.startsWith("orch-") === true, method: url.searchParams.get("code_challenge_method"), resource: url.searchParams.get("resource") };
  }
});

await step("consentAndExchange", async () => {
  const code = await approveInBrowser(provider.authorizationUrl);
  await new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }).finishAuth(code);
  return { hasAccess: Boolean(provider.saved?.access_token), hasRefresh: Boolean(provider.saved?.refresh_token) };
});

await step("toolCalls", async () => {
  const { client } = await connect();
  report.tools = (await client.listTools()).tools.map((t) => t.name);
  const result = await client.callTool({ name: "read_file", arguments: { path: "README.md" } });
  report.readFile = (result.content ?? []).map((p) => p.text ?? "").join("\n").slice(0, 300);
  await client.close();
  return result.isError !== true;
});

await step("refreshRotates", async () => {
  const metadata = await discoverAuthorizationServerMetadata(base);
  const old = provider.saved.refresh_token;
  const fresh = await refreshAuthorization(base, { metadata, clientInformation: provider.info, refreshToken: old, resource: new URL(mcpUrl) });
  provider.saveTokens(fresh);
  const { client } = await connect();
  await client.listTools();
  await client.close();

  // Replaying the rotated-out refresh token is refused, and (RFC 9700) ends the whole family: the fresh tokens too.
  let oldStillWorks = true;
  try {
    await refreshAuthorization(base, { metadata, clientInformation: provider.info, refreshToken: old, resource: new URL(mcpUrl) });
  } catch {
    oldStillWorks = false;
  }

  provider.authorizationUrl = undefined;
  let familyRevoked = false;
  try {
    await connect();
  } catch (error) {
    familyRevoked = error instanceof UnauthorizedError && Boolean(provider.authorizationUrl);
  }

  return { rotated: fresh.refresh_token !== old, oldStillWorks, familyRevoked };
});

await step("signInAgain", async () => {
  const code = await approveInBrowser(provider.authorizationUrl);
  await new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }).finishAuth(code);
  const { client } = await connect();
  await client.listTools();
  await client.close();
  return true;
});

await step("revocationEndsAccess", async () => {
  for (const token of [provider.saved.refresh_token, provider.saved.access_token]) {
    const response = await fetch(new URL("/oauth/revoke", base), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token, client_id: provider.info.client_id }),
    });
    if (!response.ok) throw new Error(`revocation answered ${response.status}`);
  }

  provider.authorizationUrl = undefined;
  try {
    await connect();
    return { askedToSignInAgain: false };
  } catch (error) {
    return { askedToSignInAgain: error instanceof UnauthorizedError && Boolean(provider.authorizationUrl) };
  }
});

console.log(JSON.stringify(report, null, 2));
process.exit(failed ? 1 : 0);
