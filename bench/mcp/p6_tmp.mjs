import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { execSync } from "node:child_process";
const env = {...process.env, ORCH_HOME:"/tmp/mcpprof/home", ORCH_REPO_ROOT:"/tmp/mcpprof/root", DOTNET_PerfMapEnabled:"1", DOTNET_EnableWriteXorExecute:"0", DOTNET_ReadyToRun:"0", Logging__LogLevel__Default:"Warning"};
const tr = new StdioClientTransport({command:"/tmp/mcpprof/orch.sh", args:["mcp"], env, stderr:"inherit"});
const c = new Client({name:"p",version:"1"}); await c.connect(tr);
const call=()=>c.callTool({name:"read_file",arguments:{path:"src/a.py"}});
for (let i=0;i<2000;i++) await call();
const perf = (await import("node:child_process")).spawn("perf",["record","-F","2000","-g","-p",String(tr.pid),"-o","/tmp/mcpprof/perf2.data","--","sleep","10"],{stdio:"ignore"});
await new Promise(r=>setTimeout(r,300));
const t0=performance.now(); let n=0; while(performance.now()-t0<9000){await call(); n++;}
console.log("calls/s", n/9);
await new Promise(r=>perf.once("exit",r));
await c.close();
