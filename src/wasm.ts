// The Wasm boundary: compile the embedded module once per process, instantiate
// it once per bus, and type its raw exports. Only numbers cross (event ids,
// slots, ranks, listener ids, handles, generations); names stay in JS.

import { instantiateSync, instantiate } from "@assemblyscript/loader";
import { WASM_BASE64 } from "./generated/wasm-bytes.js";

/** The table's exports, as assembly/index.ts declares them. A renamed export fails `tsc` here. */
export interface TableExports {
  readonly memory: WebAssembly.Memory;
  // Layout constants (immutable globals), read once per instance.
  readonly ENTRY_WORDS: WebAssembly.Global;
  readonly ENTRY_SLOT: WebAssembly.Global;
  readonly ENTRY_RANK: WebAssembly.Global;
  readonly ENTRY_LISTENER: WebAssembly.Global;
  readonly ANY: WebAssembly.Global;
  readonly NO_HANDLE: WebAssembly.Global;
  readonly CORE_RANK: WebAssembly.Global;
  readonly STATUS_DUPLICATE: WebAssembly.Global;
  readonly STATUS_STALE_HANDLE: WebAssembly.Global;
  readonly SLOT_GONE: WebAssembly.Global;
  readonly SLOT_LIVE: WebAssembly.Global;
  readonly SLOT_STALE: WebAssembly.Global;
  // Queries.
  versionAddress(): number;
  handleEpochAddress(): number;
  listVersion(eventId: number): number;
  freedSlotsAddress(): number;
  freedWordsAddress(): number;
  lastSerialAddress(): number;
  serialOf(slot: number): number;
  handleGeneration(index: number): number;
  listenerCount(eventId: number): number;
  staleCount(eventId: number): number;
  slotState(slot: number, serial: number): number;
  entriesAddress(eventId: number): number;
  entriesLength(eventId: number): number;
  // Mutations (each may grow memory; each bumps the version when it changes anything).
  insertListener(eventId: number, rank: number, listener: number, handle: number, handleGen: number): number;
  removeRegistration(slot: number, serial: number): number;
  removeMatching(eventId: number, rank: number, listener: number): number;
  allocateHandle(): number;
  endHandle(index: number): void;
}

let compiled: WebAssembly.Module | undefined;
let pending: Promise<WebAssembly.Module> | undefined;

function wasmBytes(): Uint8Array {
  // Buffer is faster than atob on Node; atob covers browsers and workers.
  if (typeof Buffer === "function") return Buffer.from(WASM_BASE64, "base64");
  const text = atob(WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The compiled module, shared by every bus in the process (SPEC §2). */
export function moduleSync(): WebAssembly.Module {
  return (compiled ??= new WebAssembly.Module(wasmBytes() as BufferSource));
}

/** Asynchronous compilation, for hosts that forbid compiling larger modules synchronously. */
export function moduleAsync(): Promise<WebAssembly.Module> {
  if (compiled) return Promise.resolve(compiled);
  return (pending ??= WebAssembly.compile(wasmBytes() as BufferSource).then((module) => (compiled = module)));
}

// `env.abort` is only reached on a broken invariant inside the table (an
// `unreachable()` or failed assert): the loader turns it into a plain Error
// with file:line, which is a bug in wasm-events, never a user error.
const imports = {};

/** A fresh table (own memory) for one bus. Raw exports: the loader's demangled wrappers cost a closure per call. */
export function instantiateTable(module: WebAssembly.Module): TableExports {
  return instantiateSync<Record<string, unknown>>(module, imports).instance.exports as unknown as TableExports;
}

/** Same, asynchronously. */
export async function instantiateTableAsync(module: WebAssembly.Module): Promise<TableExports> {
  return (await instantiate<Record<string, unknown>>(module, imports)).instance.exports as unknown as TableExports;
}

/** The drop-in EventEmitter's exports (assembly/emitter-lists.ts), on the same module. */
export interface EmitterTableExports {
  readonly memory: WebAssembly.Memory;
  readonly EMITTER_ENTRY_WORDS: WebAssembly.Global;
  readonly EMITTER_ENTRY_SLOT: WebAssembly.Global;
  readonly EMITTER_NOT_FOUND: WebAssembly.Global;
  readonly EMITTER_LIST_ENTRIES: WebAssembly.Global;
  readonly EMITTER_LIST_LENGTH: WebAssembly.Global;
  readonly EMITTER_LIST_OWNER: WebAssembly.Global;
  emitterListWith(owner: number, raw: number, listener: number, slot: number): number;
  emitterListAddress(list: number): number;
  emitterOwnerNew(): number;
  emitterOwnerFree(owner: number): void;
  emitterListNew(owner: number): number;
  emitterListFree(list: number): void;
  emitterClear(list: number): void;
  emitterAppend(list: number, raw: number, listener: number, slot: number): number;
  emitterPrepend(list: number, raw: number, listener: number, slot: number): number;
  emitterRemoveLast(list: number, fn: number): number;
  emitterRemoveAt(list: number, index: number): number;
  emitterCountOf(list: number, fn: number): number;
  emitterLength(list: number): number;
  emitterVersion(list: number): number;
  emitterEntriesAddress(list: number): number;
  emitterLiveOwners(): number;
  emitterLiveLists(): number;
}

let sharedEmitterTable: EmitterTableExports | undefined;

/**
 * The one table instance every EventEmitter of the process shares (SPEC §11),
 * instantiated on first use from the compile-once module. The one place the
 * emitter gets its backend: point it elsewhere (a JS build of the same
 * module) here.
 */
export function emitterTable(): EmitterTableExports {
  return (sharedEmitterTable ??= instantiateTable(moduleSync()) as unknown as EmitterTableExports);
}
