// MCP speed bench (issue 19): one official-SDK client calling `read_file` sequentially, each call waiting for the
// last, on a generated 387-line file in a temporary git repository. Measured side by side in one run:
//   http  - Repo Orchestrator over Streamable HTTP (the published service on a free 127.0.0.1 port, bearer token);
//   stdio - Repo Orchestrator's stdio command (`repo-orchestrator mcp`);
//   ref   - the reference server `@modelcontextprotocol/server-filesystem` over stdio (`read_text_file`);
//   null  - a Streamable HTTP server that does no work (null-http-server.mjs: a canned answer), the ceiling any
//           server can reach over HTTP with this client.
// Rounds alternate http, stdio, ref, null so all three see the same machine load; the figure of each is the median of its
// rounds, and the ratios are ours / reference. Every guard of ours stays on (token, origin, path guard, snapshot,
// redaction, audit with its hash chain and fsync); only the rate limit is raised (to 10,000,000 a minute), as in
// the load bench, since a limit of a few hundred calls a minute would be the only thing measured.
//
// Usage: node mcp-bench.mjs [--binary PATH] [--seconds S] [--warmup S] [--rounds N] [--json OUT] [--results RESULTS.md]
//                           [--command LABEL] [--check] [--baseline PATH] [--replay]
//   --baseline: also measures another build of the service (http-base, stdio-base), alternated in the same rounds, for
//     an A/B of a change on one machine load (compare CPU per call and ratios within the run, never across runs).
//   --replay: also measures `replay`, the null server answering every call with the bytes of one answer recorded from
//     our /mcp (null-http-server.mjs --answer): its client CPU per call against `http`'s separates what our answer's
//     bytes cost the client from what our HTTP handling (headers, framing, connection) costs it.
//   --results: replaces the section between `<!-- mcp:begin -->` and `<!-- mcp:end -->` of that file with this run.
//   --check: one round of 1 s each, and verify every server answered the same 387 lines (a smoke test).
// Prints one line per round, then the summary lines `mcp <name>: <calls/s>` and `ratio <name>/ref: <x>`.
// Traffic goes only to 127.0.0.1; every process started here is stopped before exit.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, realpathSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, loadavg } from "node:os";
import { join, dirname, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { setMaxListeners } from "node:events";
import { cpus, totalmem } from "node:os";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const here = dirname(fileURLToPath(import.meta.url));
// The SDK's HTTP transport passes one long-lived AbortSignal to every fetch, and undici leaves a listener on it per
// call: past 1,500 Node prints a warning per call, which would slow the client of whichever server is fastest.
setMaxListeners(0);
const LINES = 387;
const FILE = "src/service/request_handler.py";

function parseArgs(argv) {
  const o = { binary: resolve(here, "../work/publish/repo-orchestrator"), seconds: 5, warmup: 2, rounds: 5, json: "", results: "", command: "", check: false, baseline: "", replay: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === "--binary") o.binary = resolve(next());
    else if (a === "--seconds") o.seconds = Number(next());
    else if (a === "--warmup") o.warmup = Number(next());
    else if (a === "--rounds") o.rounds = Number(next());
    else if (a === "--json") o.json = resolve(next());
    else if (a === "--results") o.results = resolve(next());
    else if (a === "--command") o.command = next();
    else if (a === "--check") o.check = true;
    else if (a === "--baseline") o.baseline = resolve(next());
    else if (a === "--replay") o.replay = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (o.check) Object.assign(o, { seconds: 1, warmup: 0.2, rounds: 1 });
  return o;
}

/** A plausible Python module of exactly LINES lines (about 15 KB), the same every run. */
export function sourceText() {
  const out = ['"""Request handling for the bench service (generated)."""', "import json", "import logging", ""];
  let n = 0;
  while (out.length < LINES) {
    n++;
    out.push(`def handle_request_${n}(request, context):`);
    out.push(`    """Handle request kind ${n}: validate, route and answer."""`);
    out.push(`    payload = json.loads(request.body or "{}")`);
    out.push(`    if payload.get("kind") != ${n}:`);
    out.push(`        logging.warning("unexpected kind %s", payload.get("kind"))`);
    out.push(`        return {"status": 400, "error": "wrong kind"}`);
    out.push(`    result = context.router.dispatch(${n}, payload)`);
    out.push(`    return {"status": 200, "result": result}`);
    out.push("");
  }
  return out.slice(0, LINES).join("\n") + "\n";
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

function setup() {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "orch-mcp-bench-")));
  const root = join(base, "root");
  const repo = join(root, "repo");
  const home = join(base, "home");
  mkdirSync(join(repo, dirname(FILE)), { recursive: true });
  mkdirSync(home, { recursive: true, mode: 0o700 });
  writeFileSync(join(repo, FILE), sourceText());
  const git = (...args) => execFileSync("git", ["-C", repo, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", ...args], { stdio: "ignore" });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "bench");
  return { base, root, repo, home };
}

function serviceEnv(dirs, extra) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ORCH_")));
  return {
    ...env,
    ORCH_HOME: dirs.home, ORCH_REPO_ROOT: dirs.root, ORCH_HEADLESS: "true", ORCH_RATE_LIMIT_PER_MIN: "10000000",
    DOTNET_CLI_TELEMETRY_OPTOUT: "1", ASPNETCORE_ENVIRONMENT: "Production", Logging__LogLevel__Default: "Warning",
    ...extra,
  };
}

