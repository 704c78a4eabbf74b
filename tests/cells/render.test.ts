import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { outputsToTree, toDom, toHtml } from '~/cells/render';
import { sanitizeSvg } from '~/cells/sanitize-svg';
import { validateWorkerMessage } from '~/cells/protocol';

const parse = (html: string) => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const div = document.createElement('div');
  div.innerHTML = html;
  return div as never;
};

describe('toHtml', () => {
  it('escapes everything a cell printed', () => {
    const html = toHtml(outputsToTree([{ kind: 'log', level: 'log', text: '<img src=x onerror=alert(1)>' }, { kind: 'value', text: '"&"' }]));
    expect(html).toBe('<pre class="mlp-out mlp-out-log" data-level="log">&lt;img src=x onerror=alert(1)&gt;</pre><pre class="mlp-out mlp-out-value">&quot;&amp;&quot;</pre>');
  });

  it('drops figure markup unless a sanitizer is given', () => {
    const tree = outputsToTree([{ kind: 'svg', svg: '<svg><circle r="1"></circle></svg>' }]);
    expect(toHtml(tree)).toBe('<div class="mlp-out mlp-out-svg"></div>');
    expect(toHtml(tree, (m) => sanitizeSvg(m, parse))).toMatch(/<circle r="1"/);
  });

  it('writes errors with their position and marks expected ones', () => {
    const html = toHtml(outputsToTree([{ kind: 'error', name: 'Error', message: 'bad <shape>', line: 3, column: 2, expected: true }]));
    expect(html).toContain('Expected error: ');
    expect(html).toContain('bad &lt;shape&gt; (line 3, column 2)');
  });
});

describe('outputsToTree + toHtml for every kind', () => {
  it('writes a matrix as a table with its shape caption and a truncation note', () => {
    const small = toHtml(outputsToTree([{ kind: 'matrix', rows: 1, cols: 2, cells: [['1', '<2>']], truncated: false, id: 'm' }]));
    expect(small).toBe(
      '<div class="mlp-out mlp-out-matrix" tabindex="0" role="group" aria-label="1×2 matrix" data-output-id="m"><table><caption>1×2 matrix</caption><tbody><tr><td>1</td><td>&lt;2&gt;</td></tr></tbody></table></div>',
    );
    const big = toHtml(outputsToTree([{ kind: 'matrix', rows: 100, cols: 3, cells: [['0', '0', '0']], truncated: true }]));
    expect(big).toContain('<caption>100×3 matrix (truncated');
  });

  it('writes progress as a labelled <progress> and notices as paragraphs', () => {
    const html = toHtml(outputsToTree([{ kind: 'progress', fraction: 0.25, label: 'epoch 1 <of 4>', id: 'p' }, { kind: 'notice', text: 'capped & stopped' }]));
    expect(html).toBe(
      '<div class="mlp-out mlp-out-progress" data-output-id="p"><progress max="1" value="0.25" aria-label="epoch 1 &lt;of 4&gt;">25 %</progress>' +
        '<span>epoch 1 &lt;of 4&gt; — 25 %</span></div><p class="mlp-out mlp-out-notice">capped &amp; stopped</p>',
    );
  });

  it('keeps the log level and escapes quotes inside attributes', () => {
    expect(toHtml(outputsToTree([{ kind: 'value', text: 'v', id: '"><script>' }]))).toBe(
      '<pre class="mlp-out mlp-out-value" data-output-id="&quot;&gt;&lt;script&gt;">v</pre>',
    );
    expect(toHtml(outputsToTree([{ kind: 'log', level: 'warn', text: 'w' }]))).toContain('data-level="warn"');
  });

  it('leaves out the position of an error that has none', () => {
    expect(toHtml(outputsToTree([{ kind: 'error', name: 'Uncaught', message: 'x' }]))).toBe('<div class="mlp-out mlp-out-error"><strong>Uncaught</strong>: x</div>');
    expect(toHtml(outputsToTree([{ kind: 'error', name: 'E', message: 'x', line: 4 }]))).toContain(': x (line 4)');
  });
});

