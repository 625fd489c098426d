// The mutation check: deliberately broken copies of the built library (dist/,
// patched in a temporary directory; src/ is never touched) must each be caught
// by the model-based properties. Prints, per mutant, whether and how fast it
// was caught and the shrunk counterexample's size.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import fc from "fast-check";
import { compiledReentrancyScenarioArb, modelScenarioArb, reentrancyScenarioArb } from "../../test/model/arbitraries.js";
import { libraryImplementation, modelProperty, type LibraryExports } from "../../test/model/property.js";
import { generateAsyncProperty, streamProperty } from "../../test/model/async-property.js";
import type { SoakArgs } from "./args.js";
import { emitterDifference, type EmitterExports } from "./emitter-differential.js";

interface Patch {
  file: string;
  find: string;
  replace: string;
}

interface Mutant extends Patch {
  name: string;
  /** What the break does, in the words of the rule it violates. */
  breaks: string;
  /**
   * The break is in the table's JavaScript build (generated/table-js.js, the
   * wasm2js output of assembly/): the copy's buses run on it, as where
   * WebAssembly is refused, so the Wasm table's code is what is mutated.
   */
  jsTable?: true;
  /**
   * Run with the cache of pattern-only names (§13) shrunk to this many names,
   * so every few new names evict one: for breaks in eviction, which the
   * properties' handful of names never reach at the default of thousands.
   */
  nameCache?: number;
  /** The break is in the EventEmitter (dist/emitter/): the emitter differential judges it, not the bus's properties. */
  emitter?: true;
}

/** Shrinks the cache of names only patterns match (bus/patterns/name-cache.ts) to `names`. */
const nameCachePatch = (names: number): Patch => ({
  file: "bus/patterns/name-cache.js",
  find: "export const PATTERN_NAME_CAPACITY = 4096;",
  replace: `export const PATTERN_NAME_CAPACITY = ${names};`,
});

