// What a browser downloads to hydrate each page of a split release build (`make bundle-size`), raw and
// gzip -9, each file compressed on its own as a server sends it. Reads target/site/pkg.
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";

const pkg = process.argv[2] ?? "target/site/pkg";
const size = (file) => {
  const bytes = readFileSync(`${pkg}/${file}`);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, files: 1 };
};
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, files: a.files + b.files });
const zero = { raw: 0, gzip: 0, files: 0 };

const manifestFile = `${pkg}/__wasm_split_manifest.json`;
if (!existsSync(manifestFile)) {
  console.error(`no ${manifestFile}: build with \`cargo leptos build --release --split\` first`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
const loader = "__wasm_split.______________________.js";
const first = ["accord.wasm", "accord.js", loader].map(size).reduce(add, zero);

// The split entries are named after the lazy function: `__home_route_view_<hash>`, `reading_<hash>`.
const name = (entry) => entry.replace(/^__/, "").replace(/_\d+$/, "").replace(/_route_view$/, "");
const chunksOf = Object.fromEntries(Object.entries(manifest).map(([entry, chunks]) => [name(entry), chunks]));
// A lazy part inside a page (the live editor of a draft) comes on top of its page's chunks.
const within = { live_editor: "workspace" };
const rows = Object.entries(chunksOf)
  .map(([entry, chunks]) => {
    const all = new Set([...chunks, ...(chunksOf[within[entry]] ?? [])]);
    const label = within[entry] ? `${within[entry]} + ${entry}` : entry;
    return [label, add(first, [...all].map((c) => size(`${c}.wasm`)).reduce(add, zero))];
  })
  .sort((a, b) => a[0].localeCompare(b[0]));

const kb = (n) => (n / 1000).toFixed(1).padStart(7);
const row = (what, t) => console.log(`| ${what} | ${t.files} | ${kb(t.raw)} | ${kb(t.gzip)} |`);
console.log(`| page (split entry), first visit | files | raw KB | gzip KB |`);
console.log(`|---|---:|---:|---:|`);
row("first download (main module, accord.js, split loader)", first);
for (const [entry, total] of rows) row(entry, total);
