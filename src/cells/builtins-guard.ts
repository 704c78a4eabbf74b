/**
 * The runner's guard of the built-ins: cells share one realm with the runner, the engine and Plot,
 * so a cell that replaces `Array.prototype.push`, adds `Object.prototype.then` or swaps
 * `Promise.prototype.then` would break them for every later cell, with errors that blame the
 * reader's next cell. The properties of the built-ins are recorded when this module loads (before
 * any cell runs); after each run, whatever a cell changed among them is put back, and the runner
 * says which ones it changed. What cannot be put back (made non-configurable, or frozen) is
 * reported too, so the page can offer a fresh kernel.
 */

/**
 * What one object's own properties were. Plain arrays and null-prototype records walked with index
 * loops: the guard itself must not call what it guards (an array iterator, `push`, `Map#has`).
 */
type Snapshot = { owner: object; name: string; keys: PropertyKey[]; descriptors: Record<PropertyKey, PropertyDescriptor>; extensible: boolean };

const { getOwnPropertyDescriptor, defineProperty, isExtensible, getPrototypeOf, setPrototypeOf, create, is } = Object;
const { ownKeys, deleteProperty } = Reflect;
const hasOwn = Object.hasOwn;

function append<T>(list: T[], item: T): void {
  list[list.length] = item;
}

/** The objects whose own properties the runner and the engine use, by the name a reader knows. */
function guarded(): [string, object][] {
  const typedArray = getPrototypeOf(Float64Array.prototype) as object;
  const arrayIterator = getPrototypeOf([][Symbol.iterator]()) as object;
  const iterator = getPrototypeOf(arrayIterator) as object;
  const asyncFunction = getPrototypeOf(async () => undefined) as object;
  const list: [string, object][] = [
    ['Object', Object], ['Object.prototype', Object.prototype],
    ['Function.prototype', Function.prototype], ['AsyncFunction.prototype', asyncFunction],
    ['Array', Array], ['Array.prototype', Array.prototype], ['Array iterator', arrayIterator], ['Iterator.prototype', iterator],
    ['String', String], ['String.prototype', String.prototype], ['Number', Number], ['Number.prototype', Number.prototype],
    ['Boolean.prototype', Boolean.prototype], ['Symbol', Symbol], ['Symbol.prototype', Symbol.prototype], ['BigInt.prototype', BigInt.prototype],
    ['Promise', Promise], ['Promise.prototype', Promise.prototype],
    ['Map.prototype', Map.prototype], ['Set.prototype', Set.prototype], ['WeakMap.prototype', WeakMap.prototype], ['WeakSet.prototype', WeakSet.prototype],
    ['RegExp', RegExp], ['RegExp.prototype', RegExp.prototype], ['Date', Date], ['Date.prototype', Date.prototype],
    ['Error', Error], ['Error.prototype', Error.prototype], ['TypeError.prototype', TypeError.prototype], ['SyntaxError.prototype', SyntaxError.prototype],
    ['TypedArray', getPrototypeOf(Float64Array) as object], ['TypedArray.prototype', typedArray],
    ['Float64Array.prototype', Float64Array.prototype], ['Uint8Array.prototype', Uint8Array.prototype], ['Int32Array.prototype', Int32Array.prototype],
    ['ArrayBuffer.prototype', ArrayBuffer.prototype], ['DataView.prototype', DataView.prototype],
    ['Math', Math], ['JSON', JSON], ['Reflect', Reflect],
  ];
  return list;
}

/** Globals the runner and the engine call by name; a cell assigning one (`setTimeout = …`) replaces it for the whole realm. */
const GLOBALS = [
  'Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Promise', 'Map', 'Set', 'WeakMap', 'WeakSet', 'RegExp', 'Date',
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'Math', 'JSON', 'Reflect', 'Proxy', 'Float64Array', 'Float32Array', 'Int32Array', 'Uint8Array',
  'Uint32Array', 'ArrayBuffer', 'DataView', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'structuredClone',
  'performance', 'console', 'URL', 'TextEncoder', 'TextDecoder', 'WebAssembly', 'isNaN', 'isFinite', 'parseFloat', 'parseInt',
] as const;

