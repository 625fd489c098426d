import { pathToFileURL } from "node:url";
import { defineConfig } from "vitest/config";

// Tests import "wasm-events" by name and so run the built package (dist/), the
// same files users import; `npm test` builds first (the `pretest` script).
//
// Two projects run the whole suite, once per table backend (§9):
// - "wasm": the host as it is, so buses run on WebAssembly;
// - "js": the host refuses WebAssembly as a strict CSP would
//   (test/helpers/refuse-wasm.mjs, in each worker and, through NODE_OPTIONS,
//   in every Node child process a test starts), so every bus falls back to
//   the wasm2js build automatically. WASM_EVENTS_TEST_BACKEND tells tests
//   which run they are in (test/helpers/backend.ts); test/bus/backends.test.ts
//   fails if a project runs on the other backend.
// `npx vitest run --project js` (or `wasm`) runs one of them.
const refuseWasm = new URL("./test/helpers/refuse-wasm.mjs", import.meta.url);
// The package tests (the packed tarball in fresh projects, Bun, Deno,
// Chromium) do not depend on the test run's backend (they check both
// backends themselves): they run once, in the "wasm" project.
const ONCE = ["test/package/consumers/**"];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    // Hooks get the same minute: a beforeAll that runs a whole scenario (the
    // bench smoke run takes 8-11 s with the machine's cores shared) must not
    // fail on vitest's default 10 s.
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "wasm", env: { WASM_EVENTS_TEST_BACKEND: "wasm" } } },
      {
        extends: true,
        test: {
          name: "js",
          exclude: ONCE,
          setupFiles: [refuseWasm.pathname],
          env: {
            WASM_EVENTS_TEST_BACKEND: "js",
            NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${pathToFileURL(refuseWasm.pathname).href}`.trim(),
          },
        },
      },
    ],
    // `vitest run --coverage`: V8 coverage of the built dist/*.js (what the
    // tests run), reported against src/*.ts through dist's source maps.
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts", "dist/**/*.js"],
      exclude: ["src/generated/**", "dist/generated/**"],
      reporter: ["text-summary", "text"],
      // `npm test` runs with --coverage, so these are enforced: at least 95%
      // of the lines and branches of src/, over both projects.
      thresholds: { lines: 95, branches: 95 },
    },
  },
});
