// The reference sync server for the relay benchmark: stock automerge-repo with its
// WebSocket server adapter and NodeFS storage, as automerge-repo's own example runs it.
// node reference-server.mjs <port> <data-dir>; prints "listening <port>"; stops when
// standard input closes.
import { WebSocketServer } from "ws";
import { Repo } from "@automerge/automerge-repo";
import { NodeWSServerAdapter } from "@automerge/automerge-repo-network-websocket";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";

const [port, dir] = process.argv.slice(2);
if (!port || !dir) {
  console.error("usage: node reference-server.mjs <port> <data-dir>");
  process.exit(2);
}
const wss = new WebSocketServer({ host: "127.0.0.1", port: Number(port) });
wss.on("listening", () => console.log(`listening ${wss.address().port}`));
new Repo({
  network: [new NodeWSServerAdapter(wss)],
  storage: new NodeFSStorageAdapter(dir),
  peerId: "reference-sync-server",
  // Like a sync server: never announce documents, only serve what is asked for.
  sharePolicy: async () => false,
});
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
