import { describe, expect, it } from 'vitest';
import { extractCells } from '~/cells/extract';
import { hashCode } from '~/cells/hash';

const fence = (meta: string, code: string) => '```ts ' + meta + '\n' + code + '\n```\n';

describe('extractCells', () => {
  it('finds ts cell fences with their flags, ids, lines and hashes, in order', () => {
    const mdx = `# T\n\n$$\nz = {x}\n$$\n\n${fence('cell', 'a')}\n\`\`\`ts\nnot a cell\n\`\`\`\n\n<details>\n<summary>Solution</summary>\n\n${fence('cell solution id=sol readonly', 'b')}\n</details>\n`;
    const cells = extractCells(mdx);
    expect(cells.map((c) => [c.index, c.id, c.code, c.line])).toEqual([[0, '0', 'a', 7], [1, 'sol', 'b', 18]]);
    expect(cells[1]!.flags).toEqual({ throws: false, browserOnly: false, readonly: true, solution: true, id: 'sol' });
    expect(cells[0]!.hash).toBe(hashCode('a'));
    expect(hashCode('a')).not.toBe(hashCode('b'));
  });

  it('rejects unknown flags and duplicate ids, naming the line', () => {
    expect(() => extractCells(fence('cell thorws', 'x'))).toThrow('line 1: unknown cell flag "thorws", expected one of throws, browser-only, readonly, solution, id=NAME');
    expect(() => extractCells(fence('cell id=a', '1') + '\n' + fence('cell id=a', '2'))).toThrow(/cell id "a" is already used by the cell on line 1/);
    expect(() => extractCells(fence('cell throws browser-only', '1'))).toThrow(/cannot be both/);
  });

  it('refuses a flag given twice and ids that do not start with a letter', () => {
    expect(() => extractCells(fence('cell id=a id=b', 'x'))).toThrow('line 1: cell flag "id=NAME" is given twice');
    expect(() => extractCells(fence('cell throws throws', 'x'))).toThrow('line 1: cell flag "throws" is given twice');
    // Default ids are indices, so a chosen id can never collide with one.
    expect(() => extractCells(fence('cell id=2', 'x'))).toThrow(/cell id "2" must start with a letter/);
    expect(() => extractCells(fence('cell id=', 'x'))).toThrow(/cell id "" must start with a letter/);
  });

  it('only takes ts fences whose meta starts with the word cell', () => {
    const mdx = fence('cellular', 'a') + '\n' + '```typescript cell\nb\n```\n\n' + fence('', 'c') + '\n' + '~~~ts cell browser-only\nd\n~~~\n';
    const cells = extractCells(mdx);
    expect(cells.map((c) => [c.index, c.code, c.flags.browserOnly])).toEqual([[0, 'd', true]]);
  });

  it('finds cells inside JSX and list items, dedented, with the fence line', () => {
    const mdx = '# T\n\n<Aside>\n\n```ts cell id=aside\nx\n```\n\n</Aside>\n\n- step\n\n  ```ts cell\n  const a = 1;\n    a\n  ```\n';
    expect(extractCells(mdx).map((c) => [c.id, c.code, c.line])).toEqual([['aside', 'x', 5], ['1', 'const a = 1;\n  a', 13]]);
  });

  it('reads Windows line endings as plain newlines, so the hash does not depend on them', () => {
    const [crlf] = extractCells('# T\r\n\r\n```ts cell\r\nconst a = 1;\r\na\r\n```\r\n');
    expect(crlf!.code).toBe('const a = 1;\na');
    expect(crlf!.hash).toBe(hashCode('const a = 1;\na'));
    expect(crlf!.line).toBe(3);
  });

  it('keeps an empty cell', () => {
    expect(extractCells('```ts cell\n```\n').map((c) => c.code)).toEqual(['']);
  });
});

describe('hashCode', () => {
  it('is 16 hex digits and changes with any character, including whitespace', () => {
    const hashes = ['', 'a', 'a ', ' a', 'b', 'ab', 'ba'].map(hashCode);
    expect(hashes.every((h) => /^[0-9a-f]{16}$/.test(h))).toBe(true);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('is FNV-1a 64 over UTF-16 code units (checked against the published offset basis and a known value)', () => {
    // FNV-1a 64 of the empty input is the offset basis; of "a" it is af63dc4c8601ec8c.
    expect(hashCode('')).toBe('cbf29ce484222325');
    expect(hashCode('a')).toBe('af63dc4c8601ec8c');
  });
});
