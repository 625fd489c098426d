// Which table backend this test run is on. `npm test` runs the whole suite
// twice (vitest.config.ts): project "wasm" as the host allows, and project
// "js", where test/helpers/refuse-wasm.mjs makes the host refuse WebAssembly
// and WASM_EVENTS_TEST_BACKEND=js says so. Tests whose expectations depend on
// the backend (compile counts, memory sizes) read it here.
type TestBackend = "wasm" | "js";

export const TEST_BACKEND: TestBackend = process.env.WASM_EVENTS_TEST_BACKEND === "js" ? "js" : "wasm";
