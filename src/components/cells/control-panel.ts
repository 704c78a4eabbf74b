/**
 * The cell's control panel kept in step with its runs (loaded with the kernel, ./notebook): the
 * controls a run declared are shown without rebuilding what the reader is holding.
 */
import type { Control } from '~/cells/controls';
import { controlsToTree, toDom } from '~/cells/render';
import type { Output } from '~/cells/types';
import { controlOf, panelControls, show } from './controls';
import type { CellState } from './page-state';

/** A control as it was declared, whatever value it had: two runs that declared it alike keep one element. */
function declaration(control: Control): string {
  const { value: _value, ...rest } = control;
  return JSON.stringify(rest);
}

/**
 * During and after a run: the panel shows the controls the run declared. Where a control is
 * declared as before, its element stays (the reader may be dragging it; focus and pointer are not
 * lost) and only its value is set; otherwise the panel is built anew. A run that declared none
 * leaves the panel as it was while it goes on or when it failed (an error before its first
 * control), and removes it when it finished without error (the reader's code has no controls now).
 */
export function updatePanel(cell: CellState, outputs: readonly Output[], finished?: 'ok' | 'error'): void {
  const declared = outputs.flatMap((o) => (o.kind === 'control' ? [o.control] : []));
  if (declared.length === 0) {
    if (finished === 'ok') {
      cell.figure.querySelector('.mlp-cell-controls')?.remove();
      cell.controls = {};
    }
    return;
  }
  const current = panelControls(cell);
  const same = current.size === declared.length && declared.every((c) => current.has(c.label) && declaration(current.get(c.label)!.control) === declaration(c));
  if (same) {
    for (const control of declared) {
      const { wrapper } = current.get(control.label)!;
      wrapper.dataset.control = JSON.stringify(control);
      // What the reader holds is theirs: a slider being dragged already shows the newer value.
      if (!wrapper.contains(document.activeElement) || control.type === 'button') show(control, wrapper, control.value);
    }
    return;
  }
  const tree = controlsToTree(outputs, cell.data.id);
  if (!tree) return;
  const focused = document.activeElement?.closest<HTMLElement>('.mlp-control');
  const focusedLabel = focused && cell.figure.contains(focused) ? controlOf(focused)?.label : undefined;
  const [panel] = toDom([tree], document) as HTMLElement[];
  const old = cell.figure.querySelector('.mlp-cell-controls');
  if (old) old.replaceWith(panel!);
  else cell.figure.querySelector('.mlp-cell-status, .mlp-cell-code, .mlp-cell-editor')?.after(panel!);
  if (focusedLabel !== undefined) panelControls(cell).get(focusedLabel)?.wrapper.querySelector<HTMLElement>('input, select, button')?.focus();
}

