/**
 * A chapter's baked outputs as reviewable text, for the snapshot files in ./__snapshots__: each
 * cell's outputs in order (numbers, matrices, log lines as printed; figures summarized by their
 * size, titles, legend and each mark's text labels, not their SVG), and each prose <Value> with the
 * text it prints, all in the order of the chapter. A change to a number the prose quotes then shows
 * in the diff and has to be accepted on purpose.
 */
import { formatControlValue } from '~/cells/controls';
import { parseHTML } from 'linkedom';
import type { Cell, Output } from '~/cells/types';
import type { PageValue } from '~/cells/values';

/** `text` with every line after the first indented, so a multi-line log stays one entry. */
function indented(text: string, indent: string): string {
  return text.replace(/\n/g, `\n${indent}`);
}

function matrixText(output: Extract<Output, { kind: 'matrix' }>): string[] {
  const widths = output.cells[0]?.map((_, j) => Math.max(...output.cells.map((row) => row[j]!.length))) ?? [];
  const rows = output.cells.map((row) => `    ${row.map((cell, j) => cell.padStart(widths[j]!)).join('  ')}`);
  return [`matrix ${output.rows}×${output.cols}${output.truncated ? ' (truncated)' : ''}`, ...rows];
}

const words = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** A Plot figure as a few lines: its root and size, titles, legend entries, and each mark with what it drew. */
function figureText(markup: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${markup}</body></html>`);
  const root = document.body.firstElementChild;
  if (!root) return ['figure (empty)'];
  const size = (e: Element) => (e.getAttribute('width') ? ` ${e.getAttribute('width')}×${e.getAttribute('height')}` : '');
  const lines = [`figure <${root.tagName.toLowerCase()}>${size(root)}`];
  for (const heading of root.querySelectorAll('h1, h2, h3, h4, h5, h6')) lines.push(`  title: ${words(heading.textContent)}`);
  const swatches = [...root.querySelectorAll('[class$="-swatch"]')].map((s) => words(s.textContent));
  if (swatches.length > 0) lines.push(`  legend: ${swatches.join(' | ')}`);
  const charts = root.tagName.toLowerCase() === 'svg' ? [root] : [...root.querySelectorAll('svg')].filter((s) => s.querySelector('[aria-label]'));
  for (const chart of charts) {
    if (chart !== root) lines.push(`  svg${size(chart)}`);
    for (const mark of chart.querySelectorAll('[aria-label]')) {
      const drawn = new Map<string, number>();
      for (const child of mark.children) drawn.set(child.tagName.toLowerCase(), (drawn.get(child.tagName.toLowerCase()) ?? 0) + 1);
      const counts = [...drawn].map(([tag, n]) => `${n} ${tag}`).join(', ');
      const labels = [...mark.querySelectorAll('text')].map((t) => words(t.textContent)).filter((t) => t !== '');
      lines.push(`    ${mark.getAttribute('aria-label')}: ${counts || 'nothing'}${labels.length > 0 ? ` — ${labels.join(' ')}` : ''}`);
    }
  }
  return lines;
}

/** One output as one or more lines. */
export function outputText(output: Output): string[] {
  switch (output.kind) {
    case 'log':
      return [`${output.level}: ${indented(output.text, '  ')}`];
    case 'value':
      return [`= ${indented(output.text, '  ')}`];
    case 'matrix':
      return matrixText(output);
    case 'svg':
      return figureText(output.svg);
    case 'progress':
      return [`progress ${Math.round(output.fraction * 100)} %${output.label ? ` ${output.label}` : ''}`];
    case 'error': {
      const where = output.line !== undefined ? ` (line ${output.line}${output.column !== undefined ? `, column ${output.column}` : ''})` : '';
      return [`${output.expected ? 'expected error' : 'error'} ${output.name}: ${indented(output.message, '  ')}${where}`];
    }
    case 'notice':
      return [`notice: ${output.text}`];
    case 'check':
      return [`check ${output.passed ? 'passed' : `failed (${output.mistake})`}: ${indented(output.message, '  ')}${output.equation ? ` [eq. ${output.equation.tag}]` : ''}`];
    case 'control': {
      const { control } = output;
      const range = control.type === 'slider' ? ` (${control.min}…${control.max}${control.log ? ', log' : ''})` : control.type === 'select' ? ` (${control.options.join(' | ')})` : '';
      return [`control ${control.type} "${control.label}" = ${formatControlValue(control)}${range}`];
    }
  }
}

function formatOptions(value: PageValue): string {
  const { digits, fixed, percent } = value.format;
  return [digits !== undefined ? ` digits={${digits}}` : '', fixed !== undefined ? ` fixed={${fixed}}` : '', percent ? ' percent' : ''].join('');
}

/** The whole chapter: a header, then its cells and prose values in the order of the file. */
export function bakedText(file: string, cells: readonly Cell[], values: readonly PageValue[], baked: { outputs: Output[][]; values: string[] }): string {
  const entries = [
    ...cells.map((cell, i) => {
      const flags = [cell.flags.id ? `id=${cell.flags.id}` : '', cell.flags.throws ? 'throws' : '', cell.flags.solution ? 'solution' : '', cell.flags.readonly ? 'readonly' : ''].filter(Boolean);
      const heading = `## cell ${cell.index + 1}, line ${cell.line}${flags.length > 0 ? ` (${flags.join(', ')})` : ''}`;
      const outputs = baked.outputs[i]!;
      const body = cell.flags.browserOnly ? ['browser-only: not run when the site is built'] : outputs.length === 0 ? ['(no output)'] : outputs.flatMap(outputText);
      return { line: cell.line, text: `${heading}\n\n\`\`\`text\n${body.join('\n')}\n\`\`\`` };
    }),
    ...values.map((value, i) => ({ line: value.line, text: `## value, line ${value.line}\n\n<Value of="${value.expression}"${formatOptions(value)} /> prints **${baked.values[i]}**` })),
  ].sort((a, b) => a.line - b.line);
  const header =
    `# ${file}: what the build bakes into the page\n\n` +
    'Written by tests/cells/chapters.test.ts. A difference here is a change the reader will see: ' +
    'check it against the prose, then accept it with `npx vitest run tests/cells/chapters.test.ts -u`.';
  return `${[header, ...entries.map((e) => e.text)].join('\n\n')}\n`;
}
