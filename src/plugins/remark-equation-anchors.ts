/**
 * Gives every numbered display equation an anchor, so prose can link to it.
 *
 * A display equation written as
 *
 *     $$
 *     Z = XW + \mathbf{1}b \tag{2.1}
 *     $$
 *
 * is wrapped in `<div class="equation" id="eq-2.1">…</div>`, and `[(2.1)](#eq-2.1)` links to it.
 * The number in `\tag{…}` is the single source of truth: there is no separate label to keep in sync.
 * Runs before remark-rehype, i.e. before rehype-katex replaces the math node with KaTeX markup.
 */
import type { Parent, Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';

/** mdast node produced by remark-math for `$$ … $$` blocks. */
interface DisplayMath {
  type: 'math';
  value: string;
  position?: RootContent['position'];
}

const TAG = /\\tag\*?\{([^{}]+)\}/g;

/** The anchor id for an equation number: `2.1` → `eq-2.1` (spaces become dashes). */
export function equationId(tag: string): string {
  return `eq-${tag.trim().replace(/\s+/g, '-')}`;
}

/** The `\tag{…}` numbers of a display equation, in order (KaTeX allows one per equation). */
export function equationTags(tex: string): string[] {
  return [...tex.matchAll(TAG)].map((match) => match[1]!.trim());
}

export default function remarkEquationAnchors() {
  return (tree: Root, file: VFile) => {
    const seen = new Map<string, number | undefined>();
    const visit = (parent: Parent) => {
      parent.children.forEach((child, index) => {
        if (child.type === 'math') {
          const math = child as unknown as DisplayMath;
          const tags = equationTags(math.value);
          if (tags.length === 0) return;
          const line = math.position?.start.line;
          if (tags.length > 1) {
            throw new Error(`${file.path}:${line}: display equation has ${tags.length} \\tag{} commands; use one per equation`);
          }
          const id = equationId(tags[0]!);
          if (seen.has(id)) {
            throw new Error(`${file.path}:${line}: equation number ${tags[0]} is already used on line ${seen.get(id)}`);
          }
          seen.set(id, line);
          // An unknown node type with children becomes the element named by data.hName in remark-rehype.
          const wrapper = {
            type: 'equationAnchor',
            data: { hName: 'div', hProperties: { id, className: ['equation'] } },
            children: [child],
            position: child.position,
          };
          parent.children[index] = wrapper as unknown as RootContent;
          return;
        }
        if ('children' in child) visit(child as Parent);
      });
    };
    visit(tree);
  };
}
