/**
 * The harder exercises (the "Harder exercises" subsections of chapters 5 and 7), run the way a
 * reader meets them: the page's cells in order up to the exercise, then the exercise cell as the
 * page ships it, which must fail its check; deliberate mistakes (the exercise cell with its
 * placeholder replaced), each of which must fail with the diagnosis named here; and the solution
 * cell, every check of which must pass.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verdictsOf, type Verdict } from '~/cells/checks/check';
import { extractPage } from '~/cells/extract';
import { defaultModules } from '~/cells/modules';
import * as plot from '~/cells/plot';
import { Session } from '~/cells/runner';
import type { Cell } from '~/cells/types';

const docs = new URL('../../src/content/docs/', import.meta.url).pathname;

interface Mistake {
  /** What the mistake is, for the test's name. */
  what: string;
  /** [text in the exercise cell, text that replaces it]; the text must occur exactly once. */
  replace: [string, string];
  /** The verdict's mistake code. */
  mistake: string;
}

interface HarderExercise {
  heading: string;
  /** The mistake code of the placeholder's verdict. */
  placeholder: string;
  wrong: Mistake[];
}

const TABLE: Record<string, HarderExercise[]> = {
  '05-backpropagation.mdx': [
    {
      heading: '### Exercise 4: backpropagation through a residual block',
      placeholder: 'zeros',
      wrong: [
        {
          what: 'the skip path left out of ∂L/∂X',
          replace: [
            'return { dX: zeros(X.rows, X.cols), dW: zeros(W.rows, W.cols), db: zeros(1, W.cols) };',
            'const d = hadamard(dY, tanhPrime(tanhOf(addRowVector(matmul(X, W), b)))); return { dX: matmulTransposeB(d, W), dW: matmulTransposeA(X, d), db: columnSums(d) };',
          ],
          mistake: 'listed',
        },
      ],
    },
    {
      heading: '### Exercise 5: dropout, forwards and backwards',
      placeholder: 'worst-entry',
      wrong: [
        {
          what: 'no division by 1 − p',
          replace: [
            'return { A: X, backward: (dA: Matrix) => dA };',
            'if (!training) return { A: X, backward: (dA: Matrix) => dA }; return { A: hadamard(X, keep), backward: (dA: Matrix) => hadamard(dA, keep) };',
          ],
          mistake: 'listed',
        },
        {
          what: 'the mask left out of the backward pass',
          replace: [
            'return { A: X, backward: (dA: Matrix) => dA };',
            'if (!training) return { A: X, backward: (dA: Matrix) => dA }; return { A: hadamard(X, scaleBy(keep, 1 / (1 - p))), backward: (dA: Matrix) => scaleBy(dA, 1 / (1 - p)) };',
          ],
          mistake: 'listed',
        },
      ],
    },
  ],
  '07-softmax-jacobian.mdx': [
    {
      heading: '### Exercise 4: the Jacobian of layer normalisation',
      placeholder: 'worst-entry',
      wrong: [
        {
          what: 'the centring matrix alone, without the −x̂ᵀx̂/n that the variance contributes',
          replace: [
            'return identity(x.cols);',
            'const r = layerNormForward(x).cache.inverseStd.get(0, 0); return scale(sub(identity(x.cols), scale(full(x.cols, x.cols, 1), 1 / x.cols)), r);',
          ],
          mistake: 'worst-entry',
        },
      ],
    },
    {
      heading: '### Exercise 5: the Hessian of softmax cross-entropy in the logits',
      placeholder: 'worst-entry',
      wrong: [
        {
          what: 'diag(s) without −sᵀs',
          replace: ['return identity(v.cols);', 'const sv = softmax.forward(v); return fromFunction(v.cols, v.cols, (i, j) => (i === j ? sv.get(0, i) : 0));'],
          mistake: 'softmax-outer-term',
        },
      ],
    },
  ],
};

/** The reader's cell and the solution cell under a heading (before the next heading of level 1–3). */
function exerciseCells(source: string, cells: readonly Cell[], heading: string): { exercise: Cell; solution: Cell } {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading) + 1;
  if (start === 0) throw new Error(`no heading ${JSON.stringify(heading)}`);
  const next = lines.findIndex((l, i) => i >= start && /^#{1,3}\s/.test(l)) + 1 || Infinity;
  const inside = cells.filter((c) => c.line > start && c.line < next);
  const exercise = inside.find((c) => !c.flags.solution);
  const solution = inside.find((c) => c.flags.solution);
  if (!exercise || !solution) throw new Error(`${heading}: needs a cell for the reader and a solution cell`);
  return { exercise, solution };
}

function replaced(code: string, [from, to]: [string, string], what: string): string {
  const at = code.indexOf(from);
  if (at < 0 || code.indexOf(from, at + 1) >= 0) throw new Error(`${what}: ${JSON.stringify(from)} must occur exactly once in the exercise cell`);
  return code.slice(0, at) + to + code.slice(at + from.length);
}

const show = (verdicts: Verdict[]) => verdicts.map((v) => `${v.passed ? 'pass' : `fail ${v.mistake}`}: ${v.message}`).join('\n');

for (const [file, exercises] of Object.entries(TABLE)) {
  describe(file, () => {
    const source = readFileSync(join(docs, file), 'utf8');
    const { cells } = extractPage(source);

    for (const { heading, placeholder, wrong } of exercises) {
      it(`${heading.replace(/^#+\s*/, '')}: the placeholder fails (${placeholder}), ${wrong.length} mistake(s) get their diagnosis, the solution passes`, async () => {
        const { exercise, solution } = exerciseCells(source, cells, heading);
        const session = new Session({ modules: await defaultModules(async () => plot) });
        for (const cell of cells.filter((c) => c.index < exercise.index && !c.flags.browserOnly)) {
          const result = await session.run(cell.code, { cellId: cell.id });
          if (!cell.flags.throws) expect(result.status, `${file} cell ${cell.index} (line ${cell.line})`).toBe('ok');
        }
        const verdictsOfRun = async (code: string, what: string) => {
          const result = await session.run(code, { cellId: exercise.id });
          expect(result.status, `${what} ran`).toBe('ok');
          const verdicts = verdictsOf(result.outputs);
          expect(verdicts.length, `${what} shows a verdict`).toBeGreaterThan(0);
          return verdicts;
        };

        const shipped = await verdictsOfRun(exercise.code, 'the placeholder');
        expect(shipped.some((v) => !v.passed && v.mistake === placeholder), show(shipped)).toBe(true);
        for (const mistake of wrong) {
          const verdicts = await verdictsOfRun(replaced(exercise.code, mistake.replace, mistake.what), mistake.what);
          expect(verdicts.some((v) => !v.passed && v.mistake === mistake.mistake), `${mistake.what}:\n${show(verdicts)}`).toBe(true);
        }
        const solved = await session.run(solution.code, { cellId: solution.id });
        expect(solved.status).toBe('ok');
        const verdicts = verdictsOf(solved.outputs);
        expect(verdicts.length).toBeGreaterThan(0);
        expect(verdicts.every((v) => v.passed), show(verdicts)).toBe(true);
      }, 120_000);
    }
  });
}
