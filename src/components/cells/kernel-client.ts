/**
 * The page's side of the kernel: one Web Worker that owns the page's Session. Runs are queued in
 * the worker; Stop terminates the worker (the only way to end `while (true) {}`), which loses the
 * session's state, so the client counts which cells ran in the current kernel.
 *
 * The kernel's state comes only from the private port the runner holds (see ~/cells/protocol):
 * a run is accepted, streams outputs, is done; a ping is answered. A kernel that does not answer
 * within ANSWER_MS (closed by a cell, or stuck in code that never yields) is reported, and Stop or
 * Restart starts a fresh one. Whatever a cell posts on the worker's global channel is refused, and
 * a cell that floods that channel has its kernel stopped, so the page stays responsive. What the
 * page keeps of one run is bounded too (MAX_RUN_OUTPUTS, MAX_RUN_CHARS).
 */
import type { CompiledCell } from '~/cells/compiled';
import type { ControlValues } from '~/cells/controls';
import { validateWorkerMessage, type KernelInit, type KernelRequest } from '~/cells/protocol';
import type { Output, RunResult } from '~/cells/types';

/** The page's end of the kernel's channel (a MessagePort; a fake in unit tests). */
export interface PortLike {
  postMessage(message: KernelRequest): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

/** What the client needs of a Worker (a fake in unit tests). */
export interface WorkerLike {
  postMessage(message: KernelInit, transfer: unknown[]): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?: () => void }) => void) | null;
}

/** How long the kernel may take to accept a run or answer a ping before the page says it is not answering. */
export const ANSWER_MS = 5_000;
/** Messages a kernel may post on its global channel (never shown) during one run and after it, before it is stopped as a flood. */
export const MAX_FORGED = 50;
/** Most outputs, and characters of them, the page keeps of one run (the runner's own caps are far lower). */
export const MAX_RUN_OUTPUTS = 1_000;
export const MAX_RUN_CHARS = 4_000_000;

/** Why a run ended without a result. */
export class KernelStopped extends Error {
  constructor(readonly reason: 'stopped' | 'restarted' | 'crashed' | 'flooded', detail = '') {
    super(
      reason === 'crashed'
        ? `The kernel crashed${detail ? ` (${detail})` : ''} and was restarted: its state was lost. Run the cells above again to restore it.`
        : reason === 'flooded'
          ? `The code posted more than ${MAX_FORGED} messages straight to the page (the page listens only to its runner), so the kernel was stopped to keep the page responsive: its state was lost. Run the cells above again to restore it.`
          : reason === 'stopped'
            ? 'Stopped. The kernel was shut down, so everything the cells above defined is gone: run them again to restore it.'
            : 'The kernel was restarted: run the cells above again to restore their state.',
    );
    this.name = 'KernelStopped';
  }
}

interface Pending {
  cellId: string;
  onOutput: (output: Output) => void;
  resolve: (result: RunResult) => void;
  reject: (error: KernelStopped) => void;
  /** Messages the page refused while this run was going. */
  rejected: number;
  accepted: boolean;
  /** Outputs and characters kept of this run; ids seen (a replacement adds nothing). */
  kept: number;
  chars: number;
  ids: Set<string>;
  dropped: number;
}

/** What the page is told besides the runs it asked for. */
export interface KernelEvents {
  /** The worker died (an error event) or was stopped for flooding: pending runs were rejected, the next run starts a new kernel. */
  onCrash?: (error: KernelStopped) => void;
  /** What a cell's timer or promise printed or threw after the cell's run had finished. */
  onLate?: (cellId: string, output: Output) => void;
  /** Messages refused while no run was going (one call per message; `count` is the total so far). */
  onRejected?: (count: number) => void;
  /**
   * The kernel did not answer within ANSWER_MS: idle (`cellId` null), before accepting the run of
   * `cellId` (`started` false), or during that run (`started`: it may be computing, or closed).
   */
  onUnresponsive?: (silence: { cellId: string | null; started: boolean }) => void;
  /** A kernel reported as not answering has answered after all. */
  onAnswering?: () => void;
}

