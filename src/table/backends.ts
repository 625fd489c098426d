// The table's two backends (§9). "wasm": the embedded WebAssembly,
// compiled once per process and instantiated once per bus. "js": the same
// AssemblyScript build translated to JavaScript at build time by Binaryen's
// wasm2js (scripts/build-js-table.mjs), for hosts where WebAssembly is
// missing or refused (a CSP without 'wasm-unsafe-eval', Wasm disabled by
// policy, V8's --jitless). Both expose the same raw exports; only numbers
// cross (event ids, slots, ranks, serials, handles, generations).

import { instantiateSync, instantiate } from "@assemblyscript/loader";
import { WASM_BASE64 } from "../generated/wasm-bytes.js";
import { instantiateJsTable } from "../generated/table-js.js";

/** Which implementation of the table a bus runs on. */
export type Backend = "wasm" | "js";

/** What the table's memory offers on both backends (wasm2js emulates a Memory with an ArrayBuffer). */
export interface TableMemory {
  readonly buffer: ArrayBuffer;
}

/** The bus's table (assembly/bus/), as assembly/index.ts exports it. A renamed export fails `tsc` here. */
export interface BusTableExports {
  readonly memory: TableMemory;
  // Layout constants (immutable globals: objects with `value` on both backends), read once per instance.
  readonly ENTRY_WORDS: WebAssembly.Global;
  readonly ENTRY_SLOT: WebAssembly.Global;
  readonly ENTRY_RANK: WebAssembly.Global;
  readonly LIST_ENTRIES: WebAssembly.Global;
  readonly LIST_LENGTH: WebAssembly.Global;
  readonly ANY: WebAssembly.Global;
  readonly NO_HANDLE: WebAssembly.Global;
  readonly CORE_RANK: WebAssembly.Global;
  readonly SLOT_LIVE: WebAssembly.Global;
  readonly SLOT_STALE: WebAssembly.Global;
  readonly PENDING_WORDS: WebAssembly.Global;
  readonly PENDING_EVENT: WebAssembly.Global;
  readonly PENDING_RANK: WebAssembly.Global;
  readonly PENDING_SLOT: WebAssembly.Global;
  readonly PENDING_SERIAL: WebAssembly.Global;
  readonly PENDING_HANDLE: WebAssembly.Global;
  readonly PENDING_HANDLE_GEN: WebAssembly.Global;
  readonly PENDING_WITHDRAWN: WebAssembly.Global;
  readonly PENDING_CAPACITY: WebAssembly.Global;
  // Queries (JS applies the pending log first: applyPending).
  freedWordsAddress(): number;
  freedListAddress(): number;
  matchingNextAddress(): number;
  pendingAddress(): number;
  pendingCountAddress(): number;
  appliedAddress(): number;
  eventListAddress(eventId: number): number;
  serialOf(slot: number): number;
  handleGeneration(index: number): number;
  listenerCount(eventId: number): number;
  slotState(slot: number, serial: number): number;
  entryState(slot: number, mark: number): number;
  entriesAddress(eventId: number): number;
  entriesLength(eventId: number): number;
  // Mutations (each may grow memory). Registrations enter through the
  // pending log; the removals apply it first.
  applyPending(): void;
  removeRegistration(slot: number, serial: number): number;
  removeSlot(slot: number): number;
  removeMatching(eventId: number, rank: number, fromEvent: number): number;
  allocateHandle(): number;
  endHandle(index: number): void;
}

/** The drop-in EventEmitter's lists (assembly/emitter/lists.ts), as assembly/index.ts exports them. */
export interface EmitterTableExports {
  readonly memory: TableMemory;
  readonly EMITTER_LIST_ENTRIES: WebAssembly.Global;
  readonly EMITTER_LIST_LENGTH: WebAssembly.Global;
  readonly EMITTER_LIST_OWNER: WebAssembly.Global;
  readonly EMITTER_PENDING_WORDS: WebAssembly.Global;
  readonly EMITTER_PENDING_LIST: WebAssembly.Global;
  readonly EMITTER_PENDING_SLOT: WebAssembly.Global;
  readonly EMITTER_PENDING_WITHDRAWN: WebAssembly.Global;
  readonly EMITTER_PENDING_CAPACITY: WebAssembly.Global;
  emitterPendingAddress(): number;
  emitterPendingCountAddress(): number;
  /** Applies the pending log (every other mutation below applies it first). */
  emitterApplyPending(): void;
  emitterListWith(owner: number, first: number, second: number): number;
  emitterListAddress(list: number): number;
  emitterOwnerFree(owner: number): void;
  emitterListFree(list: number): void;
  emitterAppend(list: number, slot: number): number;
  emitterPrepend(list: number, slot: number): number;
  emitterRemoveAt(list: number, index: number): number;
  emitterLiveOwners(): number;
  emitterLiveLists(): number;
}

/** Everything one instance of the module exports: both tables on one memory. */
type TableExports = BusTableExports & EmitterTableExports;

/** One bus's table instance and the backend it came from. */
export interface BackendTable {
  readonly exports: TableExports;
  readonly backend: Backend;
}

