// What `register` returns: a handle on one entry of the Wasm table, named by
// its slot and the serial the table stamped it with (a reused slot has a new
// serial). Whether it is active is always asked of the table.

import type { Registration } from "./types.js";
import type { Table } from "./bus-table.js";

/** The slot of a registration that never entered the table (its signal was already aborted). */
export const NO_SLOT = -1;

export class RegistrationImpl implements Registration {
  constructor(
    readonly table: Table,
    readonly slot: number,
    readonly serial: number,
  ) {}

  get active(): boolean {
    return this.slot !== NO_SLOT && this.table.slotState(this.slot, this.serial) === this.table.slotLive;
  }

  unregister(): boolean {
    return this.slot !== NO_SLOT && this.table.remove(this.slot, this.serial);
  }

  [Symbol.dispose](): void {
    this.unregister();
  }
}
