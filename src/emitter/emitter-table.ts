// The emitters' side of the shared Wasm table (SPEC §9, §11): one instance
// for every EventEmitter of the process, created on first use. What is
// process-wide here holds numbers and weak references only: listener ids in a
// WeakMap (a forgotten function frees its entry), owner ids in a
// FinalizationRegistry (a collected emitter's lists are freed and their
// space reused). Functions live on their emitter (EmitterSlots).

import { emitterTable, type EmitterTableExports } from "../table/backends.js";
import { Views } from "../table/views.js";

let wasm: EmitterTableExports | undefined;
/** Views on the shared instance's memory: growth is told the same way on both backends (views.ts). */
let views: Views | undefined;
let u32: Uint32Array = new Uint32Array(0);
let entryWords = 0;
let entrySlot = 0;
let listEntries = 0;
let listLength = 0;
let listOwner = 0;
const NIL = 0xffffffff;

/** The shared instance (instantiated on the first listener of any emitter). */
export function table(): EmitterTableExports {
  if (wasm === undefined) {
    wasm = emitterTable();
    entryWords = wasm.EMITTER_ENTRY_WORDS.value;
    entrySlot = wasm.EMITTER_ENTRY_SLOT.value;
    listEntries = wasm.EMITTER_LIST_ENTRIES.value;
    listLength = wasm.EMITTER_LIST_LENGTH.value;
    listOwner = wasm.EMITTER_LIST_OWNER.value;
    views = new Views(wasm.memory);
    u32 = views.u32;
  }
  return wasm;
}

// ── Listener identities ── the Wasm compares numbers: each function gets one
// id, the first time an emitter sees it. Ids count up to 2^48 (the Wasm
// entries' width), far past what a process hands out.
const ids = new WeakMap<Function, number>();
let nextId = 1;

/**
 * The id a `once` wrapper carries on itself (it is ours, made with one): a
 * WeakMap entry per once() would cost more than the rest of once + emit.
 */
export const kListenerId = Symbol("wasm-events.listenerId");

/** A fresh id (for a once wrapper). */
export function newId(): number {
  return nextId++;
}

/** The id of `fn`, assigning one if it has none. */
export function idOf(fn: Function): number {
  const own = (fn as { [kListenerId]?: number })[kListenerId];
  if (own !== undefined) return own;
  const id = ids.get(fn);
  if (id !== undefined) return id;
  ids.set(fn, nextId);
  return nextId++;
}

/** The id of `fn` if it ever had one; 0 otherwise (no list can hold it then). */
export function knownIdOf(fn: Function): number {
  return (fn as { [kListenerId]?: number })[kListenerId] ?? ids.get(fn) ?? 0;
}

// ── Owners ── an emitter with listeners owns a chain of lists in the table.
// When the emitter is collected, the registry frees them: its listeners were
// only ever reachable from the emitter itself.
const owners = new FinalizationRegistry<number>((owner) => wasm!.emitterOwnerFree(owner));

/**
 * A new list holding one entry, for an event of `owner`; for an emitter's
 * first listener (`owner` undefined), of a new owner that is freed with its
 * lists once `token` is collected. The token is an empty object only its
 * emitter references: V8 keeps the target of a FinalizationRegistry cell
 * through young-generation collections, so an empty token costs far less
 * than the emitter with everything it references (measured: 3x, Dec 2026,
 * Node 20). One Wasm call either way. Returns what `make` makes of the
 * list id and its record's word index (records never move).
 */
export function newListWith<T>(
  token: object, owner: number | undefined, raw: number, listener: number, slot: number, make: (list: number, record: number) => T,
): T {
  const list = table().emitterListWith(owner ?? NIL, raw, listener, slot);
  refreshViews();
  const record = wasm!.emitterListAddress(list) >>> 2;
  if (owner === undefined) owners.register(token, u32[record + listOwner]);
  return make(list, record);
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
  views!.refresh();
  u32 = views!.u32;
}

/** The slots of the entries of the list at `record`, in call order (read right after the call that last changed it). */
export function slotsOf(record: number, length: number): number[] {
  const start = u32[record + listEntries] >>> 2, words = entryWords, field = entrySlot;
  const view = u32;
  const slots = new Array<number>(length);
  for (let i = 0; i < length; i++) slots[i] = view[start + i * words + field];
  return slots;
}

/** The slot of the entry at `index` (for the one-listener case, without an array). */
export function slotAt(record: number, index: number): number {
  return u32[(u32[record + listEntries] >>> 2) + index * entryWords + entrySlot];
}

/** Bytes of the shared table's memory (0 before any emitter had a listener). */
export function tableMemoryBytes(): number {
  return wasm === undefined ? 0 : wasm.memory.buffer.byteLength;
}

/** Emitters with listeners and their lists, as the table counts them (the GC test reads these). */
export function tableCounts(): { owners: number; lists: number } {
  if (wasm === undefined) return { owners: 0, lists: 0 };
  return { owners: wasm.emitterLiveOwners(), lists: wasm.emitterLiveLists() };
}

/**
 * Diagnostics of the table every EventEmitter of the process shares: its
 * memory in bytes, the emitters with listeners (owners) and their event lists.
 *
 * @returns `{ memoryBytes, owners, lists }` (all 0 before any emitter had a listener).
 * @throws Never.
 * @example
 * const { owners, lists } = emitterTableStats(); // emitters alive with listeners, their events
 */
export function emitterTableStats(): { memoryBytes: number; owners: number; lists: number } {
  return { memoryBytes: tableMemoryBytes(), ...tableCounts() };
}
