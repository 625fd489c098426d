// The drop-in EventEmitter's listener lists (SPEC §11): one ordered list per
// (emitter, event). Unlike the bus's lists they allow duplicates, take
// appends and prepends, and remove the occurrence Node removes: the last one
// whose raw listener or its `.listener` is the given function. Every emitter
// of a process shares one instance; an emitter is an *owner* whose lists are
// chained, so that a collected emitter's lists are freed in one call.
//
// Only numbers cross: listener identities (48-bit ids, passed as f64), the
// emitter-side slot of each entry (where JS keeps the function), list and
// owner ids. Names and functions stay in JS.

import { BlockList, releaseBlock, reserveEntryIn } from "../memory/block-list";
import { Chunks, NIL, addChunk, recordAddress, recordCapacity } from "../memory/chunks";

/**
 * One listener of one list: its identity, the identity of its `.listener`
 * (a `once` wrapper's original; the same id for a plain listener), and the
 * slot in the emitter's JS array holding the function. Ids are 48 bits (a
 * low u32 and a high u16): 2^48 ids is nine years at a million new listener
 * functions a second, so ids never wrap in practice.
 */
@unmanaged
export class EmitterEntry {
  rawLow: u32;
  listenerLow: u32;
  rawHigh: u16;
  listenerHigh: u16;
  slot: u32;
}

/**
 * An (emitter, event) list: its entries in call order (the first three fields
 * are a BlockList, memory/block-list.ts), and its links in the owner's chain.
 */
@unmanaged
export class EmitterList {
  entries: usize;
  length: u32;
  capacity: u32;
  owner: u32;
  prev: u32;
  next: u32;
}

/** An emitter: the head of its chain of lists. */
@unmanaged
class OwnerRecord {
  firstList: u32;
  /** The next free owner while free. */
  nextFree: u32;
}

export const EMITTER_ENTRY_WORDS: u32 = <u32>(offsetof<EmitterEntry>() >> 2);
/** Word offsets in a list record, for JS to read a list without a call (records never move). */
export const EMITTER_LIST_ENTRIES: u32 = <u32>(offsetof<EmitterList>("entries") >> 2);
export const EMITTER_LIST_LENGTH: u32 = <u32>(offsetof<EmitterList>("length") >> 2);
export const EMITTER_LIST_OWNER: u32 = <u32>(offsetof<EmitterList>("owner") >> 2);
export const EMITTER_ENTRY_SLOT: u32 = <u32>(offsetof<EmitterEntry>("slot") >> 2);
/** What emitterRemoveLast returns when nothing matched. */
export const EMITTER_NOT_FOUND: i32 = -1;

const ID_HIGH_SCALE: f64 = 4294967296.0; // 2^32

// ── Records ── owners and lists in chunks (their addresses never move), each
// with a free list so that ids of freed records are reused.
const OWNERS = changetype<Chunks>(memory.data(offsetof<Chunks>()));
let ownersUsed: u32 = 0;
let freeOwner: u32 = NIL;
const LISTS = changetype<Chunks>(memory.data(offsetof<Chunks>()));
let listsUsed: u32 = 0;
let freeList: u32 = NIL;
/** Live owners and lists, for diagnostics and the GC test. */
let liveOwners: u32 = 0;
let liveLists: u32 = 0;

// @ts-ignore: decorator
@inline function owner(id: u32): OwnerRecord {
  return changetype<OwnerRecord>(recordAddress(OWNERS, id, offsetof<OwnerRecord>()));
}

// @ts-ignore: decorator
@inline function list(id: u32): EmitterList {
  return changetype<EmitterList>(recordAddress(LISTS, id, offsetof<EmitterList>()));
}

// @ts-ignore: decorator
@inline function entryAt(l: EmitterList, index: u32): EmitterEntry {
  return changetype<EmitterEntry>(l.entries + <usize>index * offsetof<EmitterEntry>());
}

/** A new owner (an emitter's first listener). Owner ids are reused after emitterOwnerFree. */
function emitterOwnerNew(): u32 {
  let id: u32;
  if (freeOwner != NIL) {
    id = freeOwner;
    freeOwner = owner(id).nextFree;
  } else {
    if (ownersUsed == recordCapacity(OWNERS)) addChunk(OWNERS, offsetof<OwnerRecord>());
    id = ownersUsed++;
  }
  owner(id).firstList = NIL;
  liveOwners++;
  return id;
}

/** Frees an owner and every list it still has (its emitter was collected). */
export function emitterOwnerFree(id: u32): void {
  const record = owner(id);
  let at = record.firstList;
  while (at != NIL) {
    const next = list(at).next;
    releaseList(at);
    at = next;
  }
  record.firstList = NIL;
  record.nextFree = freeOwner;
  freeOwner = id;
  liveOwners--;
}

/** A new, empty list for one event of `ownerId`. */
function emitterListNew(ownerId: u32): u32 {
  let id: u32;
  if (freeList != NIL) {
    id = freeList;
    freeList = list(id).next;
  } else {
    if (listsUsed == recordCapacity(LISTS)) addChunk(LISTS, offsetof<EmitterList>());
    id = listsUsed++;
  }
  const l = list(id), o = owner(ownerId);
  l.entries = 0;
  l.length = 0;
  l.capacity = 0;
  l.owner = ownerId;
  l.prev = NIL;
  l.next = o.firstList;
  if (o.firstList != NIL) list(o.firstList).prev = id;
  o.firstList = id;
  liveLists++;
  return id;
}

