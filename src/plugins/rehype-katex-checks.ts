/**
 * Runs after rehype-katex:
 * - marks KaTeX's visual HTML (`.katex-html`) and the TeX annotation with `data-pagefind-ignore`, so the
 *   search index gets the MathML text (also what screen readers read) instead of a soup of positioned
 *   glyphs and backslashes;
 * - fails the build on math KaTeX could not parse. rehype-katex only records a warning and renders the
 *   source in red, which is easy to miss in a long chapter.
 */
import type { Element, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';

function classes(element: Element): string[] {
  const value: unknown = element.properties?.className;
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? value.split(/\s+/) : [];
}

function textOf(node: RootContent): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return node.children.map(textOf).join('');
  return '';
}

export default function rehypeKatexChecks() {
  return (tree: Root, file: VFile) => {
    const errors: string[] = [];
    // Walks every node with children, not only elements: in MDX, math inside a JSX element such as
    // <details> sits under an mdxJsxFlowElement node.
    const visit = (node: { children?: unknown[] }) => {
      for (const child of (node.children ?? []) as RootContent[]) {
        if (child.type === 'element') {
          const names = classes(child);
          // The TeX source in MathML's <annotation> is for copy-paste and converters, not for search.
          if (names.includes('katex-html') || child.tagName === 'annotation') {
            child.properties = { ...child.properties, dataPagefindIgnore: '' };
            continue; // nothing of interest inside KaTeX's layout boxes
          }
          if (names.includes('katex-error')) {
            const where = child.position ? `:${child.position.start.line}` : '';
            const reason = typeof child.properties?.title === 'string' ? ` (${child.properties.title})` : '';
            errors.push(`${file.path}${where}: KaTeX could not render "${textOf(child)}"${reason}`);
            continue;
          }
        }
        if ('children' in child) visit(child as { children: unknown[] });
      }
    };
    visit(tree);
    // rehype-katex also records the parse error on the file; prefer its precise location when present.
    const katexMessages = file.messages.filter((message) => message.source === 'rehype-katex');
    if (katexMessages.length > 0 || errors.length > 0) {
      const details = katexMessages.length > 0
        ? katexMessages.map((message) => `${file.path}:${message.line ?? '?'}: ${message.cause instanceof Error ? message.cause.message : message.reason}`)
        : errors;
      throw new Error(`Math that KaTeX cannot render:\n${details.join('\n')}`);
    }
  };
}
