// A reference model of §3-§7 and §10 in plain JavaScript arrays, for the
// random-operation test (simple-model.test.ts): modules and load order, pools
// and stale handles, ordered registrations, filtered removal, once, generate
// (not nested), listening, dump and restart. Deliberately simple and slow.

export interface ModelPool {
  id: number;
  tag: string;
  parent: ModelPool | null;
  /** Top-level restart-scoped pools are destroyed by restart; the permanent tree is not. */
  permanent: boolean;
  destroyed: boolean;
  children: ModelPool[];
}

export interface ModelHandle {
  pool: ModelPool;
  value: unknown;
}

export interface ModelRegistration {
  id: number;
  event: string;
  module: string | null;
  /** Rank at registration: loadOrder + 1, or 0 for the core. */
  rank: number;
  fn: number;
  handle: ModelHandle | undefined;
  value: unknown;
  seq: number;
  once: boolean;
  removed: boolean;
}

export interface ModelCall {
  fn: number;
  data: unknown;
  userData: unknown;
}

export interface ModelStaleReport {
  event: string;
  module: string | null;
  pool: string;
}

export class Model {
  modules = new Map<string, number>(); // loaded module name -> loadOrder
  nextLoadOrder = 0;
  registrations: ModelRegistration[] = [];
  everRegistered: string[] = [];
  readonly permanentPool: ModelPool = { id: 0, tag: "permanent", parent: null, permanent: true, destroyed: false, children: [] };
  topLevelRestartPools: ModelPool[] = [];
  generation = 0;
  #seq = 0;

  isStale(reg: ModelRegistration): boolean {
    return reg.handle !== undefined && reg.handle.pool.destroyed;
  }

  isLive(reg: ModelRegistration): boolean {
    return !reg.removed && !this.isStale(reg);
  }

  loadModule(name: string): number {
    const order = this.nextLoadOrder++;
    this.modules.set(name, order);
    return order;
  }

  /** Removes the module's registrations; returns the live count. */
  unload(name: string): number {
    const removed = this.removeWhere((r) => r.module === name);
    this.modules.delete(name);
    return removed;
  }

  /** The live registration of `fn` for `event`, if any (EEXIST). */
  duplicateOf(event: string, fn: number): ModelRegistration | undefined {
    return this.registrations.find((r) => !r.removed && r.event === event && r.fn === fn && !this.isStale(r));
  }

  register(module: string | null, event: string, fn: number, handle: ModelHandle | undefined, value: unknown, once: boolean): ModelRegistration {
    // §7: a stale registration of the same listener is replaced silently.
    for (const r of this.registrations) if (!r.removed && r.event === event && r.fn === fn) r.removed = true;
    const rank = module === null ? 0 : this.modules.get(module)! + 1;
    const reg: ModelRegistration = { id: this.#seq, event, module, rank, fn, handle, value, seq: this.#seq++, once, removed: false };
    this.registrations.push(reg);
    if (!this.everRegistered.includes(event)) this.everRegistered.push(event);
    return reg;
  }

  /** Removes every matching registration (stale ones silently); returns the live count. */
  removeWhere(match: (r: ModelRegistration) => boolean): number {
    let live = 0;
    for (const r of this.registrations) {
      if (r.removed || !match(r)) continue;
      if (!this.isStale(r)) live++;
      r.removed = true;
    }
    return live;
  }

  /** §5: ranks descending; a module's newest first; the core's oldest first. */
  ordered(event: string): ModelRegistration[] {
    return this.registrations
      .filter((r) => !r.removed && r.event === event)
      .sort((a, b) => (a.rank !== b.rank ? b.rank - a.rank : a.rank === 0 ? a.seq - b.seq : b.seq - a.seq));
  }

  generate(event: string, data: unknown, calls: ModelCall[], reports: ModelStaleReport[]): void {
    for (const r of this.ordered(event)) {
      if (r.removed) continue;
      if (this.isStale(r)) {
        r.removed = true;
        reports.push({ event, module: r.module, pool: r.handle!.pool.tag });
        continue;
      }
      if (r.once) r.removed = true;
      calls.push({ fn: r.fn, data, userData: r.value });
    }
  }

  /** Listener functions running, per event (§6 re-entrancy is by function, README 7). */
  #running = new Map<string, number[]>();

  /**
   * §6 dispatch with nesting: the snapshot taken at the start is walked;
   * removed registrations are skipped, listeners running for this event in an
   * enclosing dispatch are skipped (stale or not: no report), stale ones are
   * reported and removed, `once` ones removed before their call. `call` may
   * change the model and generate again.
   */
  generateNested(event: string, call: (reg: ModelRegistration) => void, report: (r: ModelStaleReport) => void): void {
    const running = this.#running.get(event) ?? [];
    this.#running.set(event, running);
    for (const r of this.ordered(event)) {
      if (r.removed || running.includes(r.fn)) continue;
      if (this.isStale(r)) {
        r.removed = true;
        report({ event, module: r.module, pool: r.handle!.pool.tag });
        continue;
      }
      if (r.once) r.removed = true;
      running.push(r.fn);
      try {
        call(r);
      } finally {
        running.splice(running.lastIndexOf(r.fn), 1);
      }
    }
  }

  listening(event: string): number {
    return this.registrations.filter((r) => r.event === event && this.isLive(r)).length;
  }

  dump(): string[] {
    if (this.everRegistered.length === 0) return ["No events registered"];
    const lines: string[] = [];
    for (const event of this.everRegistered) {
      const live = this.ordered(event).filter((r) => !this.isStale(r));
      if (live.length === 0) lines.push(`No handlers registered for '${event}'`);
      else lines.push(`Registered for '${event}':`, ...live.map((r) => `  ${r.module ?? "(core)"}`));
    }
    return lines;
  }

  createPool(parent: ModelPool | null, id: number, tag: string): ModelPool {
    const pool: ModelPool = { id, tag, parent, permanent: parent?.permanent ?? false, destroyed: false, children: [] };
    if (parent === null) this.topLevelRestartPools.push(pool);
    else parent.children.push(pool);
    return pool;
  }

  destroyPool(pool: ModelPool): void {
    if (pool.destroyed) return;
    pool.destroyed = true;
    for (const child of pool.children) this.destroyPool(child);
  }

  restart(): void {
    for (const pool of this.topLevelRestartPools) this.destroyPool(pool);
    this.topLevelRestartPools = [];
    this.generation++;
  }
}