/** The notice a run's outputs end with when the page refused messages during it. */
export function rejectedNotice(count: number): Extract<Output, { kind: 'notice' }> {
  return {
    kind: 'notice',
    text: `The kernel sent ${count === 1 ? 'a message' : `${count} messages`} this page could not accept (not one the page knows, too large, or not from the runner); ${count === 1 ? 'it is' : 'they are'} not shown.`,
  };
}

function droppedNotice(count: number): Extract<Output, { kind: 'notice' }> {
  return { kind: 'notice', text: `This run sent more than the page keeps (${MAX_RUN_OUTPUTS} outputs, ${MAX_RUN_CHARS.toLocaleString('en-US')} characters); ${count} later outputs are not shown.` };
}

function sizeOf(output: Output): number {
  switch (output.kind) {
    case 'log':
    case 'value':
    case 'notice':
      return output.text.length;
    case 'svg':
      return output.svg.length;
    case 'error':
      return output.message.length;
    default:
      return 100;
  }
}

export class KernelClient {
  private worker: WorkerLike | null = null;
  private port: PortLike | null = null;
  private ready = false;
  private nextRunId = 1;
  private nextPing = 1;
  private readonly pending = new Map<number, Pending>();
  /** The timer waiting for the kernel to answer (a run accepted, a pong), and whether it already ran out. */
  private watch: ReturnType<typeof setTimeout> | null = null;
  /** While a run goes on, the next ping (each answer puts it off). */
  private heartbeat: ReturnType<typeof setTimeout> | null = null;
  private silent = false;
  /** Messages the kernel posted on its global channel since the latest run began. */
  private forged = 0;
  /** Cell id → hash of the code it last ran with, in the current kernel. */
  readonly ran = new Map<string, string>();
  /** Messages from the worker that were refused: never rendered, told as a notice (see `refuse`). */
  rejectedMessages = 0;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly baseUrl: string,
    private readonly events: KernelEvents = {},
    private readonly createChannel: () => { port1: PortLike; port2: unknown } = () => new MessageChannel() as never,
  ) {}

  get running(): boolean {
    return this.pending.size > 0;
  }

  /** Whether a kernel exists now (none before the first run, and after Stop, Restart, a crash or a flood). */
  get started(): boolean {
    return this.worker !== null;
  }

  /** True after the kernel failed to answer in time, until it answers again. */
  get unresponsive(): boolean {
    return this.silent;
  }

  private start(): void {
    const worker = this.createWorker();
    const { port1, port2 } = this.createChannel();
    port1.onmessage = (event) => this.receive(event.data);
    // The global channel is the cells' to post on, never the runner's: nothing on it is believed.
    worker.onmessage = () => this.forgedMessage();
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.crash(new KernelStopped('crashed', event.message ?? ''));
    };
    worker.postMessage({ type: 'init', baseUrl: this.baseUrl }, [port2]);
    this.worker = worker;
    this.port = port1;
    this.ready = false;
    this.forged = 0;
  }

  private crash(reason: KernelStopped): void {
    this.shutDown(reason);
    this.events.onCrash?.(reason);
  }

  /** Tells of a refused message: on the run going on (a notice among its outputs, with the count at the end), else through `onRejected`. */
  private refuse(): void {
    this.rejectedMessages++;
    const running = [...this.pending.values()].at(-1);
    if (!running) this.events.onRejected?.(this.rejectedMessages);
    else if (running.rejected++ === 0) running.onOutput(rejectedNotice(1));
  }

  private forgedMessage(): void {
    if (++this.forged > MAX_FORGED) {
      this.crash(new KernelStopped('flooded'));
      return;
    }
    this.refuse();
  }

  /** Waits ANSWER_MS for the kernel's next word; without one, says it is not answering. */
  private expectAnswer(): void {
    if (this.watch !== null) return;
    this.watch = setTimeout(() => {
      this.watch = null;
      this.silent = true;
      const running = [...this.pending.values()].at(0);
      this.events.onUnresponsive?.({ cellId: running?.cellId ?? null, started: running?.accepted ?? false });
    }, ANSWER_MS);
  }

  private answered(): void {
    if (this.watch !== null) clearTimeout(this.watch);
    this.watch = null;
    if (this.silent) {
      this.silent = false;
      this.events.onAnswering?.();
    }
    // A run that goes on is asked again later: a cell that closed the kernel mid-run says nothing more.
    if (this.heartbeat !== null) clearTimeout(this.heartbeat);
    this.heartbeat = this.running ? setTimeout(() => this.ping(), ANSWER_MS) : null;
  }

  private ping(): void {
    if (this.heartbeat !== null) clearTimeout(this.heartbeat);
    this.heartbeat = null;
    this.port?.postMessage({ type: 'ping', id: this.nextPing++ });
    this.expectAnswer();
  }

  /** An output of a run, kept unless the run already sent more than the page keeps. */
  private accept(pending: Pending, output: Output): void {
    const id = 'id' in output ? output.id : undefined;
    const replacing = id !== undefined && pending.ids.has(id);
    if (!replacing) {
      if (pending.kept >= MAX_RUN_OUTPUTS || pending.chars + sizeOf(output) > MAX_RUN_CHARS) {
        if (pending.dropped++ === 0) pending.onOutput(droppedNotice(1));
        return;
      }
      pending.kept++;
      pending.chars += sizeOf(output);
      if (id !== undefined) pending.ids.add(id);
    }
    pending.onOutput(output);
  }

  /** A message on the kernel's port: validated (a refused one is told, see `refuse`), and proof that the kernel answers. */
  private receive(data: unknown): void {
    const message = validateWorkerMessage(data);
    if (!message) {
      this.refuse();
      return;
    }
    this.answered();
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        if (this.running) this.expectAnswer();
        return;
      }
      case 'accepted': {
        const pending = this.pending.get(message.runId);
        if (pending) pending.accepted = true;
        return;
      }
      case 'pong':
        return;
      case 'late':
        this.events.onLate?.(message.cellId, message.output);
        return;
      case 'outputs': {
        const pending = this.pending.get(message.runId);
        if (pending) for (const output of message.outputs) this.accept(pending, output);
        return;
      }
      case 'done': {
        const pending = this.pending.get(message.runId);
        if (!pending) return;
        this.pending.delete(message.runId);
        const { result } = message;
        const notices = [
          ...(pending.dropped > 0 ? [droppedNotice(pending.dropped)] : []),
          ...(pending.rejected > 0 ? [rejectedNotice(pending.rejected)] : []),
        ];
        const outputs = result.outputs.length > MAX_RUN_OUTPUTS ? result.outputs.slice(0, MAX_RUN_OUTPUTS) : result.outputs;
        pending.resolve(notices.length > 0 || outputs !== result.outputs ? { ...result, outputs: [...outputs, ...notices] } : result);
        // A kernel that a cell closed, or left in an endless promise chain, says done and then nothing more.
        this.ping();
        return;
      }
    }
  }

  /**
   * Runs code in the page's session (starting a kernel if needed); outputs stream to `onOutput`.
   * `compiled`: the build's transform of the chapter's code, for the kernel to skip its own;
   * `controls`: the values the reader set on the cell's controls.
   */
  run(cellId: string, code: string, hash: string, onOutput: (output: Output) => void, compiled?: CompiledCell, controls?: ControlValues): Promise<RunResult> {
    if (!this.worker) this.start();
    const runId = this.nextRunId++;
    this.ran.set(cellId, hash);
    // The flood limit is per run (and the time after it): a cell that posts now and then is refused, not stopped.
    this.forged = 0;
    return new Promise<RunResult>((resolve, reject) => {
      this.pending.set(runId, { cellId, onOutput, resolve, reject, rejected: 0, accepted: false, kept: 0, chars: 0, ids: new Set(), dropped: 0 });
      this.port!.postMessage({ type: 'run', runId, cellId, code, compiled, controls });
      // Until the kernel is ready it is loading, not silent; `ready` starts the wait.
      if (this.ready) this.expectAnswer();
    });
  }

  private shutDown(reason: KernelStopped): void {
    if (this.worker) this.worker.onmessage = null;
    this.worker?.terminate();
    this.port?.close();
    this.worker = null;
    this.port = null;
    if (this.watch !== null) clearTimeout(this.watch);
    if (this.heartbeat !== null) clearTimeout(this.heartbeat);
    this.watch = null;
    this.heartbeat = null;
    this.silent = false;
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
