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
let currentRun = 0;

/** Errors thrown later by a cell's timers or promises: reported in the cell that started last. */
function reportLate(message: string): void {
  scope.postMessage({ type: 'output', runId: currentRun, output: { kind: 'error', name: 'Uncaught', message } });
}
scope.addEventListener('error', (event) => {
  event.preventDefault();
  reportLate((event as ErrorEvent).message);
});
scope.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  const reason = (event as PromiseRejectionEvent).reason as { message?: string } | undefined;
  reportLate(`unhandled rejection: ${reason?.message ?? String(reason)}`);
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
    currentRun = request.runId;
    const result = await s.run(request.code, {
      cellId: request.cellId,
      onOutput: (output) => scope.postMessage({ type: 'output', runId: request.runId, output }),
    });
    scope.postMessage({ type: 'done', runId: request.runId, result });
  }
};
