import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KernelInit, KernelRequest } from '~/cells/protocol';
import type { Output } from '~/cells/types';
import { ANSWER_MS, KernelClient, KernelStopped, MAX_FORGED, MAX_RUN_OUTPUTS, type PortLike, type WorkerLike } from '~/components/cells/kernel-client';

/** The page's end of a fake channel: records what the page sends; the fake worker answers through it. */
class FakePort implements PortLike {
  sent: KernelRequest[] = [];
  closed = false;
  onmessage: PortLike['onmessage'] = null;
  postMessage(message: KernelRequest): void {
    this.sent.push(message);
  }
  close(): void {
    this.closed = true;
  }
}

/**
 * A worker stand-in: records the init message and the port it carried; `answer` speaks as the
 * runner does (on the port), `forge` as a cell can (on the worker's global channel).
 */
class FakeWorker implements WorkerLike {
  init: KernelInit | null = null;
  port: FakePort | null = null;
  terminated = false;
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  postMessage(message: KernelInit, transfer: unknown[]): void {
    this.init = message;
    this.port = (transfer[0] as { peer: FakePort }).peer;
  }
  get sent(): (KernelInit | KernelRequest)[] {
    return [...(this.init ? [this.init] : []), ...(this.port?.sent ?? [])];
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(data: unknown): void {
    this.port?.onmessage?.({ data });
  }
  forge(data: unknown): void {
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
  const silent: { cellId: string | null; started: boolean }[] = [];
  let answering = 0;
  const client = new KernelClient(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    '/base/',
    {
      onCrash: (e) => crashes.push(e),
      onLate: (cellId, output) => late.push([cellId, output]),
      onRejected: (count) => rejected.push(count),
      onUnresponsive: (silence) => silent.push(silence),
      onAnswering: () => answering++,
    },
    () => {
      const port1 = new FakePort();
      return { port1, port2: { peer: port1 } };
    },
  );
  return { client, workers, crashes, late, rejected, silent, answered: () => answering };
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
    workers[0].answer({ type: 'outputs', runId, outputs: [{ kind: 'value', text: '2' }] });
    workers[0].answer({ type: 'outputs', runId: runId + 99, outputs: [{ kind: 'value', text: 'other run' }] });
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
    workers[0].answer({ type: 'outputs', runId, outputs: [{ kind: 'html', html: '<img src=x onerror=alert(1)>' }] });
    workers[0].forge({ type: 'outputs', runId, outputs: [{ kind: 'value', text: 'forged but well-formed' }] });
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
    workers[0].forge({ type: 'late', cellId: '0', output: { kind: 'value', text: 'forged' } });
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

  describe('the kernel\'s word comes from its port', () => {
    beforeEach(() => void vi.useFakeTimers());
    afterEach(() => void vi.useRealTimers());

    it('believes nothing on the global channel: a forged done shows nothing and the run goes on', () => {
      const { client, workers } = setup();
      const seen: Output[] = [];
      let settled = false;
      void client.run('0', 'x', 'h', (o) => seen.push(o)).then(() => (settled = true));
      workers[0].forge({ type: 'done', runId: workers[0].lastRunId(), result: { status: 'ok', outputs: [{ kind: 'value', text: '"fake"' }] } });
      expect(client.running).toBe(true);
      expect(seen.map((o) => o.kind)).toEqual(['notice']);
      expect(settled).toBe(false);
    });

    it('stops a kernel that floods its global channel, and says why', async () => {
      const { client, workers, crashes } = setup();
      const run = client.run('0', 'for (;;) self.postMessage(1)', 'h', () => {});
      for (let i = 0; i <= MAX_FORGED; i++) workers[0].forge({ type: 'outputs' });
      await expect(run).rejects.toMatchObject({ reason: 'flooded', message: expect.stringMatching(/stopped to keep the page responsive/) });
      expect(workers[0].terminated).toBe(true);
      expect(workers[0].onmessage, 'later messages of the dead worker go nowhere').toBeNull();
      expect(crashes.map((c) => c.reason)).toEqual(['flooded']);
    });

    it('counts forged messages per run: a cell that posts a few now and then is refused, not stopped', () => {
      const { client, workers, crashes } = setup();
      for (let run = 0; run < 3; run++) {
        void client.run('0', 'self.postMessage(1)', 'h', () => {});
        for (let i = 0; i < MAX_FORGED; i++) workers[0].forge({ type: 'outputs' });
        workers[0].answer({ type: 'done', runId: workers[0].lastRunId(), result: { status: 'ok', outputs: [] } });
      }
      expect(crashes).toEqual([]);
      expect(workers[0].terminated).toBe(false);
    });

    it('keeps at most MAX_RUN_OUTPUTS outputs of a run, then one notice; replacements by id still count as one', async () => {
      const { client, workers } = setup();
      const seen: Output[] = [];
      const run = client.run('0', 'x', 'h', (o) => seen.push(o));
      const runId = workers[0].lastRunId();
      for (let i = 0; i < 5; i++) workers[0].answer({ type: 'outputs', runId, outputs: Array.from({ length: 1000 }, (_, j) => ({ kind: 'log', level: 'log', text: `${i}:${j}` })) });
      workers[0].answer({ type: 'outputs', runId, outputs: [{ kind: 'progress', fraction: 0.5, label: '', id: 'p' }] });
      const notices = seen.filter((o) => o.kind === 'notice');
      expect(seen.length).toBe(MAX_RUN_OUTPUTS + 1);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ text: expect.stringMatching(/more than the page keeps/) });
      workers[0].answer({ type: 'done', runId, result: { status: 'ok', outputs: [] } });
      expect((await run).outputs.at(-1)).toMatchObject({ kind: 'notice', text: expect.stringMatching(/4001 later outputs are not shown/) });
    });

    it('says when the kernel does not accept a run in time, and when it answers again', () => {
      const { client, workers, silent, answered } = setup();
      void client.run('a', '1', 'h', () => {});
      vi.advanceTimersByTime(ANSWER_MS * 2);
      expect(silent, 'loading is not silence: the wait starts at ready').toEqual([]);
      workers[0].answer({ type: 'ready' });
      vi.advanceTimersByTime(ANSWER_MS + 1);
      expect(silent).toEqual([{ cellId: 'a', started: false }]);
      expect(client.unresponsive).toBe(true);
      workers[0].answer({ type: 'accepted', runId: workers[0].lastRunId() });
      expect(answered()).toBe(1);
      expect(client.unresponsive).toBe(false);
    });

    it('pings after every run, so a kernel that says done and then nothing (closed, endless microtasks) is noticed', () => {
      const { client, workers, silent } = setup();
      void client.run('a', 'self.close()', 'h', () => {});
      workers[0].answer({ type: 'ready' });
      workers[0].answer({ type: 'accepted', runId: workers[0].lastRunId() });
      workers[0].answer({ type: 'done', runId: workers[0].lastRunId(), result: { status: 'ok', outputs: [] } });
      expect(workers[0].sent.at(-1)).toMatchObject({ type: 'ping' });
      vi.advanceTimersByTime(ANSWER_MS - 1);
      expect(silent).toEqual([]);
      vi.advanceTimersByTime(2);
      expect(silent).toEqual([{ cellId: null, started: false }]);
      // A kernel that answers its ping is not reported.
      client.restart();
      void client.run('b', '1', 'h', () => {});
      workers[1].answer({ type: 'ready' });
      workers[1].answer({ type: 'accepted', runId: workers[1].lastRunId() });
      workers[1].answer({ type: 'done', runId: workers[1].lastRunId(), result: { status: 'ok', outputs: [] } });
      workers[1].answer({ type: 'pong', id: (workers[1].sent.at(-1) as { id: number }).id });
      vi.advanceTimersByTime(ANSWER_MS * 3);
      expect(silent).toHaveLength(1);
      expect(workers[0].port?.closed).toBe(true);
    });

    it('asks a running kernel again every ANSWER_MS, and says so when a started run has gone quiet', () => {
      const { client, workers, silent } = setup();
      void client.run('a', 'self.close(); await sleep(1e9)', 'h', () => {});
      workers[0].answer({ type: 'ready' });
      workers[0].answer({ type: 'accepted', runId: workers[0].lastRunId() });
      vi.advanceTimersByTime(ANSWER_MS + 1);
      expect(workers[0].sent.at(-1)).toMatchObject({ type: 'ping' });
      workers[0].answer({ type: 'pong', id: 1 });
      vi.advanceTimersByTime(ANSWER_MS + 1);
      expect(silent).toEqual([]);
      vi.advanceTimersByTime(ANSWER_MS);
      expect(silent).toEqual([{ cellId: 'a', started: true }]);
    });
  });
});