let compiled: WebAssembly.Module | undefined;
let pending: Promise<WebAssembly.Module> | undefined;
/**
 * Set once the host refused the Wasm: later automatic buses go straight to
 * the JS backend. (Retrying would throw again, and in browsers each refused
 * compilation also files a CSP violation report.)
 */
let wasmRefused = false;

function wasmBytes(): Uint8Array {
  // Buffer is faster than atob on Node; atob covers browsers and workers.
  if (typeof Buffer === "function") return Buffer.from(WASM_BASE64, "base64");
  const text = atob(WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The compiled module, shared by every bus in the process (§2). */
function moduleSync(): WebAssembly.Module {
  return (compiled ??= new WebAssembly.Module(wasmBytes() as BufferSource));
}

/** Asynchronous compilation, for hosts that forbid compiling larger modules synchronously. */
function moduleAsync(): Promise<WebAssembly.Module> {
  if (compiled) return Promise.resolve(compiled);
  return (pending ??= WebAssembly.compile(wasmBytes() as BufferSource).then((module) => (compiled = module)));
}

// `env.abort` is only reached on a broken invariant inside the table (an
// `unreachable()` or failed assert): the loader turns it into a plain Error
// with file:line, which is a bug in wasm-events, never a user error.
const imports = {};

/** A fresh table (own memory) for one bus. Raw exports: the loader's demangled wrappers cost a closure per call. */
function instantiateTable(module: WebAssembly.Module): TableExports {
  return instantiateSync<Record<string, unknown>>(module, imports).instance.exports as unknown as TableExports;
}

/** Same, asynchronously. */
async function instantiateTableAsync(module: WebAssembly.Module): Promise<TableExports> {
  return (await instantiate<Record<string, unknown>>(module, imports)).instance.exports as unknown as TableExports;
}

/**
 * Did the host refuse WebAssembly (rather than our code failing)? No
 * `WebAssembly` at all (Node/V8 --jitless, iOS lockdown mode, policies that
 * remove it), or a compilation refused by a CSP without 'wasm-unsafe-eval':
 * a CompileError (Chromium, Firefox) or an EvalError (WebKit). Our module's
 * bytes are fixed and valid, so those errors can only mean refusal.
 */
function isRefusal(error: unknown): boolean {
  if (typeof WebAssembly !== "object" || WebAssembly === null || typeof WebAssembly.Module !== "function") return true;
  return error instanceof WebAssembly.CompileError || error instanceof EvalError;
}

/** The table for one bus, synchronously: `requested` forces a backend; undefined picks Wasm, else JS. */
export function tableSync(requested: Backend | undefined): BackendTable {
  if (requested === "js" || (requested === undefined && wasmRefused)) return jsTable();
  try {
    return { exports: instantiateTable(moduleSync()), backend: "wasm" };
  } catch (error) {
    return fallBack(requested, error);
  }
}

/** Same, compiling and instantiating the Wasm asynchronously. */
export async function tableAsync(requested: Backend | undefined): Promise<BackendTable> {
  if (requested === "js" || (requested === undefined && wasmRefused)) return jsTable();
  try {
    return { exports: await instantiateTableAsync(await moduleAsync()), backend: "wasm" };
  } catch (error) {
    return fallBack(requested, error);
  }
}

/** Wasm failed: the JS table when the host refused it and no backend was forced; else the error as is. */
function fallBack(requested: Backend | undefined, error: unknown): BackendTable {
  if (!isRefusal(error)) throw error;
  wasmRefused = true;
  if (requested === "wasm") throw error; // forced: the caller wants to know
  return jsTable();
}

/** A fresh instance of the wasm2js build: own memory, same exports. */
function jsTable(): BackendTable {
  let exports: TableExports | undefined;
  const abort = (message: number, file: number, line: number, column: number): never => {
    // The same text as the loader's abort, read from the instance's memory.
    const buffer = exports!.memory.buffer;
    throw new Error(`abort: ${readString(buffer, message)} at ${readString(buffer, file)}:${line}:${column}`);
  };
  exports = instantiateJsTable({ env: { abort } }) as TableExports;
  return { exports, backend: "js" };
}

/** An AssemblyScript string in memory: UTF-16 code units at `address`, byte length in the word before. */
function readString(buffer: ArrayBuffer, address: number): string {
  if (address === 0) return "null";
  const bytes = new Uint32Array(buffer)[(address - 4) >>> 2];
  return String.fromCharCode(...new Uint16Array(buffer, address, bytes >>> 1));
}

let sharedEmitterTable: EmitterTableExports | undefined;

/**
 * The one table instance every EventEmitter of the process shares (§11),
 * instantiated on first use from the compile-once module, on the same
 * backend choice as a bus's: Wasm, or the JS build of the same module where
 * the host refuses Wasm. Its exports are typed by their one user,
 * src/emitter/table.ts (assembly/emitter-lists.ts's functions).
 */
export function emitterTable(): EmitterTableExports {
  return (sharedEmitterTable ??= tableSync(undefined).exports);
}
