// A registration: one listener for one event by one module (or the core).
// Its slot and serial name its entry in the Wasm table; whether it is still
// active is always asked of the table, never remembered here.

import type { Registration, Listener } from "./types.js";
import type { Table } from "./table.js";
import type { UserDataImpl } from "./pools.js";

/** Not in the table: an already-aborted registration. */
const NO_SLOT = -1;

export class RegistrationImpl implements Registration {
  slot = NO_SLOT;
  serial = 0;
  /** What the dispatcher calls: the listener itself, or a wrapper that first removes a `once` registration. */
  readonly call: Listener;
  /** Removes the abort listener of `signal`, if any; run when the table frees the slot. */
  #detach: (() => void) | undefined;

  constructor(
    readonly table: Table,
    readonly event: string,
    readonly module: string | null,
    readonly listener: Listener,
    /** What the listener receives: the plain value, or the value a UserData handle holds. */
    readonly userData: unknown,
    /** The handle, when user data came as one (for stale reports). */
    readonly handle: UserDataImpl<unknown> | undefined,
    once: boolean,
  ) {
    this.call = once ? this.#callOnce : listener;
  }

  // §4: `once` removes the registration before its listener runs. An arrow
  // keeps `this`; the listener itself is called through a local so its
  // `this` stays undefined.
  #callOnce = (eventData: unknown, userData: unknown): void => {
    this.unregister();
    const listener = this.listener;
    listener(eventData, userData);
  };

  get active(): boolean {
    return this.slot !== NO_SLOT && this.table.slotState(this.slot, this.serial) === this.table.slotLive;
  }

  unregister(): boolean {
    if (this.slot === NO_SLOT) return false;
    return this.table.remove(this.slot, this.serial);
  }

  [Symbol.dispose](): void {
    this.unregister();
  }

  /** Unregisters when `signal` aborts, until the registration is removed some other way. */
  watch(signal: AbortSignal): void {
    const onAbort = () => this.unregister();
    signal.addEventListener("abort", onAbort, { once: true });
    this.#detach = () => signal.removeEventListener("abort", onAbort);
  }

  /** Called by the table once the Wasm freed this registration's slot. */
  removed(): void {
    this.#detach?.();
    this.#detach = undefined;
  }
}
