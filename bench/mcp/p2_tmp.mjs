import http from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
const text = "x".repeat(15000);
function serve(sse){ return new Promise(ok=>{ const s=http.createServer((req,res)=>{ let b=""; req.on("data",d=>b+=d); req.on("end",()=>{
  if(req.method!=="POST"){res.writeHead(405);res.end();return;}
  const m=JSON.parse(b); if(m.id===undefined){res.writeHead(202);res.end();return;}
  let result={}; if(m.method==="initialize") result={protocolVersion:"2025-06-18",capabilities:{tools:{}},serverInfo:{name:"f",version:"1"}};
  if(m.method==="tools/call") result={content:[{type:"text",text}]};
  const out=JSON.stringify({jsonrpc:"2.0",id:m.id,result});
  if(sse){res.writeHead(200,{"Content-Type":"text/event-stream","Cache-Control":"no-cache"}); res.write("event: message\ndata: "+out+"\n\n"); res.end();}
  else {res.writeHead(200,{"Content-Type":"application/json"}); res.end(out);} });});
  s.listen(0,"127.0.0.1",()=>ok(s)); }); }
async function loop(name, f, n=500){ for(let i=0;i<50;i++) await f(); const t0=performance.now(); for(let i=0;i<n;i++) await f(); console.log(name, ((performance.now()-t0)/n).toFixed(3),"ms/call"); }
for (const sse of [true,false,true,false]) { const s=await serve(sse); const c=new Client({name:"p",version:"1"}); c.onerror=()=>{};
 await c.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${s.address().port}/mcp`)));
 await loop(sse?"sse ":"json", ()=>c.callTool({name:"read_file",arguments:{path:"a"}})); await c.close(); s.close(); }
