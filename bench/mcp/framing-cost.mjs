// What the official SDK's HTTP client spends reading one answer, by framing (issue 19): the same JSON-RPC answer of
// read_file on the bench's 387-line file (text plus structured content, as /mcp sends it) read the way
// StreamableHTTPClientTransport reads it: an event stream through TextDecoderStream + EventSourceParserStream, or an
// application/json body through Response.json(). In-process, no network: CPU milliseconds per answer, best of 3.
// Usage: node framing-cost.mjs
import { EventSourceParserStream } from "eventsource-parser/stream";
import { sourceText } from "./mcp-bench.mjs";

const text = sourceText();
const json = JSON.stringify({
  result: {
    content: [{ type: "text", text }, { type: "text", text: "src/service/request_handler.py: lines 1-387 of 387; truncated: false" }],
    structuredContent: { path: "src/service/request_handler.py", start_line: 1, end_line: 387, total_lines: 387, content: text },
  },
  id: 1,
  jsonrpc: "2.0",
});
const sse = `event: message\ndata: ${json}\n\n`;

async function viaEventStream() {
  const response = new Response(sse, { headers: { "content-type": "text/event-stream" } });
  const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  let message;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return message;
    if (value.event === "message") message = JSON.parse(value.data);
  }
}

async function viaJson() {
  return new Response(json, { headers: { "content-type": "application/json" } }).json();
}

async function cpuPerAnswer(read) {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 200; i++) await read();
    const start = process.cpuUsage();
    for (let i = 0; i < 1000; i++) await read();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000 / 1000);
  }
  return best;
}

const stream = await cpuPerAnswer(viaEventStream);
const body = await cpuPerAnswer(viaJson);
console.log(`framing, ${json.length} bytes: text/event-stream ${stream.toFixed(3)} ms, application/json ${body.toFixed(3)} ms of client CPU per answer`);
