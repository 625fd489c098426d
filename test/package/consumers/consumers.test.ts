// The package as npm users get it: `npm pack` makes the tarball, and fresh
// projects of each kind install it and type-check (skipLibCheck off, no
// workarounds) and run the same scenario (fixtures/scenario.ts):
//   Node ESM TypeScript (module node16), TypeScript with bundler resolution,
//   TypeScript CommonJS (module node16, a CommonJS package), plain require,
//   declarations alone under several `lib` settings without @types/node,
//   Bun and Deno, and a browser TypeScript project (lib ES2022 + DOM, no
//   @types/node) bundled with esbuild into a page served on localhost under
//   three Content-Security-Policies in headless Chromium.
// Then the packaging linters: @arethetypeswrong/cli and publint. This file
// runs once per `npm test` (vitest project "wasm"): it drives outside programs.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build, transform } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS, npmRuntimes, runsHere } from "../../helpers/outside-tools.js";
import { EXPECTED } from "./fixtures/scenario.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const TYPES_NODE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies["@types/node"] as string;

let work: string;
let tarball: string;
/** fixtures/scenario.ts as plain CommonJS, for the projects that compile no TypeScript. */
let scenarioCjs: string;

/** Runs a command; on failure the error carries its output (tsc prints diagnostics on stdout). */
async function sh(file: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(file, args, { cwd, encoding: "utf8", timeout: 180_000, env: env ?? process.env, maxBuffer: 1 << 24 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file} ${args.join(" ")} (in ${cwd}) failed:\n${e.stdout ?? ""}\n${e.stderr ?? ""}\n${e.message}`);
  }
}

/** The last line of a program's output, as JSON. */
const lastJson = (out: string): unknown => JSON.parse(out.trim().split("\n").at(-1)!);

// Nothing of the repository leaks in: no NODE_OPTIONS (the "js" project's
// refusal), no test backend switch.
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.WASM_EVENTS_TEST_BACKEND;
  delete env.VITEST;
  return env;
};

/** A fresh project: package.json, tsconfig.json (if given), fixture files, the tarball installed. */
async function project(name: string, pkg: object, tsconfig: object | undefined, files: Record<string, string>): Promise<string> {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, ...pkg }, null, 2));
  if (tsconfig) writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  for (const [to, from] of Object.entries(files)) copyFileSync(isAbsolute(from) ? from : join(FIXTURES, from), join(dir, to));
  await sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], dir, cleanEnv());
  return dir;
}

const strict = { strict: true, skipLibCheck: false, target: "ES2022", noEmitOnError: true };

function expectScenario(result: unknown, backends: readonly string[]): void {
  const { runs, einval } = result as { runs: { backend: string }[]; einval: string };
  expect(runs.map((r) => r.backend)).toEqual(backends);
  for (const r of runs) expect(r).toEqual({ ...EXPECTED, backend: r.backend });
  expect(einval).toBe("EINVAL");
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "wasm-events-consumers-"));
  // The tarball of what `npm test` just built (pretest); --ignore-scripts:
  // no second build. `files` and `exports` decide what is in it.
  const packed = JSON.parse(await sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT, cleanEnv())) as {
    filename: string; files: { path: string }[];
  }[];
  tarball = join(work, packed[0].filename);
  writeFileSync(join(work, "files.json"), JSON.stringify(packed[0].files.map((f) => f.path)));
  // A plain-JS copy of the scenario for the projects that do not compile TypeScript.
  const source = readFileSync(join(FIXTURES, "scenario.ts"), "utf8");
  scenarioCjs = join(work, "scenario.cjs");
  writeFileSync(scenarioCjs, (await transform(source, { loader: "ts", format: "cjs" })).code);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  test("holds the built entry points, bundled declarations, docs and LICENSE; no internal declarations, no sources", () => {
    const files = JSON.parse(readFileSync(join(work, "files.json"), "utf8")) as string[];
    for (const file of ["package.json", "README.md", "LICENSE", "docs/README.md", "docs/bus.md", "dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts"]) {
      expect(files, file).toContain(file);
    }
    // One declaration file per entry and module system; nothing of build/, src/, test/.
    const entries = JSON.parse(readFileSync(join(ROOT, "scripts", "entries.json"), "utf8")) as { name: string }[];
    const declarations = entries.flatMap(({ name }) => [`dist/${name}.d.cts`, `dist/${name}.d.ts`]).sort();
    expect(files.filter((f) => /\.d\.c?ts$/.test(f)).sort()).toEqual(declarations);
    expect(files.filter((f) => !f.startsWith("dist/") && !f.startsWith("docs/"))).toEqual(
      expect.arrayContaining(["LICENSE", "README.md", "package.json"]),
    );
    expect(files.some((f) => /^(src|test|build|assembly|scripts)\//.test(f))).toBe(false);
  });

  test("source maps resolve: every map carries its sources' content", () => {
    const files = JSON.parse(readFileSync(join(work, "files.json"), "utf8")) as string[];
    const maps = files.filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const parsed = JSON.parse(readFileSync(join(ROOT, map), "utf8")) as { sources: string[]; sourcesContent?: string[] };
      expect(parsed.sourcesContent?.length, map).toBe(parsed.sources.length);
      expect(parsed.sourcesContent!.every((content) => typeof content === "string" && content.length > 0), map).toBe(true);
    }
  });

  test("the embedded Wasm's declaration is not a giant literal type (no internal .d.ts ships, and the public one is small)", () => {
    const types = readFileSync(join(ROOT, "dist", "index.d.ts"), "utf8");
    expect(types).not.toContain("WASM_BASE64");
    expect(types.length).toBeLessThan(60_000);
  });
});

describe("Node consumers of the tarball", () => {
  test("Node ESM TypeScript, module node16 with @types/node: type-checks, compiles and runs", async () => {
    const dir = await project(
      "node16-esm", { type: "module" },
      { compilerOptions: { ...strict, module: "node16", moduleResolution: "node16", lib: ["ES2022"], outDir: "out" }, include: ["*.ts"] },
      { "main.ts": "main.ts", "scenario.ts": "scenario.ts" },
    );
    await sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "-D", `@types/node@${TYPES_NODE}`], dir, cleanEnv());
    await sh(process.execPath, [TSC, "-p", "."], dir);
    expectScenario(lastJson(await sh(process.execPath, ["out/main.js"], dir, cleanEnv())), ["wasm", "js"]);
  });

  test("TypeScript with bundler resolution (lib ES2022 + DOM, no @types/node): type-checks; its esbuild bundle runs", async () => {
    const dir = await project(
      "bundler", { type: "module" },
      { compilerOptions: { ...strict, module: "esnext", moduleResolution: "bundler", lib: ["ES2022", "DOM"], noEmit: true }, include: ["*.ts"] },
      { "main.ts": "main.ts", "scenario.ts": "scenario.ts" },
    );
    await sh(process.execPath, [TSC, "-p", "."], dir);
    await build({ entryPoints: [join(dir, "main.ts")], bundle: true, platform: "node", format: "esm", outfile: join(dir, "out.mjs"), logLevel: "silent" });
    expectScenario(lastJson(await sh(process.execPath, ["out.mjs"], dir, cleanEnv())), ["wasm", "js"]);
  });

  test("TypeScript CommonJS (a CommonJS package, module node16): type-checks, compiles to require() and runs", async () => {
    const dir = await project(
      "cjs-ts", {},
      { compilerOptions: { ...strict, module: "node16", moduleResolution: "node16", lib: ["ES2022", "DOM"], outDir: "out" }, include: ["*.ts"] },
      { "main.ts": "main.ts", "scenario.ts": "scenario.ts" },
    );
    await sh(process.execPath, [TSC, "-p", "."], dir);
    expect(readFileSync(join(dir, "out", "main.js"), "utf8")).toContain('require("wasm-events")');
    expectScenario(lastJson(await sh(process.execPath, ["out/main.js"], dir, cleanEnv())), ["wasm", "js"]);
  });

  test("plain CommonJS: require('wasm-events') runs", async () => {
    const dir = await project("require", {}, undefined, { "main.cjs": "main-require.cjs", "scenario.cjs": scenarioCjs });
    expectScenario(lastJson(await sh(process.execPath, ["main.cjs"], dir, cleanEnv())), ["wasm", "js"]);
  });

  test("the declarations alone compile under lib ES2022, ES2020, ESNext and ES2022 + DOM, with no @types/node", async () => {
    const dir = await project("libs", { type: "module" }, undefined, { "check.ts": "scenario.ts" });
    for (const lib of ["ES2022", "ES2020", "ESNext", "ES2022,DOM"]) {
      await sh(process.execPath, [TSC, "--noEmit", "--strict", "--skipLibCheck", "false", "--target", "ES2022", "--module", "node16",
        "--moduleResolution", "node16", "--lib", lib, "check.ts"], dir);
    }
  });
});

// Bun and Deno are npm packages: installed here (cached) when missing, never skipped.
describe("Bun", () => {
  let bun: string;
  beforeAll(async () => {
    ({ bun } = await npmRuntimes());
  }, 600_000);

  test("Bun runs the TypeScript consumer (ESM) and the plain require one", async () => {
    const esm = await project("bun-esm", { type: "module" }, undefined, { "main.ts": "main.ts", "scenario.ts": "scenario.ts" });
    expectScenario(lastJson(await sh(bun, ["main.ts"], esm, cleanEnv())), ["wasm", "js"]);
    const cjs = await project("bun-require", {}, undefined, { "main.cjs": "main-require.cjs", "scenario.cjs": scenarioCjs });
    expectScenario(lastJson(await sh(bun, ["main.cjs"], cjs, cleanEnv())), ["wasm", "js"]);
  });
});

describe("Deno", () => {
  let deno: string;
  beforeAll(async () => {
    ({ deno } = await npmRuntimes());
  }, 600_000);

  test("Deno runs the compiled ESM consumer from node_modules, and type-checks its TypeScript", async () => {
    const dir = await project(
      "deno", { type: "module" },
      { compilerOptions: { ...strict, module: "node16", moduleResolution: "node16", lib: ["ES2022", "DOM"], outDir: "out" }, include: ["*.ts"] },
      { "main.ts": "main.ts", "scenario.ts": "scenario.ts" },
    );
    await sh(process.execPath, [TSC, "-p", "."], dir);
    const env = { ...cleanEnv(), DENO_DIR: join(work, ".deno"), DENO_NO_UPDATE_CHECK: "1" };
    expectScenario(lastJson(await sh(deno, ["run", "--allow-read", "--allow-env", "out/main.js"], dir, env)), ["wasm", "js"]);
  });
});

// ── Chromium ──────────────────────────────────────────────────────────────

const CSP = {
  none: undefined,
  "wasm-unsafe-eval": "script-src 'self' 'wasm-unsafe-eval'",
  strict: "script-src 'self'",
} as const;

interface PageResult {
  runs: { backend: string }[];
  asyncBackend: string;
  warned: string[];
  evalAllowed: boolean;
  violations: string[];
  error?: string;
}

describe.runIf(runsHere("Chromium", CHROMIUM, "apt-get install -y chromium"))("a bundled browser page under each CSP, in headless Chromium", () => {
  let server: Server;
  let origin: string;
  let pageScript: string;
  const results: Partial<Record<keyof typeof CSP, PageResult>> = {};

  beforeAll(async () => {
    // The browser TypeScript project: lib ES2022 + DOM, no @types/node, skipLibCheck off.
    const dir = await project(
      "browser", { type: "module" },
      { compilerOptions: { ...strict, module: "esnext", moduleResolution: "bundler", lib: ["ES2022", "DOM"], noEmit: true }, include: ["*.ts"] },
      { "page.ts": "page.ts", "scenario.ts": "scenario.ts" },
    );
    await sh(process.execPath, [TSC, "-p", "."], dir);
    await build({ entryPoints: [join(dir, "page.ts")], bundle: true, platform: "browser", format: "esm", outfile: join(dir, "page.js"), logLevel: "silent" });
    pageScript = readFileSync(join(dir, "page.js"), "utf8");
    expect(pageScript).not.toMatch(/process\.env|require\(/); // nothing Node-only reached the bundle

    server = createServer((request, response) => {
      const [, csp, file] = /^\/([\w-]+)\/(.*)$/.exec(request.url ?? "") ?? [];
      if (!(csp in CSP)) return void response.writeHead(404).end();
      const policy = CSP[csp as keyof typeof CSP];
      const headers: Record<string, string> = policy ? { "content-security-policy": policy } : {};
      if (file === "" || file === "index.html") {
        response.writeHead(200, { ...headers, "content-type": "text/html" });
        response.end('<!doctype html><meta charset="utf-8"><title>wasm-events</title><script type="module" src="page.js"></script>');
      } else if (file === "page.js") {
        response.writeHead(200, { ...headers, "content-type": "text/javascript" }).end(pageScript);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address() as { port: number };
    origin = `http://127.0.0.1:${address.port}`;

    const { chromium } = await import("playwright-core");
    const profile = mkdtempSync(join(tmpdir(), "wasm-events-chromium-"));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      for (const csp of Object.keys(CSP) as (keyof typeof CSP)[]) {
        const page = await context.newPage();
        await page.goto(`${origin}/${csp}/`);
        await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 30_000 });
        results[csp] = await page.evaluate(() => (window as unknown as { __result: PageResult }).__result);
        await page.close();
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 180_000);

  afterAll(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
  });

  function expectPage(result: PageResult | undefined, backend: "wasm" | "js"): void {
    expect(result?.error).toBeUndefined();
    expect(result!.runs.map((r) => r.backend)).toEqual([backend, "js"]);
    for (const r of result!.runs) expect(r).toEqual({ ...EXPECTED, backend: r.backend });
    expect(result!.asyncBackend).toBe(backend); // EventBus.create() falls back the same way
    // No `process` in a page: the default stale report went to console.warn.
    expect(result!.warned).toHaveLength(1);
    expect(result!.warned[0]).toMatch(/^StaleUserDataWarning: listener onExit of the core for 'app.exit'.*pool 'page'/);
  }

  test("no CSP: WebAssembly and compiled dispatchers", () => {
    expectPage(results.none, "wasm");
    expect(results.none!.evalAllowed).toBe(true);
    expect(results.none!.violations).toEqual([]);
  });

  test("script-src 'self' 'wasm-unsafe-eval': WebAssembly; eval refused, so the eval-free dispatcher runs", () => {
    expectPage(results["wasm-unsafe-eval"], "wasm");
    expect(results["wasm-unsafe-eval"]!.evalAllowed).toBe(false);
    expect(results["wasm-unsafe-eval"]!.violations).toContain("eval");
    expect(results["wasm-unsafe-eval"]!.violations).not.toContain("wasm-eval");
  });

  test("script-src 'self': WebAssembly and eval both refused; the JS backend and the eval-free dispatcher take over", () => {
    expectPage(results.strict, "js");
    expect(results.strict!.evalAllowed).toBe(false);
    expect(results.strict!.violations).toEqual(expect.arrayContaining(["wasm-eval", "eval"]));
    // Refused once per page, not once per bus: the refusal is remembered.
    expect(results.strict!.violations.filter((v) => v === "wasm-eval")).toHaveLength(1);
  });
});

describe("packaging linters on the package", () => {
  test("@arethetypeswrong/cli reports no problem for the packed tarball", async () => {
    const out = await sh(process.execPath, [join(ROOT, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js"), tarball, "--format", "json"], ROOT, cleanEnv())
      .catch((error: Error) => error.message);
    const report = JSON.parse(out.slice(out.indexOf("{"), out.lastIndexOf("}") + 1)) as { analysis: { problems: unknown[] } };
    expect(report.analysis.problems).toEqual([]);
  });

  test("publint reports no problem (strict)", async () => {
    const out = await sh(process.execPath, [join(ROOT, "node_modules", "publint", "src", "cli.js"), "--strict", "--pack", "npm"], ROOT, cleanEnv());
    expect(out).toContain("All good!");
  });
});
