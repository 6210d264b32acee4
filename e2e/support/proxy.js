// A TCP proxy on 127.0.0.1 in front of the relay whose connections can die the way they
// do on the internet: `cut()` makes every open connection silent for good (nothing is
// passed on either way, nothing is closed), while new connections pass again.
import net from "node:net";

export async function startProxy(targetUrl) {
  const target = new URL(targetUrl);
  let generation = 0;
  const sockets = new Set();
  const server = net.createServer((client) => {
    const born = generation;
    const alive = () => born === generation;
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => {});
      s.on("close", () => sockets.delete(s));
    }
    client.on("data", (d) => alive() && upstream.write(d));
    upstream.on("data", (d) => alive() && client.write(d));
    // A dead connection is not closed: the client must notice by itself.
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => alive() && client.destroy());
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    cut() {
      generation += 1;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