/**
 * An event's first listener in one call: a new list for `ownerId` (a new
 * owner too when it is NIL: the emitter's first listener), with the entry
 * appended. Returns the list; its record tells the owner.
 */
export function emitterListWith(ownerId: u32, raw: f64, listener: f64, slot: u32): u32 {
  const id = emitterListNew(ownerId == NIL ? emitterOwnerNew() : ownerId);
  emitterAppend(id, raw, listener, slot);
  return id;
}

/** Address of a list's record (fixed for the list's lifetime). */
export function emitterListAddress(id: u32): usize {
  return changetype<usize>(list(id));
}

/** Frees a list (its event has no listener left), unlinking it from its owner. */
export function emitterListFree(id: u32): void {
  const l = list(id);
  if (l.prev != NIL) list(l.prev).next = l.next;
  else owner(l.owner).firstList = l.next;
  if (l.next != NIL) list(l.next).prev = l.prev;
  releaseList(id);
}

/** Empties a list (its event lost its listeners); the list stays for reuse by its owner. */
export function emitterClear(id: u32): void {
  const l = list(id);
  releaseBlock(changetype<BlockList>(l), offsetof<EmitterEntry>());
  l.length = 0;
}

function releaseList(id: u32): void {
  const l = list(id);
  releaseBlock(changetype<BlockList>(l), offsetof<EmitterEntry>());
  l.length = 0;
  l.next = freeList;
  freeList = id;
  liveLists--;
}

/** Room for one more entry (may move the entries). */
function reserve(l: EmitterList): void {
  reserveEntryIn(changetype<BlockList>(l), offsetof<EmitterEntry>());
}

// @ts-ignore: decorator
@inline function idLow(id: f64): u32 {
  return <u32>(id - Math.floor(id / ID_HIGH_SCALE) * ID_HIGH_SCALE);
}

// @ts-ignore: decorator
@inline function idHigh(id: f64): u16 {
  return <u16>Math.floor(id / ID_HIGH_SCALE);
}

function write(entry: EmitterEntry, raw: f64, listener: f64, slot: u32): void {
  entry.rawLow = idLow(raw);
  entry.rawHigh = idHigh(raw);
  entry.listenerLow = idLow(listener);
  entry.listenerHigh = idHigh(listener);
  entry.slot = slot;
}

/** `on`/`addListener`: appends; duplicates allowed. Returns the list's new length. */
export function emitterAppend(id: u32, raw: f64, listener: f64, slot: u32): u32 {
  const l = list(id);
  reserve(l);
  write(entryAt(l, l.length), raw, listener, slot);
  l.length++;
  return l.length;
}

/** `prependListener`: inserts before every other entry. Returns the list's new length. */
export function emitterPrepend(id: u32, raw: f64, listener: f64, slot: u32): u32 {
  const l = list(id);
  reserve(l);
  memory.copy(l.entries + offsetof<EmitterEntry>(), l.entries, <usize>l.length * offsetof<EmitterEntry>());
  write(entryAt(l, 0), raw, listener, slot);
  l.length++;
  return l.length;
}

/**
 * `removeListener`: Node scans from the end for the first entry whose raw
 * listener or whose `.listener` is the function, and removes that one.
 * Returns its slot, or EMITTER_NOT_FOUND (nothing changed).
 */
export function emitterRemoveLast(id: u32, fn: f64): i32 {
  const l = list(id);
  const low = idLow(fn), high = idHigh(fn);
  for (let i = <i32>l.length - 1; i >= 0; i--) {
    const entry = entryAt(l, <u32>i);
    const isRaw = entry.rawLow == low && entry.rawHigh == high;
    if (!isRaw && !(entry.listenerLow == low && entry.listenerHigh == high)) continue;
    const slot = entry.slot;
    removeAt(l, <u32>i);
    return <i32>slot;
  }
  return EMITTER_NOT_FOUND;
}

function removeAt(l: EmitterList, index: u32): void {
  const at = l.entries + <usize>index * offsetof<EmitterEntry>();
  memory.copy(at, at + offsetof<EmitterEntry>(), <usize>(l.length - index - 1) * offsetof<EmitterEntry>());
  l.length--;
}

/** `listenerCount(name, listener)`: entries whose raw listener or `.listener` is `fn`. */
export function emitterCountOf(id: u32, fn: f64): u32 {
  const l = list(id);
  const low = idLow(fn), high = idHigh(fn);
  let count: u32 = 0;
  for (let i: u32 = 0; i < l.length; i++) {
    const entry = entryAt(l, i);
    if ((entry.rawLow == low && entry.rawHigh == high) || (entry.listenerLow == low && entry.listenerHigh == high)) count++;
  }
  return count;
}

/** Live owners (emitters with listeners) and lists, for diagnostics. */
export function emitterLiveOwners(): u32 {
  return liveOwners;
}

export function emitterLiveLists(): u32 {
  return liveLists;
}
