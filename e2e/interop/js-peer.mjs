// A stock automerge-repo peer (the JavaScript library and its WebSocket adapter, under
// Node) for interop tests: node js-peer.mjs <ws-url> <automerge-url>
// It finds the document, prints it as one JSON line, makes an edit, prints "edited",
// and keeps syncing until its standard input closes.
import { Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";

const [wsUrl, docUrl] = process.argv.slice(2);
if (!wsUrl || !docUrl) {
  console.error("usage: node js-peer.mjs <ws-url> <automerge-url>");
  process.exit(2);
}
const repo = new Repo({ network: [new WebSocketClientAdapter(wsUrl)] });
try {
  const handle = await repo.find(docUrl, { signal: AbortSignal.timeout(15000) });
  console.log(JSON.stringify({ found: handle.doc() }));
  handle.change((d) => {
    d.fromJs = "hello from automerge-repo";
  });
  console.log("edited");
} catch (e) {
  console.log(JSON.stringify({ error: String(e) }));
  process.exit(1);
}
process.stdin.resume();
process.stdin.on("end", async () => {
  await repo.shutdown().catch(() => {});
  process.exit(0);
});
