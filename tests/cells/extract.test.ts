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
});
