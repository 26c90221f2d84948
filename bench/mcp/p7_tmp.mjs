import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
const env = {...process.env, ORCH_HOME:"/tmp/mcpprof/home", ORCH_REPO_ROOT:"/tmp/mcpprof/root", Logging__LogLevel__Default:"Warning"};
const tr = new StdioClientTransport({command:"/tmp/mcpprof/orch.sh", args:["mcp"], env, stderr:"inherit"});
const c = new Client({name:"p",version:"1"}); await c.connect(tr);
const r = await c.callTool({name:"read_file",arguments:{path:"src/a.py"}}); console.log(JSON.stringify(r).slice(0,300));
await c.close();