// Each `find` must occur exactly once in the built file (its path under dist/);
// a mutant whose text is gone or repeated (the library changed or moved) fails
// the check: it is fixed here, never silently skipped.
const MUTANTS: Mutant[] = [
  // The checked path (bus/dispatch.ts): every rule of §6 and §7 entry by entry.
  { name: "removed-listener-called", breaks: "§6 a removed registration is not called afterwards", file: "bus/dispatch.js",
    find: "if (condition !== table.slotLive && condition !== table.slotStale)\n            continue; // removed", replace: "if (false)\n            continue;" },
  { name: "stale-check-skipped", breaks: "§7 a listener with stale user data is never called", file: "bus/dispatch.js",
    find: "        if (condition === table.slotStale) {", replace: "        if (false) {" },
  { name: "stale-not-removed", breaks: "§7 a stale registration is reported once, then removed", file: "bus/dispatch.js",
    find: "    table.removeSlot(slot);\n", replace: "" },
  { name: "no-reentrancy-skip", breaks: "§6 a listener never receives an event it is running for", file: "bus/dispatch.js",
    find: "if (state.outer !== undefined && state.outer.length !== 0 && isRunning(state, s.listeners[i]))", replace: "if (false)" },
  { name: "eloop-off-by-one", breaks: "§6 a generate that would exceed maxDepth throws ELOOP", file: "bus/dispatch.js",
    find: "if (counts && ctx.depth >= ctx.maxDepth)", replace: "if (counts && ctx.depth > ctx.maxDepth)" },
  { name: "aggregate-reversed", breaks: "§6 an AggregateError of all errors, in order", file: "bus/listener-outcomes.js",
    find: "throw new AggregateError(failed,", replace: "throw new AggregateError(failed.reverse()," },
  { name: "onerror-bypassed", breaks: "§6 with onError the error goes there", file: "bus/listener-outcomes.js",
    find: "if (onError === undefined) {", replace: "if (true) {" },
  { name: "onstale-error-swallowed", breaks: "§6 if onStale throws, generate throws that error", file: "bus/dispatch.js",
    find: "    catch (error) {\n        (failed ??= []).push(error);\n    }\n    return failed;\n}\nconst compiledHelpers",
    replace: "    catch (error) {\n    }\n    return failed;\n}\nconst compiledHelpers" },
  // The fast path and its invalidation at mutation time (bus/dispatch.ts, bus/event-bus.ts, bus/compiled-dispatcher.ts).
  { name: "removal-not-flagged", breaks: "§6 (fast path) a registration removed mid-dispatch is not called by it", file: "bus/dispatch.js",
    find: "    if (removed && state.active !== null)\n        state.changed = true;", replace: "" },
  { name: "dispatcher-kept-after-change", breaks: "§9 a change swaps the event's dispatcher (caches derive from the table)", file: "bus/dispatch.js",
    find: "    state.run = rebuildAndRun;\n    state.snapshot = EMPTY_SNAPSHOT;", replace: "    state.snapshot = EMPTY_SNAPSHOT;" },
  { name: "lone-listener-kept-after-change", breaks: "§6 (inline one-listener path) a removed lone listener is not called", file: "bus/dispatch.js",
    find: "    state.f0 = undefined;\n    state.u0 = undefined;", replace: "    state.u0 = undefined;" },
  { name: "loop-no-changed-check", breaks: "§6 (eval-free loop) a removal mid-dispatch is seen", file: "bus/dispatch.js",
    find: "if (state.changed && i > 0)", replace: "if (false)" },
  { name: "compiled-no-changed-check", breaks: "§6 (compiled dispatchers) a removal mid-dispatch is seen", file: "bus/compiled-dispatcher.js",
    find: 'i === 0 ? "  // listener 0" : `  if (state.changed) return h.resume(state, s, ${i}, d, failed);`', replace: '"  // no check"' },
  { name: "stack-cursor-lost", breaks: "§6 (compiled dispatchers) a nested generate skips the listener running", file: "bus/compiled-dispatcher.js",
    find: "        if (index !== -1)\n            return index;", replace: "" },
  { name: "hook-cursor-not-restored", breaks: "§6 a nested generate after an onError hook skips the listener running", file: "bus/listener-outcomes.js",
    find: "    state.cursor = cursor;\n    return failed;", replace: "    return failed;" },
  { name: "inline-not-marked-active", breaks: "§6 (inline one-listener path) a listener never receives its own event re-entrantly", file: "bus/event-bus.js",
    find: "                const s = state.snapshot;\n                state.active = s;", replace: "                const s = state.snapshot;" },
  { name: "this-is-bound", breaks: "§4 listeners are called with this undefined", file: "bus/dispatch.js",
    find: "            result = fn(data, uds[i]);", replace: "            result = fn.call(state, data, uds[i]);" },
  // The mutation path and the rest of the bus.
  { name: "once-kept", breaks: "§4 once removes the registration before its listener runs", file: "bus/slot-arrays.js",
    find: "this.calls[slot] = once ? this.#onceWrapper(slot, serial, listener) : listener;", replace: "this.calls[slot] = listener;" },
  { name: "abort-ignored", breaks: "§4 aborting the signal unregisters", file: "bus/slot-arrays.js",
    find: 'signal.addEventListener("abort", onAbort, { once: true });', replace: "" },
  { name: "restart-destroys-new-pools", breaks: "§7 pools created by core.restart listeners live on", file: "bus/event-bus-base.js",
    find: "for (const pool of doomed)\n            pool.destroy();", replace: "for (const pool of this.#parts.pools.restartScoped())\n            pool.destroy();" },
  { name: "generation-kept-on-error", breaks: "README 11 restart increments generation even if listeners threw", file: "bus/event-bus-base.js",
    find: "        this.#generation++;\n        if (failure)", replace: "        if (!failure)\n            this.#generation++;\n        if (failure)" },
  { name: "listening-counts-stale", breaks: "§4 listening excludes stale registrations", file: "bus/event-bus.js",
    find: "return state === undefined ? 0 : this.#table.listenerCount(state.eventId);",
    replace: "return state === undefined ? 0 : (this.#table.flush(), this.#table.wasm.entriesLength(state.eventId));" },
  { name: "dump-shows-stale", breaks: "§4 dump leaves stale registrations out", file: "bus/dump.js",
    find: "!== table.slotLive)", replace: "=== -1)" },
  { name: "unload-silent", breaks: "§4 unload generates core.module-unload first", file: "bus/event-bus-base.js",
    find: 'generate("core.module-unload", name)', replace: "undefined" },
  { name: "handle-never-stale", breaks: "§3 a handle whose pool is gone is stale", file: "bus/pools.js",
    find: "return this.owner.table.wasm.handleGeneration(this.index) !== this.generation;", replace: "return false;" },
  { name: "destroy-no-cascade", breaks: "§3 destroy ends the pool's sub-pools too", file: "bus/pools.js",
    find: "for (const child of this.#children)\n            child.destroy();", replace: "" },
  { name: "listener-filter-ignored", breaks: "§4 unregister removes only listeners matching every filter", file: "bus/registry.js",
    find: "return state === undefined ? 0 : this.table.removeListener(state, rank, listener);", replace: "return state === undefined ? 0 : this.#removeByName(state, rank);" },
  { name: "handle-passed-not-value", breaks: "§4 for a handle the listener receives the value it holds", file: "bus/slot-arrays.js",
    find: "return handle === undefined ? this.userData[slot] : handle.peek();", replace: "return handle === undefined ? this.userData[slot] : handle;" },
  { name: "foreign-handle-accepted", breaks: "§4 a handle from another bus is EINVAL", file: "bus/event-bus.js",
    find: "if (userData.owner !== this.#pools)", replace: "if (false)" },
  { name: "handles-ended-not-flagged", breaks: "§7 (fast path) user data gone stale mid-dispatch is not passed on", file: "bus/event-bus-base.js",
    find: "            for (const state of context.holdingHandles)\n                invalidate(state, true);", replace: "" },
  // The batched mutation path (bus/bus-table.ts, bus/listener-identity.ts, bus/slot-arrays.ts, bus/registry.ts, bus/event-bus.ts; README "How it works"): the pending log and JS's function identity.
  { name: "log-applied-late", breaks: "§9 every query and generate sees every mutation made before it", file: "bus/bus-table.js",
    find: "        if (this.log.count() === 0)\n            return;\n        this.wasm.applyPending();",
    replace: "        if (this.log.count() < 2)\n            return;\n        this.wasm.applyPending();" },
  { name: "duplicate-missed-in-log", breaks: "§4 EEXIST for a listener registered twice, though the first is still in the log", file: "bus/listener-identity.js",
    find: "        if (state.pendingLive !== 0) {\n            const slot = this.#findLogged(state, listener);", replace: "        if (false) {\n            const slot = this.#findLogged(state, listener);" },
  { name: "duplicate-missed-after-apply", breaks: "§4 EEXIST for a listener registered twice (a function found absent from a list stays absent only until the next Wasm call, which may apply the log)", file: "bus/bus-table.js",
    find: "        this.forgetAbsent();\n", replace: "\n" },
  { name: "duplicate-missed-in-list", breaks: "§4 EEXIST for a listener registered twice (the identity scan misses the last entry)", file: "bus/listener-identity.js",
    find: "end = at + i32[list + this.listLength] * words;", replace: "end = at + (i32[list + this.listLength] - 1) * words;" },
  { name: "register-keeps-snapshot", breaks: "§6 a registration is seen by the next generate (its record invalidates the event's snapshot)", file: "bus/registry.js",
    find: "        invalidate(state, false); // the list will change;", replace: "        // the list will change;" },
  { name: "withdrawn-slot-reused-early", breaks: "§9 a slot is handed out again only once the Wasm has freed it", file: "bus/bus-table.js",
    find: "        state.pendingLive--;\n        this.release(slot);",
    replace: "        state.pendingLive--;\n        this.release(slot);\n        this.#freeSlots[this.#freeCount++] = slot;" },
  { name: "withdrawal-not-logged", breaks: "§4 unregister removes a registration still in the log (the Wasm never inserts it)", file: "bus/bus-table.js",
    find: "        this.log.withdraw(at);\n", replace: "" },
  { name: "dropped-record-kept", breaks: "§4 unregister removes the registration logged last (its record leaves the log before its slot is handed out again)", file: "bus/pending-log.js",
    find: "        i32[this.#countIndex] = count - 1;\n", replace: "" },
  { name: "newest-found-after-apply", breaks: "§4 unregister by name removes the listener's registration (the one logged last is taken without a search only while its record is in the log)", file: "bus/bus-table.js",
    find: "        this.#newestFn = undefined;\n        this.forgetAbsent();", replace: "        this.forgetAbsent();" },
  { name: "newest-module-ignored", breaks: "§4 unregister removes only listeners matching every filter (the module of the registration logged last too)", file: "bus/bus-table.js",
    find: "            if (rank !== this.any && rank !== this.#newestRank)\n                return 0;\n", replace: "" },
  { name: "newest-registration-after-apply", breaks: "§4 Registration.unregister removes its registration (the one logged last is taken without a search only while its record is in the log)", file: "bus/bus-table.js",
    find: "serial === this.lastSerial && this.log.count() === this.#newestCount)", replace: "serial === this.lastSerial)" },
  // The snapshot's slots, read from the table on the checked path's first question (bus/dispatch.ts's entrySlot).
  { name: "snapshot-slots-assumed-current", breaks: "§6 a registration removed mid-dispatch is not called (a changed list is not the snapshot's)", file: "bus/dispatch.js",
    find: "if (state.snapshot === s && entries.length === length)", replace: "if (entries.length === length)" },
  // The Wasm table itself (assembly/bus, in its JavaScript build): user data's handles in the slots' side table.
  { name: "slot-handle-wrong-index", breaks: "§7 a registration whose pool was destroyed is stale (its handle read at the slot's own index)", file: "generated/table-js.js",
    jsTable: true,
    find: "!= ($1_1 | 0)) {\n                return 0;\n            }\n            $1_1 = $0_1 >>> 10 | 0;\n            if ($1_1 >>> 0 >= HEAPU32[1349]) {\n                $0_1 = 0;\n            }\n            else {\n                $1_1 = HEAP32[HEAP32[1348] + ($1_1 << 2) >> 2];\n                if ($1_1) {\n                    $0_1 = $1_1 + (($0_1 & 1023) << 3) | 0;",
    replace: "!= ($1_1 | 0)) {\n                return 0;\n            }\n            $1_1 = $0_1 >>> 10 | 0;\n            if ($1_1 >>> 0 >= HEAPU32[1349]) {\n                $0_1 = 0;\n            }\n            else {\n                $1_1 = HEAP32[HEAP32[1348] + ($1_1 << 2) >> 2];\n                if ($1_1) {\n                    $0_1 = $1_1 + ((($0_1 + 1) & 1023) << 3) | 0;" },
  // Awaiting (§14): generateAsync (bus/awaiting.ts) and on()'s buffer (bus/event-stream.ts).
  { name: "async-removed-called", breaks: "§14 a registration removed before its turn (while an earlier listener awaits) is not called", file: "bus/awaiting.js",
    find: "if (condition !== table.slotLive && condition !== table.slotStale)\n                continue; // removed before its turn", replace: "if (false)\n                continue;" },
  { name: "async-snapshot-trusted", breaks: "§14 a registration removed while an earlier listener awaits is not called (the table is asked once the list changed)", file: "bus/awaiting.js",
    find: "state.snapshot === s && allLive ? table.slotLive", replace: "true ? table.slotLive" },
  { name: "async-no-reentrancy-skip", breaks: "§14 a listener running for the event in a pending generateAsync is skipped", file: "bus/awaiting.js",
    find: "if ((running.length !== 0 && running.includes(listener)) || runningInDispatch(state, listener)) {", replace: "if (false) {" },
  { name: "async-not-serial", breaks: "§14 each listener is called after the previous one's promise settled", file: "bus/awaiting.js",
    find: "                    await result;", replace: "                    void result;" },
  { name: "stream-drops-below-mark", breaks: "§14 on() buffers without loss below its highWaterMark", file: "bus/event-stream.js",
    find: "            this.#buffer.push(data);\n            return;", replace: "            if (this.#buffer.length < 2)\n                this.#buffer.push(data);\n            return;" },
  { name: "stream-grows-past-mark", breaks: "§14 on() reports the overflow instead of growing past its highWaterMark", file: "bus/event-stream.js",
    find: "if (this.#buffer.length < this.highWaterMark) {", replace: "if (true) {" },
  // Patterns (§13): matching at register and intern time (bus/patterns/, bus/registry.ts), each
  // pattern entry a slot of the event's Wasm list at its module's place (bus/bus-table.ts).
  { name: "pattern-after-exact", breaks: "§13 a pattern's entry takes its module's place among exact registrations (§5), not after them", file: "bus/bus-table.js",
    find: "const slot = this.insert(state, rank, call, userData, handle, false);",
    replace: "const slot = this.insert(state, this.coreRank, call, userData, handle, false);" },
  { name: "pattern-not-matched-when-registered", breaks: "§13 a pattern is matched against the names already interned when it is registered (a later pattern reaches an interned name)", file: "bus/patterns/pattern-registry.js",
    find: "        for (const state of this.hooks.interned()) {\n            if (matchesName(entry.segments, state.name))\n                this.#insertSlot(registration, state);\n        }\n", replace: "" },
  { name: "pattern-not-matched-at-intern", breaks: "§13 a name is matched against the patterns when it is first interned", file: "bus/registry.js",
    find: "                if (matched.length !== 0)\n                    this.patterns.insertSlots(state, matched);", replace: "" },
  { name: "pattern-unmatched-memory-kept", breaks: "§13 a name no pattern matched is matched again once a pattern is registered", file: "bus/registry.js",
    find: "registered: () => this.#names.forgetUnmatched(),", replace: "registered: () => undefined," },
  { name: "removed-pattern-called", breaks: "§13 with §6 a removed pattern registration is never called again", file: "bus/patterns/pattern-registry.js",
    find: "            this.table.remove(slot, serial);\n", replace: "" },
  { name: "pattern-once-kept", breaks: "§13 with §4 a once pattern registration ends at its first call, whatever event it matched", file: "bus/patterns/pattern-registration.js",
    find: "            this.owner.end(this);\n            return listener(eventData, userData, name);", replace: "            return listener(eventData, userData, name);" },
  { name: "pattern-name-not-passed", breaks: "§13 a pattern's listener receives the event's name", file: "bus/patterns/pattern-registration.js",
    find: "            return (eventData, userData) => listener(eventData, userData, name);", replace: "            return (eventData, userData) => listener(eventData, userData);" },
  { name: "pattern-insert-keeps-snapshot", breaks: "§13 with §6 a pattern registered is seen by the next generate of an event it matches (its entry invalidates the snapshot)", file: "bus/patterns/pattern-registry.js",
    find: "        invalidate(state, false); // the list will change;", replace: "        // the list will change;" },
  // Eviction of pattern-only names (bus/registry.ts), with a cache of one name so it happens at every new one.
  { name: "pattern-evicted-slots-kept", breaks: "§13 an evicted name's entries go with it (its recycled event id starts empty)", file: "bus/registry.js",
    find: "            this.table.removeMatching(state.eventId, this.table.any);\n", replace: "", nameCache: 1 },
  { name: "pattern-evicted-mid-dispatch", breaks: "§13 with §6 a name being dispatched is not evicted (its later listeners still run)", file: "bus/registry.js",
    find: "        if (this.dispatching(state))\n            return false;\n", replace: "", nameCache: 1 },
  // The EventEmitter's pending log of appends (§9, §11; emitter/pending-appends.ts, emitter/store.ts).
  { name: "emitter-log-applied-late", breaks: "§9 every emit sees every mutation made before it (a snapshot is rebuilt from the table with its logged appends applied)", file: "emitter/listeners.js", emitter: true,
    find: "    applyPending(); // the list's logged appends, into the table read here\n", replace: "" },
  { name: "emitter-withdrawal-keeps-snapshot", breaks: "§11 a removal is seen by the next emit (withdrawing a logged append invalidates the snapshot)", file: "emitter/store.js", emitter: true,
    find: "    dropped(b, count);\n", replace: "    b.count = count;\n" },
  { name: "emitter-withdrawn-not-marked", breaks: "§11 a listener removed while its append is logged behind a newer one is never called (its record is marked withdrawn)", file: "emitter/pending-appends.js", emitter: true,
    find: "                i32[at + this.list] = this.withdrawn;\n", replace: "                ;\n" },
  { name: "emitter-withdraw-newest-of-any-list", breaks: "§11 off withdraws an append of its own event only (the newest record is checked for the list before its function)", file: "emitter/pending-appends.js", emitter: true,
    find: "        if (count !== 0 && i32[newest + this.list] === list) {", replace: "        if (count !== 0) {" },
];

