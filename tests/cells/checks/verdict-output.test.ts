/**
 * The verdict as an output: a cell that calls `check` gets it through the one runner, the build's
 * runCells keeps going when a placeholder fails its check, the page accepts it from the worker only
 * when well-formed, and both renderers (baked HTML and DOM) show it as an announced status whose
 * text starts with the result.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { verdictsOf, type Verdict } from '~/cells/checks/check';
import { extractCells } from '~/cells/extract';
import { defaultModules } from '~/cells/modules';
import { validateWorkerMessage } from '~/cells/protocol';
import { outputsToTree, toDom } from '~/cells/render';
import { outputsToHtml } from '~/cells/render-html';
import { Session } from '~/cells/runner';
import { formatDiagnostics, typecheckCells } from '~/cells/typecheck';
import type { Output } from '~/cells/types';
import { refuseUncheckedExercises, runCells } from '~/plugins/remark-cells';

const session = async () => new Session({ modules: await defaultModules() });
const SETUP = 'import { check, checkGradient } from "mlp/notebook";\nimport { fromArray, transpose, sum, map, Matrix } from "mlp";\nconst W = fromArray([[1, 2], [3, 4], [5, 6]]);';

describe('a cell that calls check', () => {
  it('gets the verdict as an output, and a failed check leaves the run ok', async () => {
    const s = await session();
    await s.run(SETUP);
    const failed = await s.run('check(transpose(W), W, { name: "∂L/∂W", equation: "5.5" })');
    expect(failed.status).toBe('ok');
    expect(failed.outputs).toEqual([
      {
        kind: 'check',
        passed: false,
        mistake: 'transpose',
        name: '∂L/∂W',
        message: '∂L/∂W is the transpose of the right answer: it is 2×3 where 3×2 is expected.',
        equation: { tag: '5.5' },
      },
    ]);
    const passed = await s.run('check(W, W, { name: "∂L/∂W" });\n"after the check"');
    expect(passed.outputs.map((o) => o.kind)).toEqual(['check', 'value']);
    expect(passed.outputs[0]).toMatchObject({ kind: 'check', passed: true, name: '∂L/∂W' });
  });

  it('says kindly that a placeholder left undefined is not answered yet', async () => {
    const s = await session();
    await s.run(SETUP);
    const r = await s.run('let answer: Matrix | undefined;\ncheck(answer, W)');
    expect(r.status).toBe('ok');
    expect(r.outputs[0]).toMatchObject({ kind: 'check', passed: false, mistake: 'unanswered', message: expect.stringMatching(/^Your answer is undefined: the placeholder is not filled in yet/) });
  });

  it('checks a gradient function in a cell', async () => {
    const s = await session();
    await s.run(SETUP);
    const r = await s.run('checkGradient((Z: Matrix) => map(Z, (z) => 2 * z), W, { of: (Z: Matrix) => sum(map(Z, (z) => z * z)) })');
    expect(r.outputs[0]).toMatchObject({ kind: 'check', passed: true, name: 'Your gradient' });
  });

  it('reports a check written wrongly by the exercise as an error of the cell, with its line', async () => {
    const s = await session();
    await s.run(SETUP);
    const r = await s.run('const x = 1;\ncheck(W, W, { equation: "see above" })');
    expect(r.status).toBe('error');
    expect(r.outputs[0]).toMatchObject({ kind: 'error', line: 2, message: expect.stringMatching(/^check: equation must be an equation number/) });
  });

  it('keeps the verdict when the cell throws after it', async () => {
    const s = await session();
    await s.run(SETUP);
    const r = await s.run('check(W, W);\nthrow new Error("later")');
    expect(r.outputs.map((o) => o.kind)).toEqual(['check', 'error']);
  });
});

describe('the API in a cell, as the type checker of the chapters sees it', () => {
  it('accepts every form an exercise uses, with lambdas left unannotated', () => {
    const cells = extractCells([
      '```ts cell',
      SETUP,
      'import { softmax, softmaxJacobian, rowVector } from "mlp";',
      'const z = rowVector([1, 2, 3]);',
      'let placeholder: Matrix | undefined;',
      'check(placeholder, W, { name: "∂L/∂W", equation: "5.5", rtol: 1e-8, meanOver: { M: 3 } });',
      'check([W, W], [W, W], { names: ["∂L/∂W1", "∂L/∂W2"] });',
      'check({ X: [32, 784] }, { X: [32, 784] });',
      'check(2, 2, { mistakes: { fromZ: 3, "the learning rate applied twice": 4 } });',
      'checkGradient((v) => softmaxJacobian(softmax.forward(v)), z, { of: (v) => softmax.forward(v), reference: (v) => softmaxJacobian(softmax.forward(v)), order: "row-major" });',
      'checkGradient((x) => 2 * x, [1, 2, 3], { of: (x) => x * x, step: 1e-5 });',
      '```',
    ].join('\n'));
    const diagnostics = typecheckCells(cells, 'api.mdx');
    expect(diagnostics, formatDiagnostics(diagnostics, 'api.mdx')).toEqual([]);
  }, 60_000);

  it('refuses an option that does not exist', () => {
    const cells = extractCells(['```ts cell', SETUP, 'check(W, W, { equaton: "5.5" });', '```'].join('\n'));
    expect(typecheckCells(cells, 'typo.mdx').map((d) => d.message).join('\n')).toMatch(/equaton/);
  }, 60_000);
});

describe('the build', () => {
  const page = [
    '```ts cell',
    SETUP,
    '```',
    '',
    '```ts cell',
    'const mine = fromArray([[0, 0], [0, 0], [0, 0]]);   // the placeholder',
    'check(mine, W, { equation: "5.5" })',
    '```',
    '',
    '```ts cell solution',
    'check(fromArray([[1, 2], [3, 4], [5, 6]]), W, { equation: "5.5" })',
    '```',
  ].join('\n');

  it('runs a page whose placeholder fails its check, and can tell it from the solution that passes', async () => {
    const cells = extractCells(page);
    const outputs = await runCells(cells, 'exercise.mdx');
    const [placeholder, solution] = [verdictsOf(outputs[1]!), verdictsOf(outputs[2]!)];
    expect(placeholder.map((v) => [v.passed, v.mistake])).toEqual([[false, 'zeros']]);
    expect(solution.map((v) => v.passed)).toEqual([true]);
  });

  it('refuses an exercise whose cell checks nothing, whose placeholder passes, or whose solution checks nothing', async () => {
    const [setup, ...rest] = page.split('\n\n');
    const exercise = [setup, '### Exercise 1: copy W', ...rest].join('\n\n');
    const refusal = async (mdx: string) => {
      const cells = extractCells(mdx);
      const outputs = await runCells(cells, 'exercise.mdx');
      try {
        refuseUncheckedExercises(mdx, cells, outputs, 'exercise.mdx');
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(await refusal(exercise)).toBe('accepted');
    expect(await refusal(exercise.replace('check(mine, W, { equation: "5.5" })', 'mine'))).toBe(
      "exercise.mdx: line 7: exercise 1: its cell (line 9) checks nothing; end it with check(…) or checkGradient(…) on the reader's answer",
    );
    expect(await refusal(exercise.replace('fromArray([[0, 0], [0, 0], [0, 0]])', 'W'))).toMatch(/^exercise\.mdx: line 7: exercise 1: the placeholder in its cell \(line 9\) already passes its check/);
    expect(await refusal(exercise.replace('check(fromArray([[1, 2], [3, 4], [5, 6]]), W, { equation: "5.5" })', 'W'))).toMatch(/^exercise\.mdx: line 7: exercise 1: its solution \(line 14\) checks nothing/);
  });

  it('refuses a page whose solution fails its own check, naming the cell and the diagnosis', async () => {
    const broken = page.replace('check(fromArray([[1, 2], [3, 4], [5, 6]]), W', 'check(transpose(W), W');
    await expect(runCells(extractCells(broken), 'exercise.mdx')).rejects.toThrow(/^exercise\.mdx: cell 3, line 12: the solution fails its own check \(transpose\): Your answer is the transpose/);
  });
});

const verdicts: Record<string, Verdict> = {
  pass: { kind: 'check', passed: true, name: '∂L/∂W', message: '∂L/∂W matches: the largest error is 0, within 1e-9 + 1e-6·|expected| for every entry.' },
  fail: { kind: 'check', passed: false, mistake: 'transpose', name: '∂L/∂W', message: '∂L/∂W is the transpose of the right answer <W>.', equation: { tag: '5.5' } },
  elsewhere: { kind: 'check', passed: false, mistake: 'wrong-axis', name: '∂L/∂b', message: '∂L/∂b is summed over the wrong axis.', equation: { tag: '5.6', page: '/05-backpropagation/' } },
  unanswered: { kind: 'check', passed: false, mistake: 'unanswered', name: 'Your answer', message: 'Your answer is undefined.', equation: { tag: '7.5' } },
};

describe('rendering a verdict', () => {
  it('bakes a status whose text starts with the result, escapes the sentence, and links the equation when it failed', async () => {
    const html = Object.entries(verdicts)
      .map(([state, v]) => `<!-- ${state} -->\n${outputsToHtml([v], undefined, { base: '/mlp-from-scratch/' })}`)
      .join('\n');
    await expect(`${html}\n`).toMatchFileSnapshot('./__snapshots__/verdicts.html');
    const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
    const statuses = [...document.querySelectorAll('[role="status"]')];
    expect(statuses).toHaveLength(4);
    // What a screen reader announces: the text without the decorative mark.
    const announced = statuses.map((el) => [...el.childNodes].filter((n) => (n as Element).getAttribute?.('aria-hidden') !== 'true').map((n) => n.textContent).join(''));
    expect(announced.map((t) => t.split(':')[0])).toEqual(['Check passed', 'Check failed', 'Check failed', 'Not answered yet']);
    expect(statuses[0]!.querySelector('a')).toBeNull();
    expect(statuses[1]!.querySelector('a')?.getAttribute('href')).toBe('#eq-5.5');
    expect(statuses[2]!.querySelector('a')?.getAttribute('href')).toBe('/mlp-from-scratch/05-backpropagation/#eq-5.6');
    expect(statuses[1]!.textContent).toContain('<W>');
  });

  it('builds the same status as DOM nodes, text set as text', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const [node] = toDom(outputsToTree([verdicts.fail!]), document as unknown as Document) as [Element];
    expect(node.getAttribute('role')).toBe('status');
    expect(node.getAttribute('data-verdict')).toBe('fail');
    expect(node.getAttribute('data-mistake')).toBe('transpose');
    expect(node.querySelector('strong')?.textContent).toBe('Check failed:');
    expect(node.querySelector('a')?.textContent).toBe('equation (5.5)');
    expect(node.querySelector('W')).toBeNull();
    expect(node.textContent).toBe('✗Check failed: ∂L/∂W is the transpose of the right answer <W>. See equation (5.5).');
  });
});

describe('a verdict from the worker', () => {
  const message = (output: unknown) => validateWorkerMessage({ type: 'outputs', runId: 1, outputs: [output] });

  it('is accepted when well-formed', () => {
    for (const v of Object.values(verdicts)) expect(message(v), v.message).not.toBeNull();
  });

  it('is refused with an unknown mistake, a link outside the site, or a passed verdict that names a mistake', () => {
    const bad: unknown[] = [
      { ...verdicts.fail, mistake: 'hacked' },
      { ...verdicts.fail, mistake: undefined },
      { ...verdicts.pass, mistake: 'sign' },
      { ...verdicts.fail, equation: { tag: '5.5', page: 'javascript:alert(1)' } },
      { ...verdicts.fail, equation: { tag: '"><img src=x>' } },
      { ...verdicts.fail, equation: { tag: '5.5', href: 'https://evil.example/' } },
      { ...verdicts.pass, passed: 'yes' },
      { ...verdicts.pass, message: 42 },
    ];
    for (const output of bad) expect(message(output), JSON.stringify(output)).toBeNull();
  });

  it('is accepted among the outputs of a finished run', () => {
    const outputs: Output[] = [verdicts.fail!];
    expect(validateWorkerMessage({ type: 'done', runId: 3, result: { status: 'ok', outputs, durationMs: 1 } })).not.toBeNull();
  });
});