describe('toDom', () => {
  const dom = () => parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;

  it('sets text as text: markup a cell printed never becomes elements', () => {
    const document = dom();
    const [node] = toDom(outputsToTree([{ kind: 'log', level: 'error', text: '<img src=x onerror=alert(1)>' }]), document) as [Element];
    expect(node.tagName.toLowerCase()).toBe('pre');
    expect(node.getAttribute('data-level')).toBe('error');
    expect(node.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(node.querySelector('img')).toBeNull();
  });

  it('parses and sanitizes figures before they join the document', () => {
    const document = dom();
    const markup = '<svg onload="alert(1)"><script>alert(2)</script><circle r="4" onclick="alert(3)"></circle><a href="javascript:alert(4)"><text>t</text></a></svg>';
    const [wrapper] = toDom(outputsToTree([{ kind: 'svg', svg: markup, id: 'fig' }]), document) as [Element];
    expect(wrapper.getAttribute('data-output-id')).toBe('fig');
    const html = wrapper.innerHTML;
    expect(html).toMatch(/<circle r="4"/);
    expect(html).not.toMatch(/alert|script|onload|onclick|<a/);
  });
});

describe('sanitizeSvg', () => {
  it('removes scripts, foreignObject, event handlers and javascript: links', () => {
    const dirty = '<svg onload="alert(1)"><script>alert(2)</script><foreignObject><div>x</div></foreignObject>' +
      '<a href="javascript:alert(3)"><text>t</text></a><circle r="2" onclick="alert(4)" fill="url(http://evil/x)"></circle>' +
      '<use href="#ok"></use><style>@import url(http://evil)</style></svg>';
    const clean = sanitizeSvg(dirty, parse);
    expect(clean).not.toMatch(/alert|script|foreignObject|javascript|evil|onload|onclick|<a/i);
    expect(clean).toMatch(/<circle r="2"/);
    expect(clean).toMatch(/<use href="#ok"/);
  });

  it('keeps what Plot draws: figure wrappers, titles, styles, clip paths by fragment', () => {
    const plot = '<figure class="plot-d6a7b5-figure"><h2>Loss</h2><svg viewBox="0 0 10 10" class="plot"><style>:where(.plot) { fill: currentColor; }</style>' +
      '<defs><clipPath id="c"><rect width="5" height="5"></rect></clipPath></defs><g clip-path="url(#c)" aria-label="line"><path d="M0,0L5,5" stroke="red"></path></g></svg></figure>';
    const clean = sanitizeSvg(plot, parse);
    // (linkedom writes clipPath in lower case; a browser's HTML parser restores SVG's camel case.)
    for (const piece of ['<h2>Loss</h2>', 'viewbox="0 0 10 10"', ':where(.plot)', '<clippath id="c">', 'clip-path="url(#c)"', 'd="M0,0L5,5"']) {
      expect(clean.toLowerCase()).toContain(piece.toLowerCase());
    }
  });

  it('drops external references hidden in styles, data: URLs and xlink:href', () => {
    const dirty = '<svg><rect style="fill: url(https://evil/x)" width="1"></rect><image href="data:image/png;base64,AAAA"></image>' +
      '<use xlink:href="https://evil/sprite.svg#a"></use><style>rect { background: url(javascript:alert(1)) }</style><rect style="fill:red"></rect></svg>';
    const clean = sanitizeSvg(dirty, parse);
    expect(clean).not.toMatch(/evil|data:|javascript|<image|<style/);
    expect(clean).toMatch(/<rect width="1"\s*\/?>/);
    expect(clean).toContain('style="fill:red"');
  });

  it('refuses markup whose root is not a figure', () => {
    expect(() => sanitizeSvg('<img src=x onerror=alert(1)>', parse)).toThrow(/must be <svg> or <figure>, got <img>/);
  });
});

describe('validateWorkerMessage', () => {
  it('accepts well-formed messages and rejects everything else', () => {
    expect(validateWorkerMessage({ type: 'output', runId: 1, output: { kind: 'log', level: 'info', text: 'x' } })).not.toBeNull();
    expect(validateWorkerMessage({ type: 'output', runId: 1, output: { kind: 'html', html: '<b>' } })).toBeNull();
    expect(validateWorkerMessage({ type: 'output', runId: 1, output: { kind: 'log', level: 'shout', text: 'x' } })).toBeNull();
    expect(validateWorkerMessage({ type: 'done', runId: 2, result: { status: 'ok', outputs: [{ kind: 'value' }] } })).toBeNull();
    expect(validateWorkerMessage('ready')).toBeNull();
    expect(validateWorkerMessage({ type: 'ready' })).toEqual({ type: 'ready' });
  });

  it('checks every field a renderer relies on', () => {
    const output = (o: unknown) => validateWorkerMessage({ type: 'output', runId: 0, output: o });
    expect(output({ kind: 'progress', fraction: Number.NaN, label: '' })).toBeNull();
    expect(output({ kind: 'progress', fraction: 1.5, label: '' })).toBeNull();
    expect(output({ kind: 'progress', fraction: 0.5, label: 'ok', id: 'p' })).not.toBeNull();
    expect(output({ kind: 'matrix', rows: 2, cols: 2, cells: [['1', 2]], truncated: false })).toBeNull();
    expect(output({ kind: 'matrix', rows: -1, cols: 2, cells: [], truncated: false })).toBeNull();
    expect(output({ kind: 'error', name: 'E', message: 'm', line: 1.5 })).toBeNull();
    expect(output({ kind: 'error', name: 'E', message: 'm', line: 3, column: 2, expected: true })).not.toBeNull();
    expect(output({ kind: 'svg', svg: 'x'.repeat(1_000_001) })).toBeNull();
    expect(output({ kind: 'value', text: 'v', id: 7 })).toBeNull();
    expect(output(null)).toBeNull();
    expect(validateWorkerMessage({ type: 'output', runId: -1, output: { kind: 'notice', text: 'n' } })).toBeNull();
    expect(validateWorkerMessage({ type: 'done', runId: 1, result: { status: 'maybe', outputs: [] } })).toBeNull();
    expect(validateWorkerMessage({ type: 'done', runId: 1, result: { status: 'ok', outputs: [] } })).not.toBeNull();
    expect(validateWorkerMessage({ type: 'run', runId: 1, cellId: '0', code: '1' })).toBeNull();
    expect(validateWorkerMessage([{ type: 'ready' }])).toBeNull();
  });
});