/** The emitter differential on a copy (programs per dispatch path: as many as the runs, at least 2,000, as the test runs; a few seconds). */
function runEmitterProperty(lib: EmitterExports, runs: number, seed: number): Verdict {
  const programs = Math.max(2000, runs);
  const difference = emitterDifference(lib, programs, seed);
  return difference === undefined
    ? { caught: false, how: `not caught by ${programs} emitter programs on each dispatch path` }
    : { caught: true, how: difference };
}

/** Every bus of the copy on the JavaScript table, as after the host refused WebAssembly (dist/table/backends.js). */
const jsTablePatch: Patch = { file: "table/backends.js", find: "let wasmRefused = false;", replace: "let wasmRefused = true;" };

const distDir = fileURLToPath(new URL("../../dist/", import.meta.url));
const nodeModules = fileURLToPath(new URL("../../node_modules", import.meta.url));

/** A copy of dist/ named `name` with `patches` applied (none for the control), importable as ESM. */
function makeCopy(root: string, name: string, patches: readonly Patch[]): string | undefined {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  cpSync(distDir, join(dir, "dist"), { recursive: true });
  for (const patch of patches) {
    const file = join(dir, "dist", patch.file);
    if (!existsSync(file)) return undefined;
    const text = readFileSync(file, "utf8");
    if (text.split(patch.find).length !== 2) return undefined;
    writeFileSync(file, text.replace(patch.find, patch.replace));
  }
  return join(dir, "dist", "index.js");
}

