import { describe, expect, it } from 'vitest';
import { outputsToHtml } from '~/cells/render-html';
import { sanitizeSvg } from '~/cells/sanitize-svg';
import { parseFragment as parse } from './dom';

describe('outputsToHtml', () => {
  it('escapes everything a cell printed', () => {
    const html = outputsToHtml([{ kind: 'log', level: 'log', text: '<img src=x onerror=alert(1)>' }, { kind: 'value', text: '"&"' }]);
    expect(html).toBe('<pre class="mlp-out mlp-out-log" data-level="log">&#x3C;img src=x onerror=alert(1)></pre><pre class="mlp-out mlp-out-value">"&#x26;"</pre>');
  });

  it('drops figure markup unless a sanitizer is given', () => {
    const figure = [{ kind: 'svg', svg: '<svg><circle r="1"></circle></svg>' }] as const;
    expect(outputsToHtml(figure)).toBe('<div class="mlp-out mlp-out-svg"></div>');
    expect(outputsToHtml(figure, (m) => sanitizeSvg(m, parse))).toMatch(/<circle r="1"/);
  });

  it('writes errors with their position and marks expected ones', () => {
    const html = outputsToHtml([{ kind: 'error', name: 'Error', message: 'bad <shape>', line: 3, column: 2, expected: true }]);
    expect(html).toContain('Expected error: ');
    expect(html).toContain('bad &#x3C;shape> (line 3, column 2)');
  });
});

describe('outputsToHtml for every kind', () => {
  it('writes a matrix as a table with its shape caption and a truncation note', () => {
    const small = outputsToHtml([{ kind: 'matrix', rows: 1, cols: 2, cells: [['1', '<2>']], truncated: false, id: 'm' }]);
    expect(small).toBe(
      '<div class="mlp-out mlp-out-matrix" tabindex="0" role="group" aria-label="1×2 matrix" data-output-id="m"><table><caption>1×2 matrix</caption><tbody><tr><td>1</td><td>&#x3C;2></td></tr></tbody></table></div>',
    );
    const big = outputsToHtml([{ kind: 'matrix', rows: 100, cols: 3, cells: [['0', '0', '0']], truncated: true }]);
    expect(big).toContain('<caption>100×3 matrix (truncated');
  });

  it('writes progress as a labelled <progress> and notices as paragraphs', () => {
    const html = outputsToHtml([{ kind: 'progress', fraction: 0.25, label: 'epoch 1 <of 4>', id: 'p' }, { kind: 'notice', text: 'capped & stopped' }]);
    expect(html).toBe(
      '<div class="mlp-out mlp-out-progress" data-output-id="p"><progress max="1" value="0.25" aria-label="epoch 1 <of 4>">25 %</progress>' +
        '<span>epoch 1 &#x3C;of 4> — 25 %</span></div><p class="mlp-out mlp-out-notice">capped &#x26; stopped</p>',
    );
  });

  it('keeps the log level and escapes quotes inside attributes', () => {
    expect(outputsToHtml([{ kind: 'value', text: 'v', id: '"><script>' }])).toBe(
      '<pre class="mlp-out mlp-out-value" data-output-id="&#x22;><script>">v</pre>',
    );
    expect(outputsToHtml([{ kind: 'log', level: 'warn', text: 'w' }])).toContain('data-level="warn"');
  });

  it('leaves out the position of an error that has none', () => {
    expect(outputsToHtml([{ kind: 'error', name: 'Uncaught', message: 'x' }])).toBe('<div class="mlp-out mlp-out-error"><strong>Uncaught</strong>: x</div>');
    expect(outputsToHtml([{ kind: 'error', name: 'E', message: 'x', line: 4 }])).toContain(': x (line 4)');
  });
});
