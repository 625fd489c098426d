// TEST-ONLY. Makes this process refuse wasm-events' WebAssembly the way a page
// whose CSP lacks 'wasm-unsafe-eval' does: compiling the table's module, by any
// entry point, throws (or rejects with) a WebAssembly.CompileError. The bus must
// then fall back to its JavaScript backend automatically, with no option set
// (§9). Other modules still compile: the test tools themselves (tsx's
// lexer, undici) use WebAssembly. The real refusals (a browser CSP, Node's
// --jitless) are tested in test/browser and test/bus/backends.test.ts.
//
// Loaded by the "js" vitest project (vitest.config.ts: setupFiles) in each test
// worker, and by every Node child process those tests start (the project sets
// NODE_OPTIONS=--import=<this file>), so the whole suite runs on the JS backend.
// Nothing in the library reads it: it only changes the host.
// (Under node --jitless there is no WebAssembly to refuse.)
const { CompileError, Module: HostModule } = globalThis.WebAssembly ?? {};

if (HostModule !== undefined && !HostModule.refusesTableForTests) {
  const host = { compile: WebAssembly.compile, instantiate: WebAssembly.instantiate };
  const isTable = (module) => HostModule.exports(module).some((entry) => entry.name === "applyPending");
  const refusal = () =>
    new CompileError("WebAssembly.Module(): refused to compile (wasm-events test run on the JS backend)");
  const checked = (module) => {
    if (isTable(module)) throw refusal();
    return module;
  };

  const Module = function Module(bytes) {
    return checked(new HostModule(bytes));
  };
  Module.prototype = HostModule.prototype;
  Module.exports = HostModule.exports;
  Module.imports = HostModule.imports;
  Module.customSections = HostModule.customSections;
  Module.refusesTableForTests = true;
  WebAssembly.Module = Module;
  WebAssembly.compile = async (bytes) => checked(await host.compile(bytes));
  WebAssembly.instantiate = async (source, imports) =>
    source instanceof HostModule
      ? host.instantiate(checked(source), imports)
      : host.compile(source).then(async (module) => ({
          module: checked(module),
          instance: await host.instantiate(module, imports),
        }));
  // Streaming entry points: wasm-events never uses them; refuse nothing new.
}
