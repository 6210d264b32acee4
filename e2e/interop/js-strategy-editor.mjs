// A stock automerge-repo peer that edits a KAM workspace, for the browser interop test:
// node js-strategy-editor.mjs <ws-url> <automerge-url> <text>
// Finds the workspace, prints its name as JSON, writes <text> as the company strategy,
// prints "edited", and keeps syncing until its standard input closes.
import { runPeer } from "./peer.mjs";

const [wsUrl, docUrl, text] = process.argv.slice(2);
if (!wsUrl || !docUrl || !text) {
  console.error("usage: node js-strategy-editor.mjs <ws-url> <automerge-url> <text>");
  process.exit(2);
}
await runPeer(wsUrl, docUrl, {
  report: (doc) => ({ name: doc.name }),
  // Automerge 3 writes a string as collaborative text, as the app stores strategies.
  edit: (d) => {
    d.programme.strategy.company = text;
  },
});
