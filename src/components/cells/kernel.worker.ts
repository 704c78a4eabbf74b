/**
 * The kernel: a module worker that runs a page's cells with the same runner as the build. It
 * registers fetch as the engine's asset loader (MNIST and the reference cases come from the site).
 */
import { defaultModules } from '~/cells/modules';
import type { KernelMessage, KernelRequest } from '~/cells/protocol';
import { Session } from '~/cells/runner';
import { setAssetLoader } from '~/lib/data/assets';

const scope = self as unknown as {
  postMessage(message: KernelMessage): void;
  onmessage: ((event: MessageEvent<KernelRequest>) => void) | null;
  addEventListener(type: 'error' | 'unhandledrejection', listener: (event: Event) => void): void;
};

let session: Promise<Session> | null = null;

/**
 * Errors a cell's timers or promises throw after its run: sent for the page to show on the cell
 * they belong to (the session traces them, see `Session.late`).
 */
function reportLate(thrown: unknown, rejection: boolean): void {
  void session
    ?.then((s) => {
      const late = s.late(thrown);
      if (!late) return;
      const output = rejection ? { ...late.output, message: `unhandled rejection: ${late.output.message}` } : late.output;
      scope.postMessage({ type: 'late', cellId: late.cellId, output });
    })
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

scope.onmessage = async (event) => {
  const request = event.data;
  if (request.type === 'init') {
    const base = request.baseUrl.endsWith('/') ? request.baseUrl : `${request.baseUrl}/`;
    setAssetLoader(async (name) => {
      const response = await fetch(new URL(name, new URL(base, location.origin)));
      if (!response.ok) throw new Error(`asset ${name}: the server answered ${response.status} ${response.statusText}`);
      return response.arrayBuffer();
    });
    session = defaultModules().then((modules) => new Session({ modules }));
    await session;
    scope.postMessage({ type: 'ready' });
    return;
  }
  if (request.type === 'run' && session) {
    const s = await session;
    const result = await s.run(request.code, {
      cellId: request.cellId,
      compiled: request.compiled,
      onOutput: (output) => scope.postMessage({ type: 'output', runId: request.runId, output }),
    });
    scope.postMessage({ type: 'done', runId: request.runId, result });
  }
};
