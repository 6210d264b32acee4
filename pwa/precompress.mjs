// Writes file.br and file.gz beside every text or wasm file of a build, so the relay
// can serve them precompressed (no compression work per request). Run by
// pwa/stamp-sw.sh after it stamped sw.js, with the staging folder as argument.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dir = process.argv[2];
if (!dir) {
  console.error("precompress: give the build folder");
  process.exit(1);
}
const worth = /\.(wasm|js|css|html|svg|json|webmanifest)$/;
let raw = 0;
let br = 0;
function walk(folder) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      walk(path);
      continue;
    }
    if (!worth.test(name)) continue;
    const bytes = readFileSync(path);
    if (bytes.length < 1024) continue;
    const brotli = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    writeFileSync(path + ".br", brotli);
    writeFileSync(path + ".gz", gzipSync(bytes, { level: 9 }));
    raw += bytes.length;
    br += brotli.length;
  }
}
walk(dir);
console.log(`precompress: ${raw} bytes -> ${br} bytes brotli`);
