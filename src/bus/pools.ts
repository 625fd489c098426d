// Pools and generation-counted user-data handles (§3, §7). A handle is a
// Wasm handle index plus the generation it was given out at; destroying the
// pool bumps the generation in the Wasm table, so the handle, and every
// registration holding it, is stale forever, even once the index is reused.

import type { Pool, UserData } from "./types.js";
import type { Table } from "./bus-table.js";
import { destroyedPool, invalidPoolTag, permanentPoolDestroy, staleValue } from "./errors.js";

/** What pools need of their bus. */
interface PoolOwner {
  readonly table: Table;
  /** Tag for a pool created without one. */
  nextPoolTag(): string;
  /** A pool ended its handles: caches holding their values must let go. */
  handlesEnded(): void;
}

export class UserDataImpl<T> implements UserData<T> {
  #value: T | undefined;

  constructor(
    readonly owner: PoolOwner,
    readonly pool: PoolImpl,
    readonly index: number,
    readonly generation: number,
    value: T,
  ) {
    this.#value = value;
  }

  get stale(): boolean {
    return this.owner.table.wasm.handleGeneration(this.index) !== this.generation;
  }

  get value(): T {
    if (this.stale) throw staleValue(this.pool.tag);
    return this.#value as T;
  }

  /** The value, for registration (the caller checked staleness). */
  peek(): T {
    return this.#value as T;
  }

  /** Drops the reference so a destroyed pool's data can be collected. */
  release(): void {
    this.#value = undefined;
  }
}

class PoolImpl implements Pool {
  #destroyed = false;
  readonly #children = new Set<PoolImpl>();
  #handles: UserDataImpl<unknown>[] = [];

  constructor(
    readonly owner: PoolOwner,
    readonly parent: PoolImpl | undefined,
    readonly tag: string,
    /** The bus's permanent pool (not its sub-pools): cannot be destroyed. */
    readonly isRoot: boolean,
    /** Called once when this pool is destroyed (the bus forgets restart-scoped pools). */
    private readonly onDestroyed?: (pool: PoolImpl) => void,
  ) {}

  get destroyed(): boolean {
    return this.#destroyed;
  }

  hold<T>(value: T): UserData<T> {
    if (this.#destroyed) throw destroyedPool("hold", this.tag);
    const table = this.owner.table;
    const index = table.allocateHandle();
    const handle = new UserDataImpl(this.owner, this, index, table.wasm.handleGeneration(index), value);
    this.#handles.push(handle as UserDataImpl<unknown>);
    return handle;
  }

  createPool(tag?: string): Pool {
    if (tag !== undefined && typeof tag !== "string") throw invalidPoolTag(tag);
    if (this.#destroyed) throw destroyedPool("createPool", this.tag);
    const child = new PoolImpl(this.owner, this, poolTag(this.owner, tag), false);
    this.#children.add(child);
    return child;
  }

  destroy(): void {
    if (this.isRoot) throw permanentPoolDestroy();
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const child of this.#children) child.destroy();
    this.#children.clear();
    const table = this.owner.table;
    for (const handle of this.#handles) {
      table.endHandle(handle.index);
      handle.release();
    }
    if (this.#handles.length !== 0) this.owner.handlesEnded();
    this.#handles = [];
    if (this.parent !== undefined) this.parent.#children.delete(this);
    this.onDestroyed?.(this);
  }
}

/** The given tag (validated by the caller), or a generated one. */
function poolTag(owner: PoolOwner, tag: string | undefined): string {
  return tag === undefined ? owner.nextPoolTag() : tag;
}

/** A bus's pools: the permanent one, the restart-scoped ones alive, and what every pool needs of the bus. */
export class BusPools implements PoolOwner {
  readonly permanent: PoolImpl;
  /** Top-level restart-scoped pools (from `createPool`) still alive. */
  readonly #restartScoped = new Set<PoolImpl>();
  #count = 0;

  constructor(
    readonly table: Table,
    /** A pool ended its handles: the bus drops the dispatch caches holding their values. */
    readonly handlesEnded: () => void,
  ) {
    this.permanent = new PoolImpl(this, undefined, "permanent", true);
  }

  nextPoolTag(): string {
    return `pool-${++this.#count}`;
  }

  /** `bus.createPool(tag)` (the caller validated `tag`). */
  createRestartScoped(tag: string | undefined): PoolImpl {
    const pool = new PoolImpl(this, undefined, poolTag(this, tag), false, (p) => this.#restartScoped.delete(p));
    this.#restartScoped.add(pool);
    return pool;
  }

  /** The restart-scoped pools alive now: what a restart destroys (not the pools its listeners create). */
  restartScoped(): PoolImpl[] {
    return [...this.#restartScoped];
  }
}
