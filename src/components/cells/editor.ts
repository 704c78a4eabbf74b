/**
 * The cell editor: CodeMirror 6 with TypeScript highlighting. Tab is left to the browser (moving
 * focus), so keyboard users are never trapped; indentation follows Enter and the bracket keys.
 * Ctrl/⌘+Enter runs the cell, Shift+Enter runs it and moves to the next one.
 */
import { typescriptLanguage } from '@codemirror/lang-javascript';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightSpecialChars, keymap, lineNumbers } from '@codemirror/view';

export interface EditorOptions {
  code: string;
  label: string;
  readonly: boolean;
  onChange: (code: string) => void;
  onRun: () => void;
  onRunAndNext: () => void;
}

/**
 * Token colours from CSS variables (src/styles/cells.css) that follow the site's light/dark
 * theme, chosen like the static code's high-contrast GitHub themes so every token stays above
 * 4.5:1 on the cell's background.
 */
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword, tags.controlKeyword, tags.moduleKeyword, tags.definitionKeyword], color: 'var(--mlp-code-keyword)' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--mlp-code-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--mlp-code-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--mlp-code-comment)', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName), tags.className, tags.typeName], color: 'var(--mlp-code-function)' },
  { tag: [tags.variableName, tags.propertyName, tags.punctuation, tags.operator], color: 'var(--mlp-code-text)' },
]);

/**
 * The editor takes the place of the static code (src/styles/cells.css) and must look like it:
 * the same font, line height, padding, wrapping and line-number gutter, all from the cell's
 * --mlp-code-* variables, so opening the editor moves no line. (Starlight's prose spacing is kept
 * out by the holder's `not-content` class, see ./notebook.)
 */
const theme = EditorView.theme({
  '&': { fontSize: 'var(--sl-text-code)', backgroundColor: 'var(--sl-color-bg-nav)', color: 'var(--sl-color-white)' },
  '.cm-scroller': { fontFamily: 'var(--__sl-font-mono)', lineHeight: 'var(--mlp-code-line-height)' },
  '.cm-content': { caretColor: 'var(--sl-color-white)', padding: 'var(--mlp-code-padding-block) 0' },
  '.cm-line': { padding: '0 var(--mlp-code-padding-end) 0 var(--mlp-gutter-gap)' },
  '.cm-gutters': { backgroundColor: 'var(--sl-color-bg-nav)', color: 'var(--mlp-gutter-color)', border: 'none' },
  '.cm-lineNumbers .cm-gutterElement': {
    padding: '0 0 0 var(--mlp-gutter-start)',
    minWidth: 'calc(var(--mlp-gutter-start) + var(--mlp-gutter-digits))',
  },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'transparent' },
  '&.cm-focused': { outline: '2px solid var(--sl-color-accent)', outlineOffset: '-2px' },
});

export function createEditor(parent: HTMLElement, options: EditorOptions): EditorView {
  const run = keymap.of([
    { key: 'Mod-Enter', run: () => (options.onRun(), true) },
    { key: 'Shift-Enter', run: () => (options.onRunAndNext(), true) },
  ]);
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: options.code,
      extensions: [
        run,
        // A lean setup instead of codemirror's basicSetup: line numbers, highlighting, undo/redo,
        // bracket matching and closing, auto-indent; no search panel, lint, folding, completion
        // popups or multiple cursors, which a short cell does not need (editor chunk 166.8 → 136.6 KB
        // gzip). The language without its completion sources, for the same reason.
        lineNumbers(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap]),
        typescriptLanguage,
        syntaxHighlighting(highlight),
        theme,
        // Wrapped lines: no sideways scrolling region that would need a tab stop of its own.
        EditorView.lineWrapping,
        EditorState.readOnly.of(options.readonly),
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
}

export function setEditorCode(view: EditorView, code: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } });
}
