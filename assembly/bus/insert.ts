// Ordered insert (§4, §5, §7): the one place a registration enters the
// dispatch table, fed by the pending log.
//
// The pending log: `register` does not call into Wasm. JS has already
// checked everything that can fail (arguments, a stale handle, a duplicate:
// function identity is a JS matter, §9), hands out the slot and serial
// itself, and writes one record into this log with typed-array stores. The
// removal of a registration still in the log marks its record withdrawn, so
// a register + unregister pair costs stores and no call; the Wasm applies
// the pair when it applies the log (nothing inserted, the slot freed).
// Every export that reads or changes the table applies the log first (JS
// calls applyPending before its queries; the mutations call applyLog
// themselves), so whatever asks sees every mutation made before it. Applying
// a record cannot fail: each was checked when written, and nothing that
// could change its outcome (a handle ending) runs without applying the log
// first, so a logged registration is live until applied.

import {
  CORE_RANK, Entry, EventList, PENDING_CAPACITY, PENDING_EVENT, PENDING_HANDLE, PENDING_HANDLE_GEN, PENDING_RANK,
  PENDING_SERIAL, PENDING_SLOT, PENDING_WITHDRAWN, PENDING_WORDS,
} from "./layout";
import { entryAt, eventListUnchecked, ensureEvent, moveEntries, placeSlot, reserveEntry } from "./state";
import { noteFreedSlot, resetFreedSlots } from "./freed";

/** The records, PENDING_WORDS words each, at a fixed address so JS writes them without a call. */
const PENDING: usize = memory.data(<i32>(PENDING_CAPACITY * PENDING_WORDS * 4));
/** How many records JS has written since the log was last applied. */
const PENDING_COUNT: usize = memory.data(4);
/** Bumped each time a non-empty log is applied: JS tells "this event has a record in the log" by it. */
const APPLIED: usize = memory.data(4);

export function pendingAddress(): usize {
  return PENDING;
}

export function pendingCountAddress(): usize {
  return PENDING_COUNT;
}

export function appliedAddress(): usize {
  return APPLIED;
}

/**
 * Applies the log: JS's entry point before a query (listening, dump, a
 * snapshot rebuild, a slot's state). Like every mutating call it empties the
 * freed list first (JS read it right after the call that wrote it).
 */
export function applyPending(): void {
  if (load<u32>(PENDING_COUNT) == 0) return;
  resetFreedSlots();
  applyLog();
}

/**
 * Applies every logged record and empties the log. Callers reset the freed
 * list first. Registrations go in in log order; the slots of withdrawn
 * records are listed as freed (JS hands them out again once it has read the
 * list): at most PENDING_CAPACITY, which the freed list always has room for.
 */
export function applyLog(): void {
  const count = load<u32>(PENDING_COUNT);
  if (count == 0) return;
  for (let i: u32 = 0; i < count; i++) {
    const record = PENDING + <usize>(i * PENDING_WORDS) * 4;
    const rank = load<u32>(record + PENDING_RANK * 4);
    if (rank == PENDING_WITHDRAWN) {
      noteFreedSlot(load<u32>(record + PENDING_SLOT * 4), load<u32>(record + PENDING_EVENT * 4));
      continue;
    }
    insertListener(
      load<u32>(record + PENDING_EVENT * 4), rank, load<u32>(record + PENDING_SLOT * 4),
      load<u32>(record + PENDING_SERIAL * 4), load<u32>(record + PENDING_HANDLE * 4), load<u32>(record + PENDING_HANDLE_GEN * 4),
    );
  }
  store<u32>(PENDING_COUNT, 0);
  store<u32>(APPLIED, load<u32>(APPLIED) + 1);
}

/** Inserts a registration for `eventId` at its place in dispatch order, in `slot` stamped `serial`. */
function insertListener(eventId: u32, rank: u32, slot: u32, serial: u32, handle: u32, handleGen: u32): void {
  ensureEvent(eventId);
  const list = eventListUnchecked(eventId);
  const position = insertPosition(list, rank);
  // Allocates only if the list is full: a block of the next class, or more memory.
  reserveEntry(list);
  const at = list.entries + <usize>position * offsetof<Entry>();
  moveEntries(at + offsetof<Entry>(), at, list.length - position);
  list.length++;

  placeSlot(slot, eventId, serial, handle, handleGen);
  const entry = changetype<Entry>(at);
  entry.slot = slot;
  entry.rank = rank;
}

/**
 * §5: lists are sorted by rank, descending (the module loaded last first, the
 * core last). A module's new listener goes before its earlier ones (ProFTPD
 * prepends); a core listener goes after every other (ProFTPD appends).
 */
function insertPosition(list: EventList, rank: u32): u32 {
  const length = list.length;
  if (rank == CORE_RANK) return length;
  let low: u32 = 0, high = length; // first index whose rank <= rank
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (entryAt(list, middle).rank > rank) low = middle + 1;
    else high = middle;
  }
  return low;
}
