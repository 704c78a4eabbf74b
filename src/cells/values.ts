/**
 * Numbers in a chapter's prose that come from its cells. Prose writes
 *
 *   the loss falls to <Value of="history.at(-1).loss" digits={3} /> after 200 steps
 *
 * and the build puts the number there: it evaluates `of` in the page's session right after the
 * cells above it have run (document order, so the value is the one the reader sees printed just
 * above), formats it, and replaces the element with the text. The tests evaluate the same values
 * through the same runner, so a change to the engine can never leave a number in the text stale;
 * an expression that cannot be computed stops the build, naming the chapter and the line.
 *
 * Options: `digits={n}` significant digits (default 3), `fixed={n}` digits after the point
 * instead, `percent` multiplies by 100 and adds " %". Integers print whole, grouped by thousands
 * (101,770). Numbers below 10⁻³ or from 10⁶ print as "3.2 × 10⁻⁸". Strings print as they are.
 */

/** The name of the prose element; no import is needed in a chapter (the build replaces it). */
export const VALUE_ELEMENT = 'Value';

export interface ValueFormat {
  /** Significant digits (1–17). */
  digits?: number;
  /** Digits after the decimal point (0–20); takes the place of `digits`. */
  fixed?: number;
  /** Show 100·x followed by " %". */
  percent?: boolean;
}

/** One `<Value>` of a page: what to evaluate and how to print it, and where it is in the MDX file. */
export interface PageValue {
  expression: string;
  format: ValueFormat;
  /** 1-based line of the element in the MDX file. */
  line: number;
}

/** An attribute as it comes from the MDX parser: a string, an expression's source text (`{3}`), or null (a bare `percent`). */
export interface ValueAttribute {
  name: string;
  value: string | null | { expression: string };
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

function integerOption(name: string, attribute: ValueAttribute, min: number, max: number, where: string): number {
  const text = typeof attribute.value === 'string' ? attribute.value : attribute.value?.expression;
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${where}: <Value ${name}=…> must be an integer from ${min} to ${max}, got ${JSON.stringify(text ?? null)}`);
  }
  return n;
}

/** The expression and format of a `<Value>` element's attributes; unknown or malformed ones throw, naming `where`. */
export function parseValueAttributes(attributes: readonly ValueAttribute[], where: string): { expression: string; format: ValueFormat } {
  let expression: string | undefined;
  const format: ValueFormat = {};
  for (const attribute of attributes) {
    switch (attribute.name) {
      case 'of':
        if (typeof attribute.value !== 'string' || attribute.value.trim() === '') {
          throw new Error(`${where}: <Value of="…"> needs the expression as a quoted string, e.g. of="history.at(-1).loss"`);
        }
        expression = attribute.value;
        break;
      case 'digits':
        format.digits = integerOption('digits', attribute, 1, 17, where);
        break;
      case 'fixed':
        format.fixed = integerOption('fixed', attribute, 0, 20, where);
        break;
      case 'percent':
        if (attribute.value !== null) throw new Error(`${where}: <Value percent> takes no value`);
        format.percent = true;
        break;
      default:
        throw new Error(`${where}: <Value> has no attribute "${attribute.name}" (it takes of, digits, fixed, percent)`);
    }
  }
  if (expression === undefined) throw new Error(`${where}: <Value> needs of="expression"`);
  if (format.digits !== undefined && format.fixed !== undefined) throw new Error(`${where}: <Value> takes digits or fixed, not both`);
  return { expression, format };
}

function grouped(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A finite number as prose prints it (see the module comment); a minus is the typographic "−". */
function formatNumber(x: number, format: ValueFormat): string {
  const sign = x < 0 ? '−' : '';
  const abs = Math.abs(x);
  if (format.fixed !== undefined) {
    const [whole, fraction] = abs.toFixed(format.fixed).split('.');
    return `${sign}${grouped(whole!)}${fraction !== undefined ? `.${fraction}` : ''}`;
  }
  if (Number.isInteger(abs) && abs < 1e15 && format.digits === undefined) return sign + grouped(String(abs));
  const digits = format.digits ?? 3;
  if (abs === 0) return '0';
  if (abs >= 1e-3 && abs < 1e6) {
    const [whole, fraction] = String(Number(abs.toPrecision(digits))).split('.');
    return `${sign}${grouped(whole!)}${fraction !== undefined ? `.${fraction}` : ''}`;
  }
  const [mantissa, exponent] = abs.toExponential(digits - 1).split('e');
  const power = [...String(Number(exponent))].map((c) => SUPERSCRIPT[c]).join('');
  return `${sign}${String(Number(mantissa))} × 10${power}`;
}

/** The value as prose text; anything but a finite number or a string throws, naming `where`. */
export function formatValue(value: unknown, format: ValueFormat, where: string): string {
  if (typeof value === 'string') {
    if (format.digits !== undefined || format.fixed !== undefined || format.percent) {
      throw new Error(`${where}: <Value> got the string ${JSON.stringify(value.slice(0, 80))}, but digits, fixed and percent need a number`);
    }
    return value;
  }
  if (typeof value !== 'number') {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new Error(`${where}: <Value> must compute a number or a string, got ${kind}`);
  }
  if (!Number.isFinite(value)) throw new Error(`${where}: <Value> computed ${value}, and prose cannot quote a number that is not finite`);
  return format.percent ? `${formatNumber(value * 100, format)} %` : formatNumber(value, format);
}
