/**
 * The page's side of the kernel: one Web Worker that owns the page's Session. Runs are queued in
 * the worker; Stop terminates the worker (the only way to end `while (true) {}`), which loses the
 * session's state, so the client counts which cells ran in the current kernel.
 */
import { validateWorkerMessage, type KernelRequest } from '~/cells/protocol';
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
}

export class KernelClient {
  private worker: WorkerLike | null = null;
  private nextRunId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Cell id → hash of the code it last ran with, in the current kernel. */
  readonly ran = new Map<string, string>();
  /** Messages from the worker that failed validation (shown as a notice, never rendered). */
  rejectedMessages = 0;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly baseUrl: string,
    private readonly onCrash: (error: KernelStopped) => void = () => {},
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
      this.onCrash(new KernelStopped('crashed', event.message ?? ''));
    };
    worker.postMessage({ type: 'init', baseUrl: this.baseUrl });
    this.worker = worker;
    return worker;
  }

  private receive(data: unknown): void {
    const message = validateWorkerMessage(data);
    if (!message) {
      this.rejectedMessages++;
      return;
    }
    if (message.type === 'ready') return;
    const pending = this.pending.get(message.runId);
    if (!pending) return;
    if (message.type === 'output') pending.onOutput(message.output);
    else {
      this.pending.delete(message.runId);
      pending.resolve(message.result);
    }
  }

  /** Runs code in the page's session (starting a kernel if needed); outputs stream to `onOutput`. */
  run(cellId: string, code: string, hash: string, onOutput: (output: Output) => void): Promise<RunResult> {
    const worker = this.worker ?? this.start();
    const runId = this.nextRunId++;
    this.ran.set(cellId, hash);
    return new Promise<RunResult>((resolve, reject) => {
      this.pending.set(runId, { onOutput, resolve, reject });
      worker.postMessage({ type: 'run', runId, cellId, code });
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
