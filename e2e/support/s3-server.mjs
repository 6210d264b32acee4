// An S3-compatible server (s3rver) on 127.0.0.1 for the relay's storage tests:
// node s3-server.mjs <folder> [bucket]. Prints "S3 listening on http://127.0.0.1:PORT"
// and stops when its standard input closes, so it never outlives its test.
import S3rver from "s3rver";

const [folder, bucket = "kam"] = process.argv.slice(2);
if (!folder) {
  console.error("usage: node s3-server.mjs <folder> [bucket]");
  process.exit(2);
}
const server = new S3rver({
  address: "127.0.0.1",
  port: 0,
  silent: true,
  directory: folder,
  configureBuckets: [{ name: bucket }],
});
const { port } = await server.run();
console.log(`S3 listening on http://127.0.0.1:${port}`);
process.stdin.on("end", () => server.close().finally(() => process.exit(0)));
process.stdin.resume();
