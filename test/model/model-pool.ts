// The model's pools and user-data handles (§3). No slots, no generation
// counters: a handle simply points at its pool, and is stale iff that pool is
// destroyed. That is the property the library's generations must implement.

import { fail } from "./model-errors.js";

/** Who made a pool: the bus it belongs to, and how it names untagged pools. */
export interface PoolOwner {
  nextPoolTag(): string;
}

export class ModelPool {
  #destroyed = false;
  readonly children: ModelPool[] = [];

  constructor(
    readonly owner: PoolOwner,
    readonly tag: string,
    /** Only `bus.permanentPool` itself; its sub-pools are ordinary pools. */
    readonly isPermanentRoot: boolean,
    /** From `bus.createPool` or below it: destroyed by a restart. */
    readonly restartScoped: boolean,
  ) {}

  get destroyed(): boolean {
    return this.#destroyed;
  }

  hold(value: unknown): ModelUserData {
    if (this.#destroyed) fail("ESTALE", `hold: pool '${this.tag}' was destroyed`);
    return new ModelUserData(this, value);
  }

  createPool(tag?: unknown): ModelPool {
    if (tag !== undefined && typeof tag !== "string") fail("EINVAL", "createPool: the tag must be a string");
    if (this.#destroyed) fail("ESTALE", `createPool: pool '${this.tag}' was destroyed`);
    const child = new ModelPool(this.owner, (tag as string | undefined) ?? this.owner.nextPoolTag(), false, this.restartScoped);
    this.children.push(child);
    return child;
  }

  destroy(): void {
    if (this.isPermanentRoot) fail("EINVAL", "destroy: the permanent pool cannot be destroyed");
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const child of this.children) child.destroy();
  }
}

export class ModelUserData {
  constructor(
    readonly pool: ModelPool,
    readonly held: unknown,
  ) {}

  get stale(): boolean {
    return this.pool.destroyed;
  }

  get value(): unknown {
    if (this.stale) fail("ESTALE", `UserData.value: pool '${this.pool.tag}' was destroyed`);
    return this.held;
  }
}
