// The slots the current mutating call released, as (slot, event id) word
// pairs, for JS to clear its slot arrays and drop that event's cached snapshot
// (which would otherwise keep the removed function reachable). Reset at the
// start of each mutating call; JS reads it right after the call.
//
// Where the pairs live: a fixed buffer in static memory, FREED_CAPACITY
// pairs. A removal of more registrations than that (unregister by module, or
// of everything) stops once the buffer is full and JS calls again
// (remove.ts's removeMatching, bus-table.ts's removeMatching): no user code
// runs in between, so the caller sees one removal. So a removal never
// allocates or grows memory, and costs nothing per listener. (Until Dec 2026
// the list lived in the wilderness above the allocator's top, which had to
// keep 8 bytes of reserve per slot in use for an `unregister()` of
// everything: 8 of 38 bytes of Wasm per listener.) A single removal frees
// one slot, and applying the pending log at most PENDING_CAPACITY.

import { PENDING_CAPACITY } from "./layout";

/** Pairs the buffer holds: a batch of a mass removal. */
export const FREED_CAPACITY: u32 = 512;

// Room for the pending log's withdrawn slots and a removal in one call.
assert(FREED_CAPACITY > PENDING_CAPACITY);

/** The pairs, (slot, event id) each, at a fixed address so JS reads them without a call. */
const FREED: usize = memory.data(<i32>(FREED_CAPACITY * 8));
/** Words in the freed list (two per slot), at a fixed address so JS reads it without a call. */
const FREED_WORDS: usize = memory.data(4);

/** Empties the list: JS has read the previous call's pairs. */
export function resetFreedSlots(): void {
  store<u32>(FREED_WORDS, 0);
}

/** Is there room for another pair? A mass removal stops when there is not (JS calls again). */
// @ts-ignore: decorator
@inline export function freedHasRoom(): bool {
  return load<u32>(FREED_WORDS) < FREED_CAPACITY * 2;
}

/** Lists `slot` (of `eventId`) as released. The caller made sure there is room. */
export function noteFreedSlot(slot: u32, eventId: u32): void {
  const words = load<u32>(FREED_WORDS);
  if (words >= FREED_CAPACITY * 2) unreachable(); // callers check freedHasRoom
  const at = FREED + (<usize>words << 2);
  store<u32>(at, slot);
  store<u32>(at, eventId, 4);
  store<u32>(FREED_WORDS, words + 2);
}

/** Address of the freed list's first pair. */
export function freedListAddress(): usize {
  return FREED;
}

/** Address of the word counting the freed list's words: two per freed slot (slot, event id). */
export function freedWordsAddress(): usize {
  return FREED_WORDS;
}
