// The drop-in EventEmitter's listener lists (§11): one ordered list per
// (emitter, event) that has had two listeners at once. (A lone listener stays
// a plain field on the JS side until its event gains a second one, as
// node:events keeps it: see src/emitter/store.ts.) Unlike the bus's lists
// they allow duplicates and take appends and prepends; removal takes the
// index JS found (function identity is a JS matter, §9). Every emitter of a
// process shares one instance; an emitter with lists is an *owner* whose
// lists are chained, so that a collected emitter's lists are freed in one call.
//
// Only numbers cross: each entry is the emitter-side slot (where JS keeps the
// function), plus list and owner ids. Names and functions stay in JS. Appends
// arrive through the pending log (pending.ts), which every export here
// applies before it reads or changes a list.

import { BlockList, releaseBlock, reserveEntryIn } from "../memory/block-list";
import { Chunks, NIL, addChunk, recordAddress, recordCapacity } from "../memory/chunks";
import {
  EMITTER_PENDING_LIST, EMITTER_PENDING_SLOT, EMITTER_PENDING_WITHDRAWN, EMITTER_PENDING_WORDS, PENDING, PENDING_COUNT,
} from "./pending";

/** Bytes of an entry: the u32 slot in the emitter's JS array of functions. */
const ENTRY_BYTES: usize = 4;

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

/** Word offsets in a list record, for JS to read a list without a call (records never move). */
export const EMITTER_LIST_ENTRIES: u32 = <u32>(offsetof<EmitterList>("entries") >> 2);
export const EMITTER_LIST_LENGTH: u32 = <u32>(offsetof<EmitterList>("length") >> 2);
export const EMITTER_LIST_OWNER: u32 = <u32>(offsetof<EmitterList>("owner") >> 2);

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
@inline function entryAddress(l: EmitterList, index: u32): usize {
  return l.entries + <usize>index * ENTRY_BYTES;
}

/** A new owner (an emitter's first list). Owner ids are reused after emitterOwnerFree. */
function newOwner(): u32 {
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
  emitterApplyPending();
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

/**
 * An event's second listener, in one call: a new list for `ownerId` (a new
 * owner too when it is NIL: the emitter's first list) holding `first` then
 * `second`. Returns the list; its record tells the owner.
 */
export function emitterListWith(ownerId: u32, first: u32, second: u32): u32 {
  emitterApplyPending();
  if (ownerId == NIL) ownerId = newOwner();
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
  reserveEntryIn(changetype<BlockList>(l), ENTRY_BYTES); // a first block holds four entries
  store<u32>(l.entries, first);
  store<u32>(l.entries + ENTRY_BYTES, second);
  l.length = 2;
  l.owner = ownerId;
  l.prev = NIL;
  l.next = o.firstList;
  if (o.firstList != NIL) list(o.firstList).prev = id;
  o.firstList = id;
  liveLists++;
  return id;
}

/** Address of a list's record (fixed for the list's lifetime; reading it is JS's, which applies the log first). */
export function emitterListAddress(id: u32): usize {
  return changetype<usize>(list(id));
}

/** Frees a list (its event has no listener left), unlinking it from its owner. */
export function emitterListFree(id: u32): void {
  emitterApplyPending(); // no record may outlive its list (the id is reused)
  const l = list(id);
  if (l.prev != NIL) list(l.prev).next = l.next;
  else owner(l.owner).firstList = l.next;
  if (l.next != NIL) list(l.next).prev = l.prev;
  releaseList(id);
}

function releaseList(id: u32): void {
  const l = list(id);
  releaseBlock(changetype<BlockList>(l), ENTRY_BYTES);
  l.length = 0;
  l.next = freeList;
  freeList = id;
  liveLists--;
}

/** Room for one more entry (may move the entries). */
function reserve(l: EmitterList): void {
  reserveEntryIn(changetype<BlockList>(l), ENTRY_BYTES);
}

/**
 * Applies the pending log (pending.ts): its appends, in the order JS wrote
 * them, skipping withdrawn records; then empties it. Every export that reads
 * or changes a list calls it first; JS calls it before reading a list's
 * memory. Applying cannot fail: each record names a live list (freeing a
 * list applies the log first) and a slot JS checked.
 */
export function emitterApplyPending(): void {
  const count = load<u32>(PENDING_COUNT);
  if (count == 0) return;
  for (let i: u32 = 0; i < count; i++) {
    const record = PENDING + <usize>(i * EMITTER_PENDING_WORDS) * 4;
    const id = load<u32>(record + EMITTER_PENDING_LIST * 4);
    if (id != EMITTER_PENDING_WITHDRAWN) append(list(id), load<u32>(record + EMITTER_PENDING_SLOT * 4));
  }
  store<u32>(PENDING_COUNT, 0);
}

function append(l: EmitterList, slot: u32): void {
  reserve(l);
  store<u32>(entryAddress(l, l.length), slot);
  l.length++;
}

/**
 * `on`/`addListener` when the pending log is full (JS logs the others):
 * applies the log, then appends; duplicates allowed. Returns the list's new length.
 */
export function emitterAppend(id: u32, slot: u32): u32 {
  emitterApplyPending();
  const l = list(id);
  append(l, slot);
  return l.length;
}

/** `prependListener`: inserts before every other entry. Returns the list's new length. */
export function emitterPrepend(id: u32, slot: u32): u32 {
  emitterApplyPending();
  const l = list(id);
  reserve(l);
  for (let at = entryAddress(l, l.length); at > l.entries; at -= ENTRY_BYTES) store<u32>(at, load<u32>(at - ENTRY_BYTES));
  store<u32>(l.entries, slot);
  l.length++;
  return l.length;
}

/**
 * `removeListener`: removes the entry at `index` (the occurrence Node
 * removes, which JS found by identity); the rest keep their order. Returns
 * its slot.
 */
export function emitterRemoveAt(id: u32, index: u32): u32 {
  emitterApplyPending();
  const l = list(id);
  assert(index < l.length);
  const slot = load<u32>(entryAddress(l, index));
  // A loop, not memory.copy: lists are short, and V8 makes memory.copy a call into C++.
  const end = entryAddress(l, l.length - 1);
  for (let at = entryAddress(l, index); at < end; at += ENTRY_BYTES) store<u32>(at, load<u32>(at + ENTRY_BYTES));
  l.length--;
  return slot;
}

/** Live owners (emitters with lists) and lists, for diagnostics. */
export function emitterLiveOwners(): u32 {
  return liveOwners;
}

export function emitterLiveLists(): u32 {
  return liveLists;
}
