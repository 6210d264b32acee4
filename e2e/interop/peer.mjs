// What both interop peers do with a stock automerge-repo (the JavaScript library and its
// WebSocket adapter, under Node): find the document, print `report(doc)` as one JSON
// line, make the edit, print "edited", and keep syncing until standard input closes.
import { Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";

export async function runPeer(wsUrl, docUrl, { report, edit }) {
  const repo = new Repo({ network: [new WebSocketClientAdapter(wsUrl)] });
  try {
    const handle = await repo.find(docUrl, { signal: AbortSignal.timeout(15000) });
    console.log(JSON.stringify(report(handle.doc())));
    handle.change(edit);
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
}