const patchesOf = (mutant: Mutant): Patch[] => [
  ...(mutant.nameCache === undefined ? [] : [nameCachePatch(mutant.nameCache)]),
  mutant,
  ...(mutant.jsTable === true ? [jsTablePatch] : []),
];

interface Verdict {
  caught: boolean;
  how: string;
}

function runProperties(lib: LibraryExports, runs: number, seed: number): Verdict {
  for (const codegen of [true, false]) {
    for (const [property, arb] of [["model", modelScenarioArb], ["reentrancy", reentrancyScenarioArb], ["compiled reentrancy", compiledReentrancyScenarioArb]] as const) {
      const details = fc.check(modelProperty(libraryImplementation(lib, codegen, "mutant"), arb), { numRuns: runs, seed });
      if (!details.failed) continue;
      const message = details.errorInstance instanceof Error ? details.errorInstance.message.split("\n") : [];
      const printed = fc.stringify(details.counterexample?.[0]).trim().split("\n");
      return {
        caught: true,
        how:
          `by ${property} (codegen ${codegen ? "on" : "off"}) after ${details.numRuns} runs; shrunk to ` +
          `${printed.filter((line) => /^\s*\d+\./.test(line)).length} commands\n` +
          `${printed.map((line) => `      | ${line}`).join("\n")}\n      ${message[1]?.trim()}\n      ${message[2]?.trim()}`,
      };
    }
  }
  return { caught: false, how: `not caught in ${runs} runs of each property on each dispatch path` };
}

