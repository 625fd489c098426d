// The emitters' side of the shared Wasm table (SPEC §9, §11): one instance
// for every EventEmitter of the process, created on first use. What is
// process-wide here holds numbers and weak references only: listener ids in a
// WeakMap (a forgotten function frees its entry), owner ids in a
// FinalizationRegistry (a collected emitter's lists are freed and their
// space reused). Functions live on their emitter (EmitterSlots).

import { emitterTable, type EmitterTableExports } from "../wasm.js";

let wasm: EmitterTableExports | undefined;
let u32 = new Uint32Array(0);
let entryWords = 0;
let entrySlot = 0;

/** The shared instance (instantiated on the first listener of any emitter). */
export function table(): EmitterTableExports {
  if (wasm === undefined) {
    wasm = emitterTable();
    entryWords = wasm.EMITTER_ENTRY_WORDS.value;
    entrySlot = wasm.EMITTER_ENTRY_SLOT.value;
    u32 = new Uint32Array(wasm.memory.buffer);
  }
  return wasm;
}

// ── Listener identities ── the Wasm compares numbers: each function gets one
// id, the first time an emitter sees it. Ids count up to 2^48 (the Wasm
// entries' width), far past what a process hands out.
const ids = new WeakMap<Function, number>();
let nextId = 1;

/** The id of `fn`, assigning one if it has none. */
export function idOf(fn: Function): number {
  const id = ids.get(fn);
  if (id !== undefined) return id;
  ids.set(fn, nextId);
  return nextId++;
}

/** The id of `fn` if it ever had one; 0 otherwise (no list can hold it then). */
export function knownIdOf(fn: Function): number {
  return ids.get(fn) ?? 0;
}

// ── Owners ── an emitter with listeners owns a chain of lists in the table.
// When the emitter is collected, the registry frees them: its listeners were
// only ever reachable from the emitter itself.
const owners = new FinalizationRegistry<number>((owner) => wasm!.emitterOwnerFree(owner));

/** A table owner for `emitter`, freed (with its lists) once the emitter is collected. */
export function newOwner(emitter: object): number {
  const owner = table().emitterOwnerNew();
  refreshViews();
  owners.register(emitter, owner);
  return owner;
}

/** A new list for one event of `owner`. May grow memory. */
export function newList(owner: number): number {
  const list = wasm!.emitterListNew(owner);
  refreshViews();
  return list;
}

/** Memory grows only inside allocating calls; a grown memory detached the old view (length 0). */
export function refreshViews(): void {
  if (u32.length === 0) u32 = new Uint32Array(wasm!.memory.buffer);
}

/** The slots of `list`'s entries in call order (read right after the call that last changed it). */
export function slotsOf(list: number, length: number): number[] {
  const start = wasm!.emitterEntriesAddress(list) >>> 2, words = entryWords, field = entrySlot;
  const view = u32;
  const slots = new Array<number>(length);
  for (let i = 0; i < length; i++) slots[i] = view[start + i * words + field];
  return slots;
}

/** The slot of the entry at `index` (for the one-listener case, without an array). */
export function slotAt(list: number, index: number): number {
  return u32[(wasm!.emitterEntriesAddress(list) >>> 2) + index * entryWords + entrySlot];
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

/** Diagnostics of the shared emitter table: its Wasm memory, and the emitters (owners) and lists it holds. */
export function emitterTableStats(): { memoryBytes: number; owners: number; lists: number } {
  return { memoryBytes: tableMemoryBytes(), ...tableCounts() };
}
