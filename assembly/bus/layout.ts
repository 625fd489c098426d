// The dispatch table's layout in linear memory: record shapes, wildcards and
// status codes. src/bus/bus-table.ts reads the numbers it needs from these exports, so
// the two sides cannot drift apart silently.

/**
 * One listener registration in an event's ordered list (§9). Its
 * user-data handle and generation live in the slot's SlotRecord, which keeps
 * the ordered list (the part that moves on insert) small. The listener
 * function is a JS matter (§9): JS finds a function's entry by its slot.
 */
@unmanaged
export class Entry {
  /** Index into the JS side's slot arrays (function, user data). */
  slot: u32;
  /** 0 for the core; loadOrder + 1 for a module. Lists are sorted by rank, descending. */
  rank: u32;
}

/** An event's ordered list of entries: one record per interned event id (a BlockList, memory/block-list.ts). */
@unmanaged
export class EventList {
  entries: usize;
  length: u32;
  capacity: u32;
}

/**
 * What the table knows of a slot, so that a slot's state is O(1) to answer.
 * 8 bytes: the user-data handle, which most registrations have none of,
 * lives in a side table (SlotHandle) instead of in every record.
 */
@unmanaged
export class SlotRecord {
  /** The event while in use; the event it was removed from while free. */
  eventId: u32;
  /** Registration serial while in use; 0 while free. Serials are never 0. */
  serial: u32;
}

/**
 * The user-data handle of the registration in a slot, in a sparse side
 * table by slot (state.ts): a range of 1,024 slots gets its records on the
 * first registration in it with a handle. Zero-filled means "no handle".
 */
@unmanaged
export class SlotHandle {
  /** User-data handle index (valid while `gen` is not 0). */
  handle: u32;
  /** The handle's generation when the listener was registered (stale once the handle's moves on); 0: no handle. */
  gen: u32;
}

/** A user-data handle's generation; bumped when its pool is destroyed. */
@unmanaged
export class HandleRecord {
  gen: u32;
  nextFree: u32;
}

// Words per entry, and each field's word offset, for JS views on the lists.
export const ENTRY_WORDS: u32 = <u32>(offsetof<Entry>() >> 2);
export const ENTRY_SLOT: u32 = <u32>(offsetof<Entry>("slot") >> 2);
export const ENTRY_RANK: u32 = <u32>(offsetof<Entry>("rank") >> 2);
// Word offsets of an EventList's fields: JS reads an event's entries in place
// (its list record never moves) to find a function's slot without a call.
export const LIST_ENTRIES: u32 = <u32>(offsetof<EventList>("entries") >> 2);
export const LIST_LENGTH: u32 = <u32>(offsetof<EventList>("length") >> 2);

/**
 * A registration waiting in the pending log (insert.ts): words of one record,
 * and each field's word. JS writes them with typed-array stores; the Wasm
 * applies them, in order, before anything reads or changes the table.
 */
export const PENDING_WORDS: u32 = 6;
export const PENDING_EVENT: u32 = 0;
export const PENDING_RANK: u32 = 1;
export const PENDING_SLOT: u32 = 2;
export const PENDING_SERIAL: u32 = 3;
export const PENDING_HANDLE: u32 = 4;
export const PENDING_HANDLE_GEN: u32 = 5;
/**
 * The rank field of a withdrawn record: the registration was removed while
 * still in the log. Applying it frees its slot (for JS to hand out again)
 * and inserts nothing.
 */
export const PENDING_WITHDRAWN: u32 = 0xffffffff;
/** Records the log holds; JS applies it (one call) when it is full. */
export const PENDING_CAPACITY: u32 = 64;

/** Filter wildcard: matches any event, rank or listener. */
export const ANY: u32 = 0xffffffff;
/** The handle field of a registration without a UserData handle: never stale. */
export const NO_HANDLE: u32 = 0xffffffff;
/** Rank of core listeners (module `null`): after every module, in registration order. */
export const CORE_RANK: u32 = 0;

// slotState results.
export const SLOT_GONE: u32 = 0;
export const SLOT_LIVE: u32 = 1;
export const SLOT_STALE: u32 = 2;
