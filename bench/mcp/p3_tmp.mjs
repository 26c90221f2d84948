import http from "node:http";
import { writeFileSync, mkdtempSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
const text = "x = 1  # some python source line here, with text\n".repeat(387);
const dir = mkdtempSync("/tmp/p3-"); writeFileSync(dir+"/a.py", text);
import { spawn } from "node:child_process";
function serve(sse){ return new Promise(ok=>{ const s=http.createServer((req,res)=>{ let b=""; req.on("data",d=>b+=d); req.on("end",()=>{
  if(req.method!=="POST"){res.writeHead(405);res.end();return;}
  const m=JSON.parse(b); if(m.id===undefined){res.writeHead(202);res.end();return;}
  let result={}; if(m.method==="initialize") result={protocolVersion:"2025-06-18",capabilities:{tools:{}},serverInfo:{name:"f",version:"1"}};
  if(m.method==="tools/call") result={content:[{type:"text",text}]};
  const out=JSON.stringify({jsonrpc:"2.0",id:m.id,result});
  if(sse){res.writeHead(200,{"Content-Type":"text/event-stream","Cache-Control":"no-cache"}); res.write("event: message\ndata: "+out+"\n\n"); res.end();}
  else {res.writeHead(200,{"Content-Type":"application/json"}); res.end(out);} });});
  s.listen(0,"127.0.0.1",()=>ok(s)); }); }
// fake server in a child process so it does not share the client's event loop
const mode = process.argv[2];
if (mode) { const s = await serve(mode==="sse"); console.log(s.address().port); }
else {
 const kids = {}; const clients = {};
 for (const m of ["sse","json"]) { const k = spawn(process.execPath,[process.argv[1], m]); const port = await new Promise(ok=>k.stdout.once("data",d=>ok(String(d).trim()))); kids[m]=k;
   const c=new Client({name:"p",version:"1"}); c.onerror=()=>{}; await c.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`))); clients[m]=()=>c.callTool({name:"read_file",arguments:{path:"a"}}); }
 const rc=new Client({name:"p",version:"1"}); await rc.connect(new StdioClientTransport({command:process.execPath,args:["node_modules/@modelcontextprotocol/server-filesystem/dist/index.js",dir],stderr:"ignore"}));
 clients.ref=()=>rc.callTool({name:"read_text_file",arguments:{path:dir+"/a.py"}});
 for (let r=0;r<3;r++){ const line=[]; for (const [n,f] of Object.entries(clients)) { for(let i=0;i<50;i++) await f(); const t0=performance.now(); let k=0; while(performance.now()-t0<2000){await f();k++;} line.push(`${n} ${(k/((performance.now()-t0)/1000)).toFixed(0)}`);} console.log(line.join(", ")); }
 for (const k of Object.values(kids)) k.kill(); await rc.close(); process.exit(0);
}
