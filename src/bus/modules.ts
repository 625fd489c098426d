// Modules and load order (§3, §5). A module's rank in the Wasm table is
// its load order + 1; the core is rank 0, so it sorts after every module.

import type { Module } from "./types.js";
import type { Table } from "./bus-table.js";
import { invalidModule, invalidModuleName, moduleAlreadyLoaded } from "./errors.js";

/** What a module needs of its bus to unload. */
interface ModuleOwner {
  unloadModule(module: ModuleImpl): number;
}

class ModuleImpl implements Module {
  /** "loaded" until unload() starts; "unloading" while core.module-unload runs (still loaded, §4). */
  #state: "loaded" | "unloading" | "unloaded" = "loaded";

  constructor(
    readonly owner: ModuleOwner,
    readonly name: string,
    readonly loadOrder: number,
  ) {}

  /** The module's rank in the Wasm table (the core's is 0). */
  get rank(): number {
    return this.loadOrder + 1;
  }

  /** Still usable in register/unregister: true until unload() has removed its listeners. */
  get loaded(): boolean {
    return this.#state !== "unloaded";
  }

  unload(): number {
    // A second unload, even one from a core.module-unload listener of the first, does nothing.
    if (this.#state !== "loaded") return 0;
    this.#state = "unloading";
    try {
      return this.owner.unloadModule(this);
    } finally {
      this.#state = "unloaded";
    }
  }
}

/** A bus's loaded modules by name, and the load order the next one gets. */
export class LoadedModules implements ModuleOwner {
  readonly #byName = new Map<string, ModuleImpl>();
  #nextLoadOrder = 0;
  readonly #table: Table;
  /** Generates core.module-unload on the bus. */
  readonly #announceUnload: (name: string) => void;
  /** Removes every registration of the module of rank `rank` (exact and pattern ones); returns how many live ones. */
  readonly #removeRegistrations: (rank: number) => number;

  constructor(table: Table, announceUnload: (name: string) => void, removeRegistrations: (rank: number) => number) {
    this.#table = table;
    this.#announceUnload = announceUnload;
    this.#removeRegistrations = removeRegistrations;
  }

  /** `bus.loadModule(name)`. */
  load(name: string): ModuleImpl {
    if (typeof name !== "string" || name === "") throw invalidModuleName(name);
    if (this.#byName.has(name)) throw moduleAlreadyLoaded(name);
    const module = new ModuleImpl(this, name, this.#nextLoadOrder++);
    this.#byName.set(name, module);
    this.#table.moduleNames[module.rank] = name;
    return module;
  }

  unloadModule(module: ModuleImpl): number {
    let failure: { error: unknown } | undefined;
    try {
      this.#announceUnload(module.name);
    } catch (error) {
      failure = { error };
    }
    const removed = this.#removeRegistrations(module.rank);
    this.#byName.delete(module.name);
    if (failure) throw failure.error; // §6: unload finishes its work first
    return removed;
  }
}

/**
 * A module argument of `method`: a loaded Module of the bus `owner`, or null
 * (the core). For filters (`orAny`), undefined is allowed too and means any
 * module. Anything else is EINVAL.
 */
export function checkModule(owner: ModuleOwner, method: string, event: string | undefined, module: unknown, orAny: boolean): ModuleImpl | null {
  if (module === null || (orAny && module === undefined)) return null;
  const eventName = typeof event === "string" ? event : undefined;
  if (!(module instanceof ModuleImpl)) {
    throw invalidModule(method, eventName, module, orAny ? "a Module, null or undefined" : "a Module or null (the core)");
  }
  if (module.owner !== owner) {
    throw invalidModule(method, eventName, `module '${module.name}' of another bus`, "a module of this bus");
  }
  if (!module.loaded) throw invalidModule(method, eventName, `module '${module.name}', unloaded`, "loaded");
  return module;
}
