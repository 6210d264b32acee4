// What went over each tablet's WebSocket, decoded (message type; for sync messages the
// heads, needs and changes), so that a sync test that times out can say where the
// conversation stopped.
import { decode } from "cbor-x";
import * as Automerge from "@automerge/automerge";

const short = (hashes) => hashes.map((h) => h.slice(0, 6)).join(",");

function describe(payload) {
  try {
    const m = decode(Buffer.from(payload));
    if (m.type !== "sync" || !m.data) return m.type;
    const s = Automerge.decodeSyncMessage(new Uint8Array(m.data));
    const have = s.have.map((h) => `[${short(h.lastSync)}]`).join("");
    return `sync heads=${short(s.heads)} need=${short(s.need)} have=${have} changes=${s.changes.length}`;
  } catch (e) {
    return `undecodable (${e.message})`;
  }
}

// Records the frames of the pages given as { name: page }; returns the log's text.
export function recordWire(pages) {
  const lines = [];
  const start = Date.now();
  for (const [name, page] of Object.entries(pages)) {
    page.on("websocket", (ws) => {
      const id = Math.random().toString(36).slice(2, 6);
      const at = () => `${String(Date.now() - start).padStart(6)} ms ${name} ${id}`;
      lines.push(`${at()} open`);
      ws.on("close", () => lines.push(`${at()} close`));
      for (const [event, dir] of [["framesent", ">"], ["framereceived", "<"]]) {
        ws.on(event, (frame) => {
          const text = describe(frame.payload);
          // Presence repeats every few seconds and tells nothing about the sync.
          if (text !== "ephemeral") lines.push(`${at()} ${dir} ${text}`);
        });
      }
    });
  }
  return () => lines.join("\n");
}
