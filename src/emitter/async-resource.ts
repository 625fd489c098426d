// EventEmitterAsyncResource (where node:async_hooks exists): an EventEmitter
// whose listeners run in the async context of the resource it owns, made
// lazily on first access as Node does. Undefined on hosts without async_hooks.

import { invalidArgType } from "./node-errors.js";
import { builtin } from "./host.js";

let made: unknown;

/** The class, built on first use over `EventEmitter`; undefined where async_hooks is missing. */
export function eventEmitterAsyncResource(EventEmitter: any): any {
  if (made !== undefined) return made;
  const asyncHooks = builtin("async_hooks");
  if (asyncHooks === undefined) return undefined;
  const { AsyncResource } = asyncHooks;

  class EventEmitterReferencingAsyncResource extends AsyncResource {
    readonly #eventEmitter: unknown;
    constructor(ee: unknown, type: string, options?: object) {
      super(type, options);
      this.#eventEmitter = ee;
    }
    get eventEmitter(): unknown {
      return this.#eventEmitter;
    }
  }

  class EventEmitterAsyncResource extends EventEmitter {
    readonly #asyncResource: any;
    constructor(options?: string | { name?: string; captureRejections?: boolean }) {
      let name: string;
      if (typeof options === "string") {
        name = options;
        options = undefined;
      } else {
        if (new.target === EventEmitterAsyncResource && typeof options?.name !== "string") {
          throw invalidArgType("options.name", "string", options?.name);
        }
        name = options?.name || new.target.name;
      }
      super(options);
      this.#asyncResource = new EventEmitterReferencingAsyncResource(this, name, options as object | undefined);
    }
    /** Emits in the resource's async context. */
    emit(event: string | symbol, ...args: unknown[]): boolean {
      const resource = this.#asyncResource;
      return resource.runInAsyncScope(super.emit, this, event, ...args);
    }
    emitDestroy(): void {
      this.#asyncResource.emitDestroy();
    }
    get asyncId(): number {
      return this.#asyncResource.asyncId();
    }
    get triggerAsyncId(): number {
      return this.#asyncResource.triggerAsyncId();
    }
    get asyncResource(): unknown {
      return this.#asyncResource;
    }
  }
  return (made = EventEmitterAsyncResource);
}
