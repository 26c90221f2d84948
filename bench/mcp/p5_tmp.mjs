import http from "node:http";
import { spawn } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
const text = "x = 1  # some python source line here, with text\n".repeat(387);
const mode = process.argv[2]; import {readFileSync} from "node:fs"; const ours=JSON.parse(readFileSync("/tmp/mcpprof/ours.json","utf8")).result;
if (mode) { const s=http.createServer((req,res)=>{ let b=""; req.on("data",d=>b+=d); req.on("end",()=>{
  if(req.method!=="POST"){res.writeHead(405);res.end();return;}
  const m=JSON.parse(b); if(m.id===undefined){res.writeHead(202);res.end();return;}
  let result={}; if(m.method==="initialize") result={protocolVersion:"2025-06-18",capabilities:{tools:{}},serverInfo:{name:"f",version:"1"}};
  if(m.method==="tools/call") result= mode==="ours" ? ours : mode==="nostruct" ? {content: ours.content} : {content:[{type:"text",text}]};
  const out=JSON.stringify({jsonrpc:"2.0",id:m.id,result});
  if(mode==="sse"){res.writeHead(200,{"Content-Type":"text/event-stream","Cache-Control":"no-cache"}); res.write("event: message\ndata: "+out+"\n\n"); res.end();}
  else {res.writeHead(200,{"Content-Type":"application/json"}); res.end(out);} });}); s.listen(0,"127.0.0.1",()=>console.log(s.address().port)); }
else for (const m of ["json","ours","nostruct","json","ours","nostruct"]) { const k = spawn(process.execPath,[process.argv[1], m]); const port = await new Promise(ok=>k.stdout.once("data",d=>ok(String(d).trim())));
  const c=new Client({name:"p",version:"1"}); c.onerror=()=>{}; await c.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  for (let i=0;i<300;i++) await c.callTool({name:"read_file",arguments:{path:"a"}});
  const u0=process.cpuUsage(); const t0=performance.now();
  for (let i=0;i<500;i++) await c.callTool({name:"read_file",arguments:{path:"a"}});
  const u=process.cpuUsage(u0); console.log(m, "client cpu ms/call", ((u.user+u.system)/1000/500).toFixed(2), "wall", ((performance.now()-t0)/500).toFixed(2));
  await c.close(); k.kill(); }
