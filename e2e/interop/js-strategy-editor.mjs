// A stock automerge-repo peer that edits a KAM workspace, for the browser interop test:
// node js-strategy-editor.mjs <ws-url> <automerge-url> <text>
// Finds the workspace, prints its name as JSON, writes <text> as the company strategy,
// prints "edited", and keeps syncing until its standard input closes.
import { Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";

const [wsUrl, docUrl, text] = process.argv.slice(2);
if (!wsUrl || !docUrl || !text) {
  console.error("usage: node js-strategy-editor.mjs <ws-url> <automerge-url> <text>");
  process.exit(2);
}
const repo = new Repo({ network: [new WebSocketClientAdapter(wsUrl)] });
try {
  const handle = await repo.find(docUrl, { signal: AbortSignal.timeout(15000) });
  console.log(JSON.stringify({ name: handle.doc().name }));
  handle.change((d) => {
    // Automerge 3 writes a string as collaborative text, as the app stores strategies.
    d.programme.strategy.company = text;
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