async function startService(binary, dirs, token) {
  const port = await freePort();
  const log = openSync(join(dirs.base, "service.log"), "w");
  const proc = spawn(binary, ["serve"], {
    cwd: dirs.home, stdio: ["ignore", log, log],
    env: serviceEnv(dirs, { ORCH_HOST: "127.0.0.1", ORCH_PORT: String(port), ORCH_TOKEN: token }),
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`service exited with ${proc.exitCode}; see ${dirs.base}/service.log`);
    try {
      if ((await fetch(`${url}/health`)).status === 200) break;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const select = await fetch(`${url}/ui/repos/select?path=repo`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
  if (select.status !== 200) throw new Error(`selecting the repository failed: ${select.status} ${(await select.text()).slice(0, 300)}`);
  return { proc, url };
}

async function connect(transport) {
  const client = new Client({ name: "orch-mcp-bench", version: "1.0.0" });
  client.onerror = () => {}; // the stateless /mcp answers the SDK's optional GET stream with 405: expected
  await client.connect(transport);
  return client;
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return null;
  }
}

/**
 * Calls `call` sequentially for `seconds`; returns calls/s, the server's and the client's CPU milliseconds per call
 * (CPU time is far less disturbed by a loaded machine than wall time) and the text of the last answer.
 */
async function drive(call, seconds, serverPid) {
  let calls = 0;
  let text = "";
  const end = performance.now() + seconds * 1000;
  const serverCpu = cpuSeconds(serverPid);
  const clientCpu = process.cpuUsage();
  const start = performance.now();
  while (performance.now() < end) {
    const result = await call();
    if (result.isError) throw new Error(`call failed: ${JSON.stringify(result.content).slice(0, 300)}`);
    text = result.content?.[0]?.text ?? "";
    calls++;
  }
  const elapsed = (performance.now() - start) / 1000;
  const client = process.cpuUsage(clientCpu);
  const serverAfter = cpuSeconds(serverPid);
  return {
    rate: calls / elapsed, calls, text,
    serverMs: serverCpu === null || serverAfter === null ? null : ((serverAfter - serverCpu) * 1000) / calls,
    clientMs: (client.user + client.system) / 1000 / calls,
  };
}

const BEGIN = "<!-- mcp:begin -->";
const END = "<!-- mcp:end -->";

function version(pkg) {
  return JSON.parse(readFileSync(join(here, "node_modules", pkg, "package.json"), "utf8")).version;
}

function git(...args) {
  try {
    return execFileSync("git", ["-C", here, ...args], { encoding: "utf8" }).trim();
  } catch {
    return "?";
  }
}

/** The run as Markdown, between the markers of `path` (added before the micro-benchmarks when missing). */
function writeResults(path, summary, opts) {
  const fmt = (x, digits = 2) => (x === null ? "-" : x.toFixed(digits));
  const load = (l) => l.map((x) => x.toFixed(2)).join(" ");
  const names = {
    http: "Repo Orchestrator, Streamable HTTP (`POST /mcp`, bearer token)",
    stdio: "Repo Orchestrator, stdio (`repo-orchestrator mcp`)",
    ref: "reference `@modelcontextprotocol/server-filesystem`, stdio (`read_text_file`)",
    null: "null Streamable HTTP server (`null-http-server.mjs`: canned answer, no work)",
    "http-base": "baseline build (`--baseline`), Streamable HTTP",
    "stdio-base": "baseline build (`--baseline`), stdio",
    replay: "null server replaying our recorded answer (`--replay`)",
  };
  const dirty = git("status", "--porcelain", "--untracked-files=no") ? " (uncommitted changes)" : "";
  const rows = Object.entries(summary.runs).map(([name, list]) => {
    const m = summary.median[name];
    return `| ${names[name]} | ${list.map((r) => r.rate.toFixed(0)).join(", ")} | **${m.rate.toFixed(0)}** | ${fmt(m.serverMs)} | ${fmt(m.clientMs)} |`;
  });
  const verdict = (r) => (r >= 1 ? "PASS" : "FAIL");
  const text = [
    `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ` +
      `${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average (1/5/15 min) before ${load(summary.loadBefore)}, after ${load(summary.loadAfter)} ` +
      "(the machine is shared: above ~0.5, other work competed for the cores, and only ratios from the same run compare).",
    `Node ${process.version}; client \`@modelcontextprotocol/sdk\` ${version("@modelcontextprotocol/sdk")}; reference ` +
      `\`@modelcontextprotocol/server-filesystem\` ${version("@modelcontextprotocol/server-filesystem")}; service from commit ${git("rev-parse", "--short", "HEAD")}${dirty} ` +
      `(\`${opts.binary.endsWith("publish/repo-orchestrator") ? "bench/work/publish/repo-orchestrator" : opts.binary}\`).`,
    "",
    `\`${opts.command || "node bench/mcp/mcp-bench.mjs"}\`: one official-SDK client per server calls \`read_file\` on a generated ${summary.lines}-line ` +
      `file (about 15 KB) in a temporary git repository, each call waiting for the last: ${summary.warmup} s warm-up, then ${summary.seconds} s measured, ` +
      `per server per round; ${summary.rounds} rounds, the servers alternated within each round. Every guard of ours is on (token, origin, path ` +
      "guard, snapshot, redaction, hidden-text marking, audit line with hash chain and flush to disk); only the rate limit is raised to 10,000,000 a minute. " +
      "CPU per call is user + system time of the server process and of the client (Node) process over the measured seconds.",
    "",
    "| server | calls/s, each round | median calls/s | server CPU ms/call | client CPU ms/call |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    "| target (issue 19) | measured | required | result |",
    "|---|---|---|---|",
    `| MCP over Streamable HTTP vs the reference server | ${summary.ratio.http.toFixed(2)}x | >= 1.0x | ${verdict(summary.ratio.http)} |`,
    `| MCP over stdio vs the reference server | ${summary.ratio.stdio.toFixed(2)}x | >= 1.0x | ${verdict(summary.ratio.stdio)} |`,
    `| (ceiling) null HTTP server vs the reference server | ${summary.ratio.null.toFixed(2)}x | - | - |`,
    "",
    `Client cost of the framing alone (\`bench/mcp/framing-cost.mjs\`, the same answer read the way the SDK reads each form): ${summary.framing}.`,
  ].join("\n");
  let old = "";
  try {
    old = readFileSync(path, "utf8");
  } catch { /* a new file */ }
  let next;
  if (old.includes(BEGIN) && old.includes(END)) {
    next = old.slice(0, old.indexOf(BEGIN) + BEGIN.length) + "\n" + text + "\n" + old.slice(old.indexOf(END));
  } else {
    const section = `## MCP calls, one client in sequence (issue 19)\n\n${BEGIN}\n${text}\n${END}\n\n`;
    const at = old.indexOf("## Micro-benchmarks");
    next = at >= 0 ? old.slice(0, at) + section + old.slice(at) : old + (old ? "\n" : "") + section;
  }
  writeFileSync(path, next);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const loadBefore = loadavg();
  const dirs = setup();
  const token = randomBytes(36).toString("base64url");
  const children = [];
  const clients = {};
  try {
    const service = await startService(opts.binary, dirs, token);
    children.push(service.proc);
    clients.http = await connect(new StreamableHTTPClientTransport(new URL(`${service.url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }));
    const stdio = new StdioClientTransport({
      command: opts.binary, args: ["mcp"], cwd: dirs.home, env: serviceEnv(dirs, {}), stderr: "ignore",
    });
    clients.stdio = await connect(stdio);
    const ref = new StdioClientTransport({
      command: process.execPath, args: [join(here, "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js"), dirs.repo],
      cwd: dirs.base, stderr: "ignore",
    });
    clients.ref = await connect(ref);
    const startNull = async (...extra) => {
      const server = spawn(process.execPath, [join(here, "null-http-server.mjs"), join(dirs.repo, FILE), ...extra], { stdio: ["ignore", "pipe", "ignore"] });
      children.push(server);
      const port = await new Promise((ok, fail) => {
        server.stdout.once("data", (d) => ok(String(d).trim()));
        server.once("exit", (code) => fail(new Error(`null HTTP server exited with ${code}`)));
      });
      return { server, port };
    };
    const { server: nullServer, port: nullPort } = await startNull();
    clients.null = await connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${nullPort}/mcp`)));
    const servers = {
      http: { pid: service.proc.pid, call: () => clients.http.callTool({ name: "read_file", arguments: { path: FILE } }) },
      stdio: { pid: stdio.pid, call: () => clients.stdio.callTool({ name: "read_file", arguments: { path: FILE } }) },
      ref: { pid: ref.pid, call: () => clients.ref.callTool({ name: "read_text_file", arguments: { path: join(dirs.repo, FILE) } }) },
      null: { pid: nullServer.pid, call: () => clients.null.callTool({ name: "read_file", arguments: { path: FILE } }) },
    };
    if (opts.replay) {
      // One answer of ours, recorded as the SDK client would receive it (id 1), replayed by the null server.
      const answer = await fetch(`${service.url}/mcp`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "read_file", arguments: { path: FILE } } }),
      });
      if (answer.status !== 200 || !answer.headers.get("content-type")?.startsWith("application/json")) throw new Error(`recording an answer failed: ${answer.status}`);
      const recorded = join(dirs.base, "answer.json");
      writeFileSync(recorded, Buffer.from(await answer.arrayBuffer()));
      const replay = await startNull("--answer", recorded);
      clients.replay = await connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${replay.port}/mcp`)));
      servers.replay = { pid: replay.server.pid, call: () => clients.replay.callTool({ name: "read_file", arguments: { path: FILE } }) };
    }
    if (opts.baseline) {
      const base = await startService(opts.baseline, dirs, token);
      children.push(base.proc);
      clients["http-base"] = await connect(new StreamableHTTPClientTransport(new URL(`${base.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }));
      const baseStdio = new StdioClientTransport({
        command: opts.baseline, args: ["mcp"], cwd: dirs.home, env: serviceEnv(dirs, {}), stderr: "ignore",
      });
      clients["stdio-base"] = await connect(baseStdio);
      servers["http-base"] = { pid: base.proc.pid, call: () => clients["http-base"].callTool({ name: "read_file", arguments: { path: FILE } }) };
      servers["stdio-base"] = { pid: baseStdio.pid, call: () => clients["stdio-base"].callTool({ name: "read_file", arguments: { path: FILE } }) };
    }
    const expected = sourceText().trimEnd();
    const runs = Object.fromEntries(Object.keys(servers).map((name) => [name, []]));
    for (let round = 1; round <= opts.rounds; round++) {
      const line = [];
      for (const [name, server] of Object.entries(servers)) {
        if (opts.warmup > 0) await drive(server.call, opts.warmup, server.pid);
        const r = await drive(server.call, opts.seconds, server.pid);
        // Every server must have answered the whole file (ours adds a summary after the lines).
        if (!r.text.includes(expected)) throw new Error(`${name} did not return the ${LINES}-line file: ${r.text.slice(0, 200)}`);
        runs[name].push({ rate: r.rate, serverMs: r.serverMs, clientMs: r.clientMs });
        line.push(`${name} ${r.rate.toFixed(0)}`);
      }
      console.log(`round ${round}: ${line.join(", ")} calls/s`);
    }
    const summary = { lines: LINES, seconds: opts.seconds, warmup: opts.warmup, rounds: opts.rounds, loadBefore, loadAfter: loadavg(), runs, median: {}, ratio: {} };
    for (const [name, list] of Object.entries(runs)) {
      const of = (key) => (list.some((r) => r[key] === null) ? null : median(list.map((r) => r[key])));
      summary.median[name] = { rate: of("rate"), serverMs: of("serverMs"), clientMs: of("clientMs") };
      const m = summary.median[name];
      const cpu = m.serverMs === null ? "" : `; CPU per call: server ${m.serverMs.toFixed(2)} ms, client ${m.clientMs.toFixed(2)} ms`;
      console.log(`mcp ${name}: ${m.rate.toFixed(0)} calls/s (median of ${opts.rounds})${cpu}`);
    }
    summary.ratio.http = summary.median.http.rate / summary.median.ref.rate;
    summary.ratio.stdio = summary.median.stdio.rate / summary.median.ref.rate;
    summary.ratio.null = summary.median.null.rate / summary.median.ref.rate;
    for (const name of ["http-base", "stdio-base", "replay"].filter((n) => n in summary.median)) {
      summary.ratio[name] = summary.median[name].rate / summary.median.ref.rate;
      console.log(`ratio ${name}/ref: ${summary.ratio[name].toFixed(2)}x (${name === "replay" ? "our answer's bytes from the null server" : "the baseline build"})`);
    }
    console.log(`ratio http/ref: ${summary.ratio.http.toFixed(2)}x (target >= 1.0: ${summary.ratio.http >= 1 ? "PASS" : "FAIL"})`);
    console.log(`ratio stdio/ref: ${summary.ratio.stdio.toFixed(2)}x (target >= 1.0: ${summary.ratio.stdio >= 1 ? "PASS" : "FAIL"})`);
    console.log(`ratio null-http/ref: ${summary.ratio.null.toFixed(2)}x (the ceiling of any server over Streamable HTTP with this client)`);
    // What the framing alone costs the client (in-process, CPU time): why /mcp answers JSON rather than an event stream.
    summary.framing = execFileSync(process.execPath, [join(here, "framing-cost.mjs")], { encoding: "utf8" }).trim();
    console.log(summary.framing);
    if (opts.json) writeFileSync(opts.json, JSON.stringify(summary, null, 2));
    if (opts.results) writeResults(opts.results, summary, opts);
  } finally {
    for (const c of Object.values(clients)) await c.close().catch(() => {});
    for (const p of children) {
      if (p.exitCode === null) {
        p.kill("SIGTERM");
        await new Promise((r) => { p.once("exit", r); setTimeout(r, 15_000); });
      }
    }
    rmSync(dirs.base, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(() => process.exit(0), (error) => {
    console.error(`mcp bench failed: ${error?.stack ?? error}`);
    process.exit(1);
  });
}
