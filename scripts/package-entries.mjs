// Turns tsc's output into the package's public entry points, one per entry
// of scripts/entries.json (each an `exports` subpath of package.json):
//   dist/NAME.js     the ES module tsc emitted (the implementation, as is)
//   dist/NAME.d.ts   its public declarations, bundled into one file (only what
//                    the entry exports: no internal module's declarations ship)
//   dist/NAME.cjs    the CommonJS entry: `require` returns the ES module itself
//                    (require(esm): Node 20.19+, Bun, Deno, bundlers), so there
//                    is one copy of the code and no dual-package hazard
//   dist/NAME.d.cts  the same declarations, for TypeScript's CommonJS resolution
//                    (`module: node16` CommonJS files, TS1479 otherwise)
// tsc writes every declaration to build/types/ (tsconfig.build.json), never
// to dist/. To add a subpath: add it to scripts/entries.json and to
// package.json `exports` in the same shape; test/package/package.test.ts
// checks the two agree.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";

/**
 * Entry points: `exports` subpath -> file name under dist/ (without
 * extension; may have folders, e.g. "events/index" for src/events/index.ts).
 */
const ENTRIES = JSON.parse(readFileSync(new URL("./entries.json", import.meta.url), "utf8"));

const banner = (name, requireReturns) =>
  requireReturns === "default"
    ? `// wasm-events: CommonJS entry. The package is an ES module; on hosts with\n` +
      `// require(esm) (Node.js 20.19+, Bun, Deno, bundlers) this returns its default\n` +
      `// export, as require("events") returns the EventEmitter class itself.\n` +
      `"use strict";\nmodule.exports = require("./${basename(name)}.js").default;\n`
    : `// wasm-events: CommonJS entry. The package is an ES module; on hosts with\n` +
      `// require(esm) (Node.js 20.19+, Bun, Deno, bundlers) this returns it as is.\n` +
      `"use strict";\nmodule.exports = require("./${basename(name)}.js");\n`;

/**
 * The CommonJS declarations of an entry whose `require` returns its default
 * export: the bundled ES declarations with every `export` keyword taken off
 * (a module with `export =` may export nothing else) and the default export's
 * local name assigned with `export =`. That name is both the value (the
 * class, carrying node:events' statics) and the instance type, so
 * `import EventEmitter = require("wasm-events/events")` works as with
 * @types/node's "events".
 */
function defaultAsExportEquals(text, types) {
  const list = /^export \{([^}]*)\};?$/m.exec(text);
  if (list === null) throw new Error(`${types}: no export list to turn into export =`);
  const entry = list[1].split(",").map((part) => part.trim()).find((part) => / as default$/.test(part));
  if (entry === undefined) throw new Error(`${types}: no default export`);
  const local = entry.replace(/ as default$/, "");
  const body = (text.slice(0, list.index) + text.slice(list.index + list[0].length))
    .replace(/^export \{\};?$/gm, "")
    .replace(/^export (declare |interface |type |abstract |class |function |const |enum )/gm, (_, kind) => (kind === "declare " ? "declare " : `declare ${kind}`.replace("declare declare ", "declare ")));
  return `${body.trimEnd()}\n\nexport = ${local};\n`;
}

// One dts-bundle-generator run for every entry (it starts the compiler once).
const dir = mkdtempSync(join(tmpdir(), "wasm-events-dts-"));
const config = join(dir, "dts.config.json");
writeFileSync(
  config,
  JSON.stringify({
    compilationOptions: { preferredConfigPath: resolve("tsconfig.build.json") },
    entries: ENTRIES.map(({ name }) => ({
      filePath: resolve(`build/types/${name}.d.ts`),
      outFile: resolve(`dist/${name}.d.ts`),
      noCheck: true, // the consumer projects (test/package/consumers) type-check it under many settings
      output: { noBanner: true, exportReferencedTypes: false, sortNodes: false },
    })),
  }),
);
const bin = join("node_modules", "dts-bundle-generator", "dist", "bin", "dts-bundle-generator.js");
const run = spawnSync(process.execPath, [bin, "--silent", "--config", config], { encoding: "utf8" });
rmSync(dir, { recursive: true, force: true });
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  process.exit(1);
}

for (const { name, requireReturns } of ENTRIES) {
  const types = `dist/${name}.d.ts`;
  const text = readFileSync(types, "utf8");
  if (/from "\.\.?\//.test(text)) {
    console.error(`${types} still imports a relative file: the bundle is incomplete`);
    process.exit(1);
  }
  mkdirSync(dirname(types), { recursive: true });
  if (requireReturns === "default") writeFileSync(`dist/${name}.d.cts`, defaultAsExportEquals(text, types));
  else copyFileSync(types, `dist/${name}.d.cts`);
  writeFileSync(`dist/${name}.cjs`, banner(name, requireReturns));
  console.log(`entry ${name}: dist/${name}.{js,d.ts,cjs,d.cts}`);
}
