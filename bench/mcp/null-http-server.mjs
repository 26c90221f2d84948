// A Streamable HTTP "server" that does no work: it answers initialize and every tools/call with a canned result
// (the bench file's text, as one application/json body) and prints its port. The bench measures it with the same
// client to show what the official SDK's HTTP client costs by itself: no real server can beat this figure.
// Usage: node null-http-server.mjs <file whose text every tools/call returns> [--answer <recorded answer>]
//   --answer: every tools/call is answered with the bytes of a JSON-RPC answer recorded from another server (e.g. ours:
//     `{"result":…,"id":1,"jsonrpc":"2.0"}`, its id replaced by the call's), to tell what an answer's bytes cost the
//     client from what that server's HTTP handling costs it: compare the client CPU per call of both against this.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";

const text = readFileSync(process.argv[2], "utf8");
const recorded = process.argv[3] === "--answer" ? readFileSync(process.argv[4], "utf8") : null;
const idTail = '"id":1,"jsonrpc":"2.0"}';
if (recorded !== null && !recorded.endsWith(idTail)) throw new Error(`the recorded answer must end with ${idTail}`);
const answerHead = recorded?.slice(0, -idTail.length);
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    if (req.method !== "POST") {
      res.writeHead(405, { Allow: "POST" }).end();
      return;
    }
    const message = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (message.id === undefined) {
      res.writeHead(202).end();
      return;
    }
    const result = message.method === "initialize"
      ? { protocolVersion: message.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "null", version: "1" } }
      : message.method === "tools/call" ? { content: [{ type: "text", text }] } : {};
    const body = answerHead !== undefined && message.method === "tools/call"
      ? `${answerHead}"id":${JSON.stringify(message.id)},"jsonrpc":"2.0"}`
      : JSON.stringify({ jsonrpc: "2.0", id: message.id, result });
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }).end(body);
  });
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
