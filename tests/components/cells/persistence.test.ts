import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearEdit, clearPage, clearRunning, loadEdit, noteRunning, saveEdit, storageKey, takeInterruptedRun } from '~/components/cells/persistence';

/** A Storage stand-in whose items are own enumerable properties, as in browsers. */
class MemoryStorage {
  getItem(key: string): string | null {
    return Object.hasOwn(this, key) ? (this as unknown as Record<string, string>)[key] : null;
  }
  setItem(key: string, value: string): void {
    (this as unknown as Record<string, string>)[key] = String(value);
  }
  removeItem(key: string): void {
    delete (this as unknown as Record<string, string>)[key];
  }
}

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('sessionStorage', new MemoryStorage());
});
afterEach(() => vi.unstubAllGlobals());

describe('saved edits', () => {
  it('keeps an edit per page and cell with the hash of its original', () => {
    expect(saveEdit('/02-forward-pass/', '3', { originalHash: 'abc', code: 'matmul(X, W)' })).toBe(true);
    expect(loadEdit('/02-forward-pass/', '3')).toEqual({ originalHash: 'abc', code: 'matmul(X, W)' });
    expect(loadEdit('/02-forward-pass/', '4')).toBeNull();
    expect(loadEdit('/03-activations/', '3')).toBeNull();
  });

  it('ignores stored values that are not edits', () => {
    storage.setItem(storageKey('/p/', '1'), '{not json');
    storage.setItem(storageKey('/p/', '2'), JSON.stringify({ code: 42, originalHash: 'x' }));
    expect(loadEdit('/p/', '1')).toBeNull();
    expect(loadEdit('/p/', '2')).toBeNull();
  });

  it('resets one cell, or one page without touching other pages', () => {
    saveEdit('/a/', '1', { originalHash: 'h', code: 'one' });
    saveEdit('/a/', '2', { originalHash: 'h', code: 'two' });
    saveEdit('/ab/', '1', { originalHash: 'h', code: 'other page' });
    clearEdit('/a/', '1');
    expect(loadEdit('/a/', '1')).toBeNull();
    expect(loadEdit('/a/', '2')?.code).toBe('two');
    clearPage('/a/');
    expect(loadEdit('/a/', '2')).toBeNull();
    expect(loadEdit('/ab/', '1')?.code).toBe('other page');
  });

  it('keeps working when storage refuses writes (quota, privacy settings)', () => {
    storage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    expect(saveEdit('/p/', '1', { originalHash: 'h', code: 'x' }), 'the page is told the edit was not saved').toBe(false);
    expect(loadEdit('/p/', '1')).toBeNull();
  });
});

describe('a run interrupted by the tab going down', () => {
  it('reports the cell that was running once, per page', () => {
    noteRunning('/09-training/', '12');
    expect(takeInterruptedRun('/02-forward-pass/')).toBeNull();
    expect(takeInterruptedRun('/09-training/')).toBe('12');
    expect(takeInterruptedRun('/09-training/')).toBeNull();
  });

  it('reports nothing after a run that ended normally', () => {
    noteRunning('/p/', '3');
    clearRunning('/p/');
    expect(takeInterruptedRun('/p/')).toBeNull();
  });

  it('keeps the note out of the saved edits', () => {
    noteRunning('/p/', '3');
    expect(Object.keys(storage)).toEqual([]);
  });
});