/** Error.stackTraceLimit is the runner's own to raise and restore around a run (see `Session.begin`). */
const skipped = (key: PropertyKey) => key === 'stackTraceLimit';

function snapshot(name: string, owner: object, only?: readonly PropertyKey[]): Snapshot {
  const keys: PropertyKey[] = [];
  const descriptors = create(null) as Record<PropertyKey, PropertyDescriptor>;
  const all = only ?? ownKeys(owner);
  for (let i = 0; i < all.length; i++) {
    const key = all[i]!;
    if (skipped(key)) continue;
    const descriptor = getOwnPropertyDescriptor(owner, key);
    if (!descriptor) continue;
    // Null prototype: defining it back must not read a `get` or `value` a cell put on Object.prototype.
    descriptors[key] = setPrototypeOf(descriptor, null) as PropertyDescriptor;
    append(keys, key);
  }
  return { owner, name, keys, descriptors, extensible: only === undefined && isExtensible(owner) };
}

const SNAPSHOTS: Snapshot[] = [
  ...guarded().map(([name, owner]) => snapshot(name, owner)),
  snapshot('globalThis', globalThis, GLOBALS.filter((key) => hasOwn(globalThis, key))),
];

/** A descriptor's own field: never read through its prototype, where a cell may have put a `value` or `get`. */
function own(descriptor: PropertyDescriptor, field: keyof PropertyDescriptor): unknown {
  return hasOwn(descriptor, field) ? descriptor[field] : undefined;
}

/** Whether the descriptor `now` (fresh from getOwnPropertyDescriptor) is `original`, read by own fields only. */
function same(now: PropertyDescriptor, original: PropertyDescriptor): boolean {
  return (
    hasOwn(now, 'value') === hasOwn(original, 'value') &&
    is(own(now, 'value'), original.value) &&
    own(now, 'get') === original.get &&
    own(now, 'set') === original.set &&
    own(now, 'writable') === original.writable &&
    own(now, 'enumerable') === original.enumerable &&
    own(now, 'configurable') === original.configurable
  );
}

function label(snap: Snapshot, key: PropertyKey): string {
  const name = typeof key === 'symbol' ? `[${key.description ?? 'symbol'}]` : String(key);
  return snap.name === 'globalThis' ? name : `${snap.name}.${name}`;
}

export interface BuiltinsReport {
  /** Built-ins that had been changed and are now as they were (`Array.prototype.push`, …). */
  restored: string[];
  /** Built-ins that were changed and could not be put back (frozen or made non-configurable); each told once. */
  stuck: string[];
}

/** Stuck built-ins already reported: they stay stuck until the kernel restarts (a new realm), and are said once. */
const told = create(null) as Record<string, true>;

function stuckOnce(stuck: string[], name: string): void {
  if (name in told) return;
  told[name] = true;
  append(stuck, name);
}

/** Puts back every guarded built-in a cell changed, added or deleted since this module loaded, and says which. */
export function restoreBuiltins(): BuiltinsReport {
  const restored: string[] = [];
  const stuck: string[] = [];
  for (let s = 0; s < SNAPSHOTS.length; s++) {
    const snap = SNAPSHOTS[s]!;
    const { owner, keys, descriptors } = snap;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const original = descriptors[key]!;
      const now = getOwnPropertyDescriptor(owner, key);
      if (now && same(now, original)) continue;
      try {
        defineProperty(owner, key, original);
        append(restored, label(snap, key));
      } catch {
        stuckOnce(stuck, label(snap, key));
      }
    }
    if (!snap.extensible) continue;
    if (!isExtensible(owner)) stuckOnce(stuck, `${snap.name} (made non-extensible)`);
    const present = ownKeys(owner);
    for (let k = 0; k < present.length; k++) {
      const key = present[k]!;
      if (key in descriptors || skipped(key)) continue;
      if (deleteProperty(owner, key)) append(restored, label(snap, key));
      else stuckOnce(stuck, label(snap, key));
    }
  }
  return { restored, stuck };
}
