// A stock automerge-repo peer for interop tests: node js-peer.mjs <ws-url> <automerge-url>
// It finds the document, prints it as one JSON line, makes an edit, prints "edited",
// and keeps syncing until its standard input closes.
import { runPeer } from "./peer.mjs";

const [wsUrl, docUrl] = process.argv.slice(2);
if (!wsUrl || !docUrl) {
  console.error("usage: node js-peer.mjs <ws-url> <automerge-url>");
  process.exit(2);
}
await runPeer(wsUrl, docUrl, {
  report: (doc) => ({ found: doc }),
  edit: (d) => {
    d.fromJs = "hello from automerge-repo";
  },
});
