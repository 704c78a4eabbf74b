import { describe, expect, it } from 'vitest';
import type { KernelRequest } from '~/cells/protocol';
import type { Output } from '~/cells/types';
import { KernelClient, KernelStopped, type WorkerLike } from '~/components/cells/kernel-client';

/** A worker stand-in: records what the page sends and lets the test answer as the kernel would. */
class FakeWorker implements WorkerLike {
  sent: KernelRequest[] = [];
  terminated = false;
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  postMessage(message: KernelRequest): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(data: unknown): void {
    this.onmessage?.({ data });
  }
  lastRunId(): number {
    const runs = this.sent.filter((m) => m.type === 'run');
    return (runs.at(-1) as { runId: number }).runId;
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const crashes: KernelStopped[] = [];
  const late: [string, Output][] = [];
  const rejected: number[] = [];
  const client = new KernelClient(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    '/base/',
    { onCrash: (e) => crashes.push(e), onLate: (cellId, output) => late.push([cellId, output]), onRejected: (count) => rejected.push(count) },
  );
  return { client, workers, crashes, late, rejected };
}

describe('KernelClient', () => {
  it('starts one worker on the first run, tells it the base path, and streams outputs to the right run', async () => {
    const { client, workers } = setup();
    const seen: Output[] = [];
    const result = client.run('0', '1 + 1', 'h0', (o) => seen.push(o));
    expect(workers).toHaveLength(1);
    expect(workers[0].sent[0]).toEqual({ type: 'init', baseUrl: '/base/' });
    expect(workers[0].sent[1]).toMatchObject({ type: 'run', cellId: '0', code: '1 + 1' });
    const runId = workers[0].lastRunId();
    workers[0].answer({ type: 'output', runId, output: { kind: 'value', text: '2' } });
    workers[0].answer({ type: 'output', runId: runId + 99, output: { kind: 'value', text: 'other run' } });
    workers[0].answer({ type: 'done', runId, result: { status: 'ok', outputs: [{ kind: 'value', text: '2' }] } });
    await expect(result).resolves.toMatchObject({ status: 'ok' });
    expect(seen).toEqual([{ kind: 'value', text: '2' }]);
    client.run('1', 'x', 'h1', () => {});
    expect(workers).toHaveLength(1);
    expect(client.ran).toEqual(new Map([['0', 'h0'], ['1', 'h1']]));
  });

  it('drops messages that fail validation instead of rendering them, and says so in the run: once as it happens, with the count at the end', async () => {
    const { client, workers, rejected } = setup();
    const seen: Output[] = [];
    const result = client.run('0', 'x', 'h', (o) => seen.push(o));
    const runId = workers[0].lastRunId();
    workers[0].answer({ type: 'output', runId, output: { kind: 'html', html: '<img src=x onerror=alert(1)>' } });
    workers[0].answer('<script>');
    expect(seen).toEqual([{ kind: 'notice', text: expect.stringMatching(/^The kernel sent a message this page could not accept .*; it is not shown\.$/) }]);
    expect(client.rejectedMessages).toBe(2);
    expect(client.running).toBe(true);
    workers[0].answer({ type: 'done', runId, result: { status: 'ok', outputs: [{ kind: 'value', text: '1' }] } });
    expect((await result).outputs).toEqual([{ kind: 'value', text: '1' }, { kind: 'notice', text: expect.stringMatching(/^The kernel sent 2 messages .*; they are not shown\.$/) }]);
    expect(rejected, 'not also told to the page').toEqual([]);
  });

  it('tells the page of a refused message while no run is going', () => {
    const { client, workers, rejected } = setup();
    void client.run('0', 'x', 'h', () => {});
    workers[0].answer({ type: 'done', runId: workers[0].lastRunId(), result: { status: 'ok', outputs: [] } });
    workers[0].answer({ type: 'shout' });
    workers[0].answer({ type: 'late', cellId: '0', output: { kind: 'html', html: '<b>' } });
    expect(rejected).toEqual([1, 2]);
  });

  it('passes an error thrown after its run to the page with the cell it belongs to', () => {
    const { client, workers, late } = setup();
    void client.run('a', 'setTimeout(() => { throw new Error("later") })', 'h', () => {});
    workers[0].answer({ type: 'done', runId: workers[0].lastRunId(), result: { status: 'ok', outputs: [] } });
    workers[0].answer({ type: 'late', cellId: 'a', output: { kind: 'error', name: 'Error', message: 'later', line: 1, column: 26 } });
    expect(late).toEqual([['a', { kind: 'error', name: 'Error', message: 'later', line: 1, column: 26 }]]);
  });

  it('Stop terminates the worker, rejects pending runs, forgets what ran, and the next run starts a fresh kernel', async () => {
    const { client, workers } = setup();
    const pending = client.run('0', 'while (true) {}', 'h', () => {});
    client.stop();
    expect(workers[0].terminated).toBe(true);
    await expect(pending).rejects.toMatchObject({ name: 'KernelStopped', reason: 'stopped' });
    expect(client.running).toBe(false);
    expect(client.ran.size).toBe(0);
    void client.run('0', '1', 'h', () => {});
    expect(workers).toHaveLength(2);
    expect(workers[1].sent[0]).toEqual({ type: 'init', baseUrl: '/base/' });
  });

  it('a crashed worker (error event) rejects its runs and reports the crash, and the page can run again', async () => {
    const { client, workers, crashes } = setup();
    const pending = client.run('0', 'new Float64Array(1e12)', 'h', () => {});
    let prevented = false;
    workers[0].onerror?.({ message: 'out of memory', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await expect(pending).rejects.toMatchObject({ reason: 'crashed' });
    expect(crashes).toHaveLength(1);
    expect(crashes[0].message).toMatch(/out of memory/);
    void client.run('0', '1', 'h', () => {});
    expect(workers).toHaveLength(2);
  });

  it('Restart rejects with the restart reason', async () => {
    const { client } = setup();
    const pending = client.run('0', 'await sleep(1e6)', 'h', () => {});
    client.restart();
    await expect(pending).rejects.toBeInstanceOf(KernelStopped);
    await expect(pending).rejects.toMatchObject({ reason: 'restarted' });
  });
});
