// The official MCP TypeScript SDK as a client of Repo Orchestrator's /mcp (Streamable HTTP, bearer token).
// Lists the tools, then calls EVERY listed tool with the arguments of the fixture file (tool name -> call),
// and prints one JSON report on stdout. Exit code 0 only when every listed tool had a fixture entry, no call
// failed (isError, a thrown error, or an output that does not match the tool's outputSchema: the SDK checks it),
// and each result's text holds every string of the entry's "expect".
//
// Usage: ORCH_MCP_TOKEN=<token> node mcp-client.mjs <http://127.0.0.1:PORT/mcp> <fixture.json>
// The token comes from the environment, not the command line, so no process listing shows it.
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, fixturePath] = process.argv.slice(2);
const token = process.env.ORCH_MCP_TOKEN;
if (!url || !fixturePath || !token) {
  console.error("usage: ORCH_MCP_TOKEN=<token> node mcp-client.mjs <mcp url> <fixture.json>");
  process.exit(2);
}

const fixture = JSON.parse(readFileSync(fixturePath, "utf8")).tools ?? {};
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});
const client = new Client({ name: "repo-orchestrator-tests", version: "1.0.0" });
// The SDK tries a GET stream after initializing; a server that offers none answers it with an error status,
// which the SDK reports here and carries on. Record it, never fail for it.
const transportErrors = [];
client.onerror = (error) => transportErrors.push(String(error?.message ?? error));

const report = { protocolVersion: null, tools: [], missing: [], calls: [], transportErrors };
let failed = false;
try {
  await client.connect(transport);
  report.protocolVersion = transport.protocolVersion ?? null;
  const { tools } = await client.listTools();
  report.tools = tools.map((tool) => tool.name);
  for (const tool of tools) {
    const entry = fixture[tool.name];
    if (!entry) {
      report.missing.push(tool.name);
      failed = true;
      continue;
    }

    const call = { tool: tool.name, isError: null, missingText: [], excerpt: "", error: null };
    try {
      const result = await client.callTool({ name: tool.name, arguments: entry.arguments ?? {} });
      const text = (result.content ?? []).filter((part) => part.type === "text").map((part) => part.text).join("\n");
      call.isError = result.isError === true;
      call.hasStructuredContent = result.structuredContent !== undefined;
      call.excerpt = text.slice(0, 400);
      call.missingText = (entry.expect ?? []).filter((wanted) => !text.includes(wanted));
    } catch (error) {
      call.error = String(error?.message ?? error);
    }

    failed ||= call.isError !== false || call.error !== null || call.missingText.length > 0;
    report.calls.push(call);
  }
} catch (error) {
  report.error = String(error?.message ?? error);
  failed = true;
} finally {
  await client.close().catch(() => {});
}

console.log(JSON.stringify(report, null, 2));
if (report.missing.length > 0) {
  console.error(`No fixture entry for tool(s): ${report.missing.join(", ")}. Add each to ${fixturePath} (arguments and expected text).`);
}
process.exit(failed ? 1 : 0);
