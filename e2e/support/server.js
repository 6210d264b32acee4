// Starts the release relay serving the release build (dist/) on 127.0.0.1, on a free port.
// The relay stops when our stdin closes, so it never outlives the test process.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const relayBin = path.join(root, "target", "relay", "kam-relay");
const distDir = path.join(root, "dist");

export const TOKEN = "e2e-sync-token";

// Options: `listen` (default a free port; give the old address to restart on it),
// `dataDir` (default a fresh temporary folder, removed on stop unless it was given) and
// `args` (more options for the relay, e.g. `["--alive-ms", "1000"]`).
export async function startServer({ listen = "127.0.0.1:0", dataDir, args = [] } = {}) {
  if (!existsSync(relayBin)) throw new Error(`no relay binary at ${relayBin}: run scripts/test.sh`);
  if (!existsSync(path.join(distDir, "index.html"))) throw new Error(`no release build in ${distDir}`);
  const ownDir = !dataDir;
  const data = dataDir || mkdtempSync(path.join(tmpdir(), "kam-relay-"));
  const child = spawn(
    relayBin,
    ["--listen", listen, "--static-dir", distDir, "--data-dir", data, "--token", TOKEN, "--stop-on-stdin-eof", ...args],
    { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, RUST_LOG: process.env.KAM_RELAY_LOG ?? "warn" } },
  );
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start: ${stderr}`)), 15000);
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited with ${code}: ${stderr}`));
    });
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  return {
    url,
    dataDir: data,
    log: () => stderr,
    syncUrl: `${url.replace("http", "ws")}/sync`,
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
      if (ownDir) rmSync(data, { recursive: true, force: true });
    },
    // The fault test: no chance to clean up or flush anything.
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}
