/**
 * The constant factors that have a name in this course: the 1/M of a mean (chapter 4's losses
 * average over the M samples, MSE over all M·Q entries), applied never or twice, and the 2 of a
 * squared error's derivative, d(ŷ − y)²/dŷ = 2(ŷ − y). A check that knows the counts its loss
 * averages over (`meanOver: { M: 32 }`) can say which one a wrong factor is.
 */
import type { Mistake } from './mistakes';
import { formatNumber } from './wording';

export interface NamedFactor {
  value: number;
  mistake: Mistake;
  /** Completes "… is 6 times the right answer: ___." */
  cause: string;
}

/** Every non-empty subset of the counts, as [label, product]: M, Q, M·Q… (counts of 1 say nothing and are left out). */
function countProducts(counts: Readonly<Record<string, number>>): { label: string; product: number; named: string }[] {
  const entries = Object.entries(counts).filter(([, n]) => n !== 1);
  const subsets: { label: string; product: number; named: string }[] = [];
  for (let mask = 1; mask < 1 << entries.length; mask++) {
    const chosen = entries.filter((_, i) => mask & (1 << i));
    const names = chosen.map(([k]) => k);
    const product = chosen.reduce((p, [, n]) => p * n, 1);
    const label = names.length === 1 ? names[0]! : `(${names.join('·')})`;
    const named = `${names.join('·')} = ${formatNumber(product)}`;
    subsets.push({ label, product, named });
  }
  // Single counts first, so that with M = 6 and Q = 1 the sentence names M.
  return subsets.sort((a, b) => a.label.length - b.label.length);
}

/** The named factors for these counts, the most likely first (a missing mean before a stray 2). */
export function namedFactors(counts: Readonly<Record<string, number>> = {}): NamedFactor[] {
  const products = countProducts(counts);
  const factors: NamedFactor[] = [];
  for (const { label, product, named } of products) {
    factors.push({ value: product, mistake: 'mean-missing', cause: `the 1/${label} of the mean over ${named} is missing` });
    factors.push({ value: 1 / product, mistake: 'mean-twice', cause: `the 1/${label} of the mean is applied twice` });
  }
  factors.push({ value: 0.5, mistake: 'two-missing', cause: 'a factor 2 is missing, like the 2 in d(ŷ − y)²/dŷ = 2(ŷ − y)' });
  factors.push({ value: 2, mistake: 'factor', cause: 'there is one factor 2 too many' });
  for (const { label, product, named } of products) {
    factors.push({ value: product / 2, mistake: 'mean-missing', cause: `both the 1/${label} of the mean over ${named} and the 2 of the square's derivative are missing` });
  }
  return factors;
}

/** The count arguments of a check, refused unless each is a positive integer. */
export function validCounts(counts: unknown, who: string): Record<string, number> {
  if (counts === undefined) return {};
  if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) {
    throw new Error(`${who}: meanOver must be a record of counts like { M: 32 }, got ${String(counts)}`);
  }
  for (const [name, n] of Object.entries(counts)) {
    if (!Number.isInteger(n) || (n as number) < 1) throw new Error(`${who}: meanOver.${name} must be a whole number ≥ 1, got ${String(n)}`);
  }
  return counts as Record<string, number>;
}
