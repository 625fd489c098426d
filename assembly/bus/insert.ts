// Ordered insert with the duplicate check (SPEC §4, §5, §7): the one place a
// registration enters the dispatch table.

import { CORE_RANK, Entry, EventList, STATUS_DUPLICATE, STATUS_STALE_HANDLE } from "./layout";
import {
  allocateSlot, entryAt, moveEntries, ensureEvent, eventListUnchecked, isEntryStale, isHandleStale,
  releaseSlot, reserveEntry,
} from "./state";
import { resetFreedSlots } from "./freed";
import { removeEntryAt } from "./remove";

/**
 * Inserts a listener for `eventId` at its place in dispatch order and returns
 * its slot, or a negative status (nothing changed):
 * - STATUS_DUPLICATE: the same listener is already registered, live, for this event;
 * - STATUS_STALE_HANDLE: `handle` is already stale.
 * A stale registration of the same listener is replaced silently (§7).
 */
export function insertListener(eventId: u32, rank: u32, listener: u32, handle: u32, handleGen: u32): i32 {
  resetFreedSlots();
  if (isHandleStale(handle, handleGen)) return STATUS_STALE_HANDLE;
  ensureEvent(eventId);
  const list = eventListUnchecked(eventId);

  // Duplicate check. A listener is at most once in a list, so the first match decides.
  const length = list.length;
  for (let i: u32 = 0; i < length; i++) {
    const entry = entryAt(list, i);
    if (entry.listener != listener) continue;
    if (!isEntryStale(entry)) return STATUS_DUPLICATE;
    releaseSlot(entry.slot); // the stale one makes way for the new registration
    removeEntryAt(list, i);
    break;
  }

  const position = insertPosition(list, rank);
  // Allocates only if no stale entry made way: a released slot's pair lives
  // where the allocator would bump (freed.ts), and allocateSlot takes that slot back.
  reserveEntry(list);
  const at = list.entries + <usize>position * offsetof<Entry>();
  moveEntries(at + offsetof<Entry>(), at, list.length - position);
  list.length++;

  const slot = allocateSlot(eventId, handle, handleGen);
  const entry = changetype<Entry>(at);
  entry.slot = slot;
  entry.rank = rank;
  entry.listener = listener;
  return <i32>slot;
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
