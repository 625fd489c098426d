import { defineConfig } from "vitest/config";

// Tests import "wasm-events" by name and so run the built package (dist/), the
// same files users import; `npm test` builds first (the `pretest` script).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    // `vitest run --coverage`: V8 coverage of the built dist/*.js (what the
    // tests run), reported against src/*.ts through dist's source maps.
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts", "dist/**/*.js"],
      exclude: ["src/generated/**", "dist/generated/**"],
      reporter: ["text-summary", "text"],
      // `npm test` runs with --coverage, so these are enforced: at least 95%
      // of the lines and branches of src/.
      thresholds: { lines: 95, branches: 95 },
    },
  },
});
