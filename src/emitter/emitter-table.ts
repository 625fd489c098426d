// The emitters' side of the shared Wasm table (§9, §11): one instance
// for every EventEmitter of the process, created the first time an event of
// any emitter gains a second listener (lone listeners never reach it, see
// store.ts). What is process-wide here holds numbers and weak references only:
// owner ids in a FinalizationRegistry (a collected emitter's lists are freed
// and their space reused). Functions live on their emitter (EmitterSlots).
// Appends reach the lists through the pending log (pending-appends.ts); what
// reads a list's memory here is called after applyPending.

import { emitterTable, type EmitterTableExports } from "../table/backends.js";
import { Views } from "../table/views.js";
import { PendingAppends } from "./pending-appends.js";

let wasm: EmitterTableExports | undefined;
/** The shared instance once made (a live binding: where a list exists, so does the table). */
export { wasm as lists };
/** Views on the shared instance's memory: growth is told the same way on both backends (views.ts). */
let views: Views | undefined;
let u32: Uint32Array = new Uint32Array(0);
let listEntries = 0;
let listLength = 0;
let listOwner = 0;
let detachesOnGrowth = false;
/**
 * The pending log of appends (pending-appends.ts). An EventListeners'
 * `count` includes its logged appends; its list in the table does not until
 * the log is applied.
 */
export const pendingAppends = new PendingAppends();

/** No owner yet (the emitter has had no list): the Wasm's NIL. */
export const NO_OWNER = 0xffffffff;

/** The shared instance (instantiated on the first list of any emitter). */
export function table(): EmitterTableExports {
  if (wasm === undefined) {
    wasm = emitterTable() as EmitterTableExports;
    listEntries = wasm.EMITTER_LIST_ENTRIES.value;
    listLength = wasm.EMITTER_LIST_LENGTH.value;
    listOwner = wasm.EMITTER_LIST_OWNER.value;
    views = new Views(wasm.memory);
    u32 = views.u32;
    pendingAppends.attach(wasm, appendNow);
    pendingAppends.i32 = views.i32;
    detachesOnGrowth = typeof WebAssembly === "object" && wasm.memory instanceof WebAssembly.Memory;
  }
  return wasm;
}

// ── Owners ── an emitter with lists owns a chain of them in the table. When
// the emitter is collected, the registry frees them: its listeners were only
// ever reachable from the emitter itself. Registered with the emitter's first
// list, not its first listener: an emitter whose events have one listener
// each is an ordinary object to the GC (a registry cell costs V8 work at
// every collection that sees it, and keeps a young target from dying young).
const owners = new FinalizationRegistry<number>((owner) => {
  wasm!.emitterOwnerFree(owner); // applies the pending log first, which may grow memory
  refreshViews();
});

/**
 * A new list holding `first` then `second` (slots), for an event of `owner`;
 * for the emitter's first list (`owner` NO_OWNER), of a new owner that is freed
 * with its lists once `token` is collected. The token is an empty object
 * only its emitter references: V8 keeps the target of a FinalizationRegistry
 * cell through young-generation collections, so an empty token costs far
 * less than the emitter with everything it references (measured: 3x, Dec
 * 2026, Node 20). One Wasm call either way. Returns what `make` makes of the
 * list id, its record's word index (records never move) and `context`.
 */
export function newListWith<C, T>(
  token: object, owner: number, first: number, second: number, make: (list: number, record: number, context: C) => T, context: C,
): T {
  const list = table().emitterListWith(owner, first, second);
  refreshViews();
  const record = wasm!.emitterListAddress(list) >>> 2;
  if (owner === NO_OWNER) owners.register(token, u32[record + listOwner]);
  return make(list, record, context);
}

/** The owner of the list whose record is at `record`. */
export function ownerOf(record: number): number {
  return u32[record + listOwner];
}

/** The list's length, read from its record. */
export function lengthAt(record: number): number {
  return u32[record + listLength];
}

/** Memory grows only inside allocating calls: refresh right after each of them. */
export function refreshViews(): void {
  if (u32.length !== 0 && detachesOnGrowth) return; // a grown Wasm memory detaches every old view (views.ts)
  views!.refresh();
  u32 = views!.u32;
  pendingAppends.i32 = views!.i32;
}

/** Appends `slot` to `list` with a call, when the pending log is full (the Wasm applies it first). Returns the new length. */
function appendNow(list: number, slot: number): number {
  const n = wasm!.emitterAppend(list, slot);
  refreshViews();
  return n;
}

/** Applies the pending log, if it holds anything: before JS reads a list's memory. */
export function applyPending(): void {
  if (pendingAppends.count() !== 0) {
    wasm!.emitterApplyPending();
    refreshViews();
  }
}

/** The slots of the entries of the list at `record`, in call order (read right after the call that last changed it). */
export function slotsOf(record: number, length: number): number[] {
  const start = u32[record + listEntries] >>> 2, view = u32;
  const slots = new Array<number>(length);
  for (let i = 0; i < length; i++) slots[i] = view[start + i];
  return slots;
}

/** The slot of the entry at `index` (for the one-listener case, without an array). */
export function slotAt(record: number, index: number): number {
  return u32[(u32[record + listEntries] >>> 2) + index];
}

/**
 * Index of the last entry of the list at `record` whose function (by slot in
 * `fns`) is `fn` or has `fn` as its `.listener` (Node's scan for
 * removeListener), or -1. Function identity is resolved in JS (§9): a scan
 * of the event's few functions, read as Node reads them, at removal time.
 */
export function lastIndexOf(record: number, length: number, fns: readonly (Function | number)[], fn: unknown): number {
  const start = u32[record + listEntries] >>> 2, view = u32;
  for (let i = length - 1; i >= 0; i--) {
    const candidate = fns[view[start + i]] as Function;
    if (candidate === fn || (candidate as { listener?: unknown }).listener === fn) return i;
  }
  return -1;
}

/** Entries of the list at `record` that are `fn` or have it as `.listener` (listenerCount(name, fn)). */
export function countOf(record: number, length: number, fns: readonly (Function | number)[], fn: unknown): number {
  const start = u32[record + listEntries] >>> 2, view = u32;
  let count = 0;
  for (let i = 0; i < length; i++) {
    const candidate = fns[view[start + i]] as Function;
    if (candidate === fn || (candidate as { listener?: unknown }).listener === fn) count++;
  }
  return count;
}

/** Bytes of the shared table's memory, with every logged append applied (0 before any emitter had a list). */
function tableMemoryBytes(): number {
  applyPending();
  return wasm === undefined ? 0 : wasm.memory.buffer.byteLength;
}

/** Emitters with lists and their lists, as the table counts them (the GC test reads these). */
function tableCounts(): { owners: number; lists: number } {
  if (wasm === undefined) return { owners: 0, lists: 0 };
  return { owners: wasm.emitterLiveOwners(), lists: wasm.emitterLiveLists() };
}

/**
 * Diagnostics of the table every EventEmitter of the process shares: its
 * memory in bytes, the emitters with lists (owners: an event of theirs has
 * had two listeners at once) and their event lists. Events with a lone
 * listener are not in the table.
 *
 * @returns `{ memoryBytes, owners, lists }` (all 0 before any event of any emitter had two listeners).
 * @throws Never.
 * @example
 * const { owners, lists } = emitterTableStats(); // emitters alive with lists, their events
 */
export function emitterTableStats(): { memoryBytes: number; owners: number; lists: number } {
  return { memoryBytes: tableMemoryBytes(), ...tableCounts() };
}
