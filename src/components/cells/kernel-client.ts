/**
 * The page's side of the kernel: one Web Worker that owns the page's Session. Runs are queued in
 * the worker; Stop terminates the worker (the only way to end `while (true) {}`), which loses the
 * session's state, so the client counts which cells ran in the current kernel.
 */
import { validateWorkerMessage, type KernelRequest } from '~/cells/protocol';
import type { CompiledCell } from '~/cells/compiled';
import type { Output, RunResult } from '~/cells/types';

/** What the client needs of a Worker (a fake in unit tests). */
export interface WorkerLike {
  postMessage(message: KernelRequest): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?: () => void }) => void) | null;
}

/** Why a run ended without a result. */
export class KernelStopped extends Error {
  constructor(readonly reason: 'stopped' | 'restarted' | 'crashed', detail = '') {
    super(
      reason === 'crashed'
        ? `The kernel crashed${detail ? ` (${detail})` : ''} and was restarted: its state was lost. Run the cells above again to restore it.`
        : reason === 'stopped'
          ? 'Stopped. The kernel was shut down, so everything the cells above defined is gone: run them again to restore it.'
          : 'The kernel was restarted: run the cells above again to restore their state.',
    );
    this.name = 'KernelStopped';
  }
}

interface Pending {
  onOutput: (output: Output) => void;
  resolve: (result: RunResult) => void;
  reject: (error: KernelStopped) => void;
  /** Messages the page refused while this run was going. */
  rejected: number;
}

/** What the page is told besides the runs it asked for. */
export interface KernelEvents {
  /** The worker died (an error event): pending runs were rejected, the next run starts a new kernel. */
  onCrash?: (error: KernelStopped) => void;
  /** An error a cell's timer or promise threw after the cell's run had finished. */
  onLate?: (cellId: string, output: Output) => void;
  /** Messages refused while no run was going (one call per message; `count` is the total so far). */
  onRejected?: (count: number) => void;
}

/** The notice a run's outputs end with when the page refused messages during it. */
export function rejectedNotice(count: number): Extract<Output, { kind: 'notice' }> {
  return {
    kind: 'notice',
    text: `The kernel sent ${count === 1 ? 'a message' : `${count} messages`} this page could not accept (not one the page knows, or too large); ${count === 1 ? 'it is' : 'they are'} not shown.`,
  };
}

export class KernelClient {
  private worker: WorkerLike | null = null;
  private nextRunId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Cell id → hash of the code it last ran with, in the current kernel. */
  readonly ran = new Map<string, string>();
  /** Messages from the worker that failed validation: never rendered, told as a notice (see `receive`). */
  rejectedMessages = 0;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly baseUrl: string,
    private readonly events: KernelEvents = {},
  ) {}

  get running(): boolean {
    return this.pending.size > 0;
  }

  private start(): WorkerLike {
    const worker = this.createWorker();
    worker.onmessage = (event) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.shutDown(new KernelStopped('crashed', event.message ?? ''));
      this.events.onCrash?.(new KernelStopped('crashed', event.message ?? ''));
    };
    worker.postMessage({ type: 'init', baseUrl: this.baseUrl });
    this.worker = worker;
    return worker;
  }

  /**
   * A message from the worker. One that fails validation is dropped, and said so: on the run going
   * on (a notice among its outputs, with the count at the end), else through `onRejected`.
   */
  private receive(data: unknown): void {
    const message = validateWorkerMessage(data);
    if (!message) {
      this.rejectedMessages++;
      const running = [...this.pending.values()].at(-1);
      if (!running) this.events.onRejected?.(this.rejectedMessages);
      else if (running.rejected++ === 0) running.onOutput(rejectedNotice(1));
      return;
    }
    switch (message.type) {
      case 'ready':
        return;
      case 'late':
        this.events.onLate?.(message.cellId, message.output);
        return;
      case 'output':
        this.pending.get(message.runId)?.onOutput(message.output);
        return;
      case 'done': {
        const pending = this.pending.get(message.runId);
        if (!pending) return;
        this.pending.delete(message.runId);
        const { result } = message;
        pending.resolve(pending.rejected > 0 ? { ...result, outputs: [...result.outputs, rejectedNotice(pending.rejected)] } : result);
        return;
      }
    }
  }

  /**
   * Runs code in the page's session (starting a kernel if needed); outputs stream to `onOutput`.
   * `compiled`: the build's transform of the chapter's code, for the kernel to skip its own.
   */
  run(cellId: string, code: string, hash: string, onOutput: (output: Output) => void, compiled?: CompiledCell): Promise<RunResult> {
    const worker = this.worker ?? this.start();
    const runId = this.nextRunId++;
    this.ran.set(cellId, hash);
    return new Promise<RunResult>((resolve, reject) => {
      this.pending.set(runId, { onOutput, resolve, reject, rejected: 0 });
      worker.postMessage({ type: 'run', runId, cellId, code, compiled });
    });
  }

  private shutDown(reason: KernelStopped): void {
    this.worker?.terminate();
    this.worker = null;
    this.ran.clear();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(reason);
  }

  /** Ends whatever runs now by terminating the worker; the next run starts a fresh kernel. */
  stop(): void {
    this.shutDown(new KernelStopped('stopped'));
  }

  restart(): void {
    this.shutDown(new KernelStopped('restarted'));
  }
}