/** How an async property failed, if it did. */
async function asyncFailure<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncProperty<Ts>, numRuns: number, seed: number,
): Promise<{ numRuns: number; error: unknown } | undefined> {
  const details = await fc.check(property, { numRuns, seed });
  return details.failed ? { numRuns: details.numRuns, error: details.errorInstance } : undefined;
}

/** The synchronous properties, then (if they pass) the asynchronous ones of §14. */
async function runAllProperties(lib: LibraryExports, runs: number, seed: number): Promise<Verdict> {
  const verdict = runProperties(lib, runs, seed);
  if (verdict.caught) return verdict;
  // §14's properties wait a macrotask per step: a tenth of the runs keeps them to seconds.
  const asyncRuns = Math.max(50, Math.ceil(runs / 10));
  for (const codegen of [true, false]) {
    const properties = [
      ["generateAsync", () => asyncFailure(generateAsyncProperty(lib, codegen), asyncRuns, seed)],
      ["on() buffer", () => asyncFailure(streamProperty(lib, codegen), asyncRuns, seed)],
    ] as const;
    for (const [property, check] of properties) {
      const failure = await check();
      if (failure === undefined) continue;
      const message = failure.error instanceof Error ? failure.error.message.split("\n") : [];
      return {
        caught: true,
        how: `by ${property} (codegen ${codegen ? "on" : "off"}) after ${failure.numRuns} runs\n      ${message[0]?.trim()}\n      ${message[1]?.trim()}\n      ${message[2]?.trim()}`,
      };
    }
  }
  return { caught: false, how: `not caught in ${runs} runs of each property (${asyncRuns} of the §14 ones) on each dispatch path` };
}

