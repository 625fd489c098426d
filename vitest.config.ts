import { defineConfig } from "vitest/config";

// Tests import "wasm-events" by name and so run the built package (dist/), the
// same files users import; `npm test` builds first (the `pretest` script).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
