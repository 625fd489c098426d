// What the bus table (bus-table.ts) exchanges with the rest of the bus, as
// plain shapes, so that the table imports neither the pools nor the dispatch
// side: a user-data handle, an interned event's pending-log bookkeeping, and
// the reader of an event's entries in Wasm memory.

/**
 * A user-data handle as the table sees it (pools.ts's UserDataImpl): the
 * Wasm handle it names, and the value it holds. The table never imports the
 * pools, which hand it these.
 */
export interface HeldHandle {
  readonly index: number;
  readonly generation: number;
  readonly pool: { readonly tag: string };
  /** The held value (valid while the handle is live). */
  peek(): unknown;
}

/**
 * What the table keeps on an interned event (EventState has these fields;
 * the table never imports the dispatch side): where its list record is, and
 * how many of its registrations are still in the pending log.
 */
export interface LoggedEvent {
  readonly eventId: number;
  /** Word index of the event's list record in Wasm memory (fixed): where JS reads its entries in place (attach). */
  listAt: number;
  /**
   * The pending log's apply count when this event last wrote a record into
   * it, and how many of its records in that log are not withdrawn: while
   * the count is current and this is not 0, the duplicate check must look
   * in the log too.
   */
  pendingMark: number;
  pendingLive: number;
}

/** Reads one event's entries where the Wasm keeps them (one reader per table, reused). */
export class EntryReader {
  u32: Uint32Array = new Uint32Array(0);
  start = 0;
  length = 0;
  constructor(
    readonly words: number,
    readonly slotField: number,
    readonly rankField: number,
  ) {}

  slot(i: number): number {
    return this.u32[this.start + i * this.words + this.slotField];
  }

  rank(i: number): number {
    return this.u32[this.start + i * this.words + this.rankField];
  }
}
