/**
 * The kernel: a module worker that runs a page's cells with the same runner as the build. It
 * registers fetch as the engine's asset loader (MNIST and the reference cases come from the site).
 *
 * It speaks to the page only on the port the page hands over in its first message (see
 * ~/cells/protocol): cells can post on the worker's global channel, or replace `postMessage`, but
 * they cannot reach this port or the function it is called with, so what the page hears on it
 * (a run accepted, its outputs, done, an answer to a ping) is the runner's own word.
 */
import { defaultModules } from '~/cells/modules';
import type { KernelInit, KernelMessage, KernelRequest } from '~/cells/protocol';
import { Session } from '~/cells/runner';
import type { Output } from '~/cells/types';
import { setAssetLoader } from '~/lib/data/assets';

/** Taken before any cell runs: a bound function does not look `postMessage` up again. */
const postOn = Function.prototype.call.bind(MessagePort.prototype.postMessage) as (port: MessagePort, message: KernelMessage) => void;
const now = performance.now.bind(performance);
const later = setTimeout.bind(globalThis);
const cancel = clearTimeout.bind(globalThis);

/** Outputs of a run are sent at most this often, as one message (a loop printing a million lines is 20 messages a second). */
const BATCH_MS = 50;

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<KernelInit>) => void) | null;
  addEventListener(type: 'error' | 'unhandledrejection', listener: (event: Event) => void): void;
};

let port: MessagePort | null = null;
let session: Promise<Session> | null = null;

function send(message: KernelMessage): void {
  if (port) postOn(port, message);
}

/**
 * Errors a cell's timers or promises throw after its run: sent for the page to show on the cell
 * they belong to (the session traces them, see `Session.late`).
 */
function reportLate(thrown: unknown, rejection: boolean): void {
  void session
    ?.then((s) => s.reportThrown(thrown, rejection))
    // A thrown value that cannot even be described must not become an unhandled rejection of its own (and loop).
    .catch(() => undefined);
}
scope.addEventListener('error', (event) => {
  event.preventDefault();
  const { error, message } = event as ErrorEvent;
  reportLate(error ?? message, false);
});
scope.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  reportLate((event as PromiseRejectionEvent).reason, true);
});

/** A run's outputs since the last batch was sent; a later output with an id replaces an earlier one in it. */
function batcher(runId: number): { add: (output: Output) => void; flush: () => void } {
  let batch: Output[] = [];
  let sent = now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer !== null) cancel(timer);
    timer = null;
    sent = now();
    if (batch.length === 0) return;
    const outputs = batch;
    batch = [];
    send({ type: 'outputs', runId, outputs });
  };
  const add = (output: Output) => {
    const id = 'id' in output ? output.id : undefined;
    let at = -1;
    if (id !== undefined) for (let i = 0; i < batch.length; i++) if ((batch[i] as { id?: string }).id === id) at = i;
    if (at >= 0) batch[at] = output;
    else batch[batch.length] = output;
    // A loop that never yields still gets its outputs out (the check is here, not only in a timer);
    // the timer sends the last ones when the cell goes quiet.
    if (now() - sent >= BATCH_MS) flush();
    else timer ??= later(flush, BATCH_MS);
  };
  return { add, flush };
}

async function handle(request: KernelRequest): Promise<void> {
  if (request.type === 'ping') {
    send({ type: 'pong', id: request.id });
    return;
  }
  if (request.type !== 'run' || !session) return;
  send({ type: 'accepted', runId: request.runId });
  const batch = batcher(request.runId);
  try {
    const s = await session;
    const result = await s.run(request.code, { cellId: request.cellId, compiled: request.compiled, controls: request.controls, onOutput: batch.add });
    batch.flush();
    send({ type: 'done', runId: request.runId, result });
  } catch (error) {
    // The runner ends every run with a result; should it fail itself, the page still hears of the run's end.
    batch.flush();
    const message = error instanceof Error ? error.message : String(error);
    send({ type: 'done', runId: request.runId, result: { status: 'error', outputs: [{ kind: 'error', name: 'RunnerError', message: `the runner failed: ${message.slice(0, 2000)}` }] } });
  }
}

scope.onmessage = async (event) => {
  const request = event.data;
  if (request.type !== 'init' || port || !event.ports[0]) return;
  port = event.ports[0];
  port.onmessage = (message: MessageEvent<KernelRequest>) => void handle(message.data);
  const base = request.baseUrl.endsWith('/') ? request.baseUrl : `${request.baseUrl}/`;
  setAssetLoader(async (name) => {
    const response = await fetch(new URL(name, new URL(base, location.origin)));
    if (!response.ok) throw new Error(`asset ${name}: the server answered ${response.status} ${response.statusText}`);
    return response.arrayBuffer();
  });
  session = defaultModules().then((modules) => new Session({ modules, onLate: (cellId, output) => send({ type: 'late', cellId, output }) }));
  await session;
  send({ type: 'ready' });
};
