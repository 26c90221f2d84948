import { readFileSync } from "node:fs";
import { setMaxListeners } from "node:events";
setMaxListeners(0);
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
const pid = process.argv[2];
const cpu=()=>{const f=readFileSync(`/proc/${pid}/stat`,"utf8"); const x=f.slice(f.lastIndexOf(")")+2).split(" "); return (+x[11]+ +x[12])*10;};
const T="benchtokenbenchtokenbenchtoken123456", url="http://127.0.0.1:47811/mcp";
const c = new Client({name:"p",version:"1"}); c.onerror=()=>{};
await c.connect(new StreamableHTTPClientTransport(new URL(url), {requestInit:{headers:{Authorization:`Bearer ${T}`}}}));
const call=()=>c.callTool({name:"read_file",arguments:{path:"src/a.py"}});
for (let r=0;r<2;r++){ const s0=cpu(), u0=process.cpuUsage(), t0=performance.now(); for(let i=0;i<1000;i++) await call(); const u=process.cpuUsage(u0);
console.log("sdk: server cpu ms/call", ((cpu()-s0)/1000).toFixed(2), "client", ((u.user+u.system)/1e6).toFixed(2), "wall", ((performance.now()-t0)/1000).toFixed(2)); }
const H={Authorization:`Bearer ${T}`,"Content-Type":"application/json",Accept:"application/json, text/event-stream"};
const body=JSON.stringify({jsonrpc:"2.0",id:1,method:"tools/call",params:{name:"read_file",arguments:{path:"src/a.py"}}});
for (let r=0;r<2;r++){ const s0=cpu(), u0=process.cpuUsage(), t0=performance.now(); for(let i=0;i<1000;i++){ const x=await fetch(url,{method:"POST",headers:H,body}); await x.json(); } const u=process.cpuUsage(u0);
console.log("fetch: server cpu ms/call", ((cpu()-s0)/1000).toFixed(2), "client", ((u.user+u.system)/1e6).toFixed(2), "wall", ((performance.now()-t0)/1000).toFixed(2)); }
await c.close();
