// A small job queue written against Node's EventEmitter, as countless
// programs are: it subclasses the class, emits 'job', 'done', 'failed',
// 'drained' and 'listener-failed', and callers wait with events.once(). Switched to
// wasm-events by changing the one import below (from "node:events").
import { EventEmitter, captureRejectionSymbol, once } from "wasm-events/events";

export interface Job {
  readonly id: number;
  readonly name: string;
  readonly run: () => Promise<string>;
}

/** Runs jobs `concurrency` at a time and tells its listeners what happens. */
export class JobQueue extends EventEmitter {
  #pending: Job[] = [];
  #running = 0;
  #nextId = 1;

  constructor(readonly concurrency: number) {
    super({ captureRejections: true });
  }

  /** Queues a job; returns its id. */
  add(name: string, run: () => Promise<string>): number {
    const job = { id: this.#nextId++, name, run };
    this.#pending.push(job);
    this.emit("queued", job);
    queueMicrotask(() => this.#pump());
    return job.id;
  }

  /** A listener's rejected promise (captureRejections) is reported as 'listener-failed', not as 'error'. */
  override [captureRejectionSymbol](error: Error, event: string | symbol): void {
    this.emit("listener-failed", event, error);
  }

  /** Resolves once every queued job has finished. */
  async drained(): Promise<void> {
    if (this.#running === 0 && this.#pending.length === 0) return;
    await once(this, "drained");
  }

  #pump(): void {
    while (this.#running < this.concurrency && this.#pending.length > 0) {
      const job = this.#pending.shift()!;
      this.#running++;
      this.emit("job", job);
      job.run().then(
        (result) => this.emit("done", job, result),
        (error: unknown) => this.emit("failed", job, error),
      ).finally(() => {
        this.#running--;
        if (this.#running === 0 && this.#pending.length === 0) this.emit("drained");
        else this.#pump();
      });
    }
  }
}