export async function checkMutants(args: SoakArgs): Promise<boolean> {
  const runs = args.runs ?? 1000;
  const root = mkdtempSync(join(tmpdir(), "wasm-events-mutants-"));
  symlinkSync(nodeModules, join(root, "node_modules"));
  console.log(`mutants: ${MUTANTS.length} broken copies of dist/ in ${root}, seed ${args.seed}, ${runs} runs per property`);
  let ok = true;
  try {
    // Two controls: the unpatched copy, and one whose pattern-only names are evicted at every new one
    // (the eviction mutants' setting: it must agree with the model too).
    const controls = [["control (unpatched copy)", "control", []], ["control (a pattern-name cache of 1)", "control-cache-1", [nameCachePatch(1)]]] as const;
    for (const [title, name, patches] of controls) {
      const control = (await import(pathToFileURL(makeCopy(root, name, patches)!).href)) as LibraryExports & EmitterExports;
      let controlVerdict = await runAllProperties(control, runs, args.seed);
      if (!controlVerdict.caught && patches.length === 0) controlVerdict = runEmitterProperty(control, runs, args.seed);
      console.log(`${title}: ${controlVerdict.caught ? `FAILS ${controlVerdict.how}` : "passes"}`);
      if (controlVerdict.caught) ok = false;
    }
    for (const mutant of MUTANTS.filter((m) => args.only === undefined || m.name.includes(args.only))) {
      const path = makeCopy(root, mutant.name, patchesOf(mutant));
      if (path === undefined) {
        console.log(`STALE   ${mutant.name}: its text is not in dist/${mutant.file} exactly once; update the mutant`);
        ok = false;
        continue;
      }
      const copy = (await import(pathToFileURL(path).href)) as LibraryExports & EmitterExports;
      const verdict = mutant.emitter === true ? runEmitterProperty(copy, runs, args.seed) : await runAllProperties(copy, runs, args.seed);
      console.log(`${verdict.caught ? "caught " : "MISSED "} ${mutant.name} (${mutant.breaks})\n      ${verdict.how}`);
      if (!verdict.caught) ok = false;
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return ok;
}
