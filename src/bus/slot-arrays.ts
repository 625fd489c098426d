// The bus table's per-slot JavaScript side (§9: the Wasm table holds order
// and membership; JS holds what a slot's registration calls and passes):
// the functions, user data and handles by slot, the module names by rank,
// and the `once`, pattern and signal bookkeeping. Table (bus-table.ts,
// which extends this through listener-identity.ts) hands out the slots and
// fills and clears these around its Wasm calls.

import type { Listener } from "./types.js";
import type { HeldHandle } from "./table-shapes.js";

export abstract class SlotArrays {
  // Per-slot arrays, filled when a slot is handed out and cleared when the
  // Wasm frees it. Parallel arrays rather than an object per registration: a
  // listener costs a few array elements on the JS heap.
  /** What the dispatcher calls: the listener, or for `once` a wrapper that first removes the registration. */
  readonly calls: (Listener | undefined)[] = [];
  /** Plain user data as registered (undefined past the array's end, and for handles). */
  readonly userData: unknown[] = [];
  /** The UserData handle a registration's user data came as, if it did (sparse like `userData`). */
  readonly handles: (HeldHandle | undefined)[] = [];
  /** Module names by rank (a module's rank is its load order + 1; rank 0, the core, is null). */
  readonly moduleNames: (string | null)[] = [null];
  /** `once` registrations' listeners (their `calls` entry is the wrapper). */
  readonly #onceListeners = new Map<number, Listener>();
  /**
   * Pattern registrations' listeners, by slot (§13): their `calls` entry
   * passes the event name too. Not in `#onceListeners`, so the duplicate
   * check of an exact registration never finds them.
   */
  readonly #patternListeners = new Map<number, Listener>();
  /** Removers of the abort listener of registrations made with a signal. */
  readonly #detachers = new Map<number, () => void>();
  // Their sizes, kept here: a Map's `size` is a call into the engine, and
  // the mutation path asks on every registration and removal.
  #onceCount = 0;
  #detacherCount = 0;
  #patternSlotCount = 0;

  /** The `once` registrations' listeners by slot, or undefined while there are none (the common case: no lookups). */
  protected onceListeners(): Map<number, Listener> | undefined {
    return this.#onceCount !== 0 ? this.#onceListeners : undefined;
  }

  /** Removes one registration (the table's); true if it was live. */
  abstract remove(slot: number, serial: number): boolean;

  /**
   * Fills `slot`'s elements for a new registration. Plain `userData` is kept
   * as given; a handle is kept as the handle (valueOf reads what it holds).
   */
  protected keep(slot: number, serial: number, listener: Listener, userData: unknown, handle: HeldHandle | undefined, once: boolean): void {
    this.calls[slot] = once ? this.#onceWrapper(slot, serial, listener) : listener;
    if (once) {
      this.#onceListeners.set(slot, listener);
      this.#onceCount++;
    }
    // Most registrations have no user data: these arrays only grow to the
    // highest slot that had some (reads past their end are undefined).
    const value = handle === undefined ? userData : undefined;
    if (value !== undefined || slot < this.userData.length) this.userData[slot] = value;
    if (handle !== undefined || slot < this.handles.length) this.handles[slot] = handle;
  }

  // §4: `once` removes the registration before its listener runs. The
  // listener is called through a local, so its `this` stays undefined; what
  // it returns is passed on (a promise is watched, §6, or awaited, §14).
  #onceWrapper(slot: number, serial: number, listener: Listener): Listener {
    return (eventData, userData) => {
      this.remove(slot, serial);
      return listener(eventData, userData);
    };
  }

  /** Marks `slot` a pattern registration's, whose function is `listener` (§13). */
  protected keepPatternListener(slot: number, listener: Listener): void {
    this.#patternListeners.set(slot, listener);
    this.#patternSlotCount++;
  }

  /** Does `slot` hold a pattern registration's entry (§13)? */
  isPatternSlot(slot: number): boolean {
    return this.#patternSlotCount !== 0 && this.#patternListeners.has(slot);
  }

  /** The listener function registered in `slot` (valid while the slot is in use). */
  listenerOf(slot: number): Listener {
    // Most tables hold no `once` or pattern registration: skip the map lookups then.
    return (this.#onceCount !== 0 ? this.#onceListeners.get(slot) : undefined) ??
      (this.#patternSlotCount !== 0 ? this.#patternListeners.get(slot) : undefined) ?? this.calls[slot]!;
  }

  /** Unregisters `slot` when `signal` aborts, unless it is removed some other way first. */
  watch(slot: number, serial: number, signal: AbortSignal): void {
    const onAbort = () => this.remove(slot, serial);
    signal.addEventListener("abort", onAbort, { once: true });
    this.#detachers.set(slot, () => signal.removeEventListener("abort", onAbort));
    this.#detacherCount++;
  }

  /** The handle a slot's user data came as, if it came as one. */
  handleOf(slot: number): HeldHandle | undefined {
    return this.handles[slot];
  }

  /** What the listener in `slot` receives: the plain value, or the value its handle holds. */
  valueOf(slot: number): unknown {
    const handle = this.handles[slot];
    return handle === undefined ? this.userData[slot] : handle.peek();
  }

  /** Drops a removed registration's references, so its listener and data can be collected. */
  protected release(slot: number): void {
    this.calls[slot] = undefined;
    if (slot < this.userData.length) this.userData[slot] = undefined;
    if (slot < this.handles.length) this.handles[slot] = undefined;
    // Most registrations have neither `once` nor a signal: skip the map lookups then.
    if (this.#onceCount !== 0 && this.#onceListeners.delete(slot)) this.#onceCount--;
    if (this.#patternSlotCount !== 0 && this.#patternListeners.delete(slot)) this.#patternSlotCount--;
    if (this.#detacherCount !== 0) {
      const detach = this.#detachers.get(slot);
      if (detach !== undefined) {
        this.#detachers.delete(slot);
        this.#detacherCount--;
        detach();
      }
    }
  }
}
