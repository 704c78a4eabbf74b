/**
 * Shows the reader's progress on every page, after load: the chapter's "2 of 3 exercises solved"
 * under its title and a line under each exercise's heading, each chapter's count in the sidebar,
 * and on the course page the counts of the chapter list and the Export / Import / Reset panel. The
 * page as built shows how many exercises each chapter has; everything here only adds to it.
 */
import { parseRecord, summary, type CatalogueChapter, type ExerciseState, type ProgressRecord } from './record';
import { catalogue, currentChapter, slugOf } from './page';
import { clearRecord, loadRecord, onRecordChange, saveRecord } from './store';

const STATE_TEXT: Record<Exclude<ExerciseState, 'not tried'>, string> = {
  solved: 'Solved',
  tried: 'Tried, not solved yet',
  changed: 'Changed since you solved it: run the exercise again to check your answer against the new version',
};

function chapterLine(record: ProgressRecord, chapter: CatalogueChapter): string {
  const changed = chapter.exercises.filter((e) => record.stateOf(chapter.chapter, e) === 'changed').length;
  const text = summary(record.solvedIn(chapter), chapter.exercises.length);
  return changed > 0 ? `${text}; ${changed} changed since you solved ${changed === 1 ? 'it' : 'them'}` : text;
}

/** The heading of exercise `number` in the page's content (Starlight ids it "exercise-2-…"). */
function headingOf(number: number): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.sl-markdown-content h3[id^="exercise-${number}-"], .sl-markdown-content h3[id="exercise-${number}"]`);
}

function showExercises(record: ProgressRecord, chapter: CatalogueChapter): void {
  for (const exercise of chapter.exercises) {
    const heading = headingOf(exercise.number);
    if (!heading) continue;
    const anchor = heading.closest('.sl-heading-wrapper') ?? heading;
    let line = anchor.nextElementSibling as HTMLElement | null;
    if (!line?.classList.contains('mlp-exercise-state')) {
      line = document.createElement('p');
      line.className = 'mlp-exercise-state';
      anchor.after(line);
    }
    const state = record.stateOf(chapter.chapter, exercise);
    line.dataset.state = state;
    line.hidden = state === 'not tried';
    const entry = record.get(chapter.chapter, exercise.id);
    const when = state === 'solved' && entry?.solvedAt ? ` on ${new Date(entry.solvedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}` : '';
    line.textContent = state === 'not tried' ? '' : `${STATE_TEXT[state]}${when}.`;
  }
}

function showCounts(record: ProgressRecord, chapters: readonly CatalogueChapter[]): void {
  for (const chapter of chapters) {
    const line = chapterLine(record, chapter);
    for (const el of document.querySelectorAll<HTMLElement>(`[data-progress-chapter="${chapter.chapter}"]`)) el.textContent = line;
    // The sidebar: a short count after the chapter's link, read out in full.
    for (const link of document.querySelectorAll<HTMLAnchorElement>('nav.sidebar a[href]')) {
      if (slugOf(new URL(link.href, location.href).pathname) !== chapter.chapter) continue;
      let count = link.querySelector<HTMLElement>('.mlp-sidebar-count');
      if (!count) {
        count = document.createElement('span');
        count.className = 'mlp-sidebar-count';
        link.append(count);
      }
      const solved = record.solvedIn(chapter);
      count.dataset.complete = String(solved === chapter.exercises.length);
      count.innerHTML = '';
      const visible = Object.assign(document.createElement('span'), { textContent: `${solved}/${chapter.exercises.length}` });
      visible.setAttribute('aria-hidden', 'true');
      count.append(visible, Object.assign(document.createElement('span'), { className: 'sr-only', textContent: `, ${line}` }));
    }
  }
}

/** The course page's panel: export the record as a file, import one, or reset it. */
function wirePanel(panel: HTMLElement): void {
  const status = panel.querySelector<HTMLElement>('[data-progress-status]')!;
  const file = panel.querySelector<HTMLInputElement>('input[type="file"]')!;
  const tell = (text: string, tone: 'info' | 'warn' = 'info') => {
    status.textContent = text;
    status.dataset.tone = tone;
  };
  panel.hidden = false;
  panel.querySelector('[data-progress-export]')!.addEventListener('click', () => {
    const record = loadRecord();
    const blob = new Blob([`${JSON.stringify(record.toFile(new Date()), null, 2)}\n`], { type: 'application/json' });
    const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: 'mlp-from-scratch-progress.json' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    tell(`Exported ${record.all().length} ${record.all().length === 1 ? 'exercise' : 'exercises'} to mlp-from-scratch-progress.json.`);
  });
  panel.querySelector('[data-progress-import]')!.addEventListener('click', () => file.click());
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    file.value = '';
    if (!chosen) return;
    if (chosen.size > 5_000_000) {
      tell(`${chosen.name} is too large (${Math.round(chosen.size / 1e6)} MB) to be a progress file; nothing was imported.`, 'warn');
      return;
    }
    const parsed = parseRecord(await chosen.text(), chosen.name);
    if (!parsed.ok) {
      tell(`Nothing was imported: ${parsed.problem}.`, 'warn');
      return;
    }
    const record = loadRecord();
    record.merge(parsed.record);
    saveRecord(record);
    tell(`Imported ${parsed.record.all().length} ${parsed.record.all().length === 1 ? 'exercise' : 'exercises'} from ${chosen.name}.`);
  });
  panel.querySelector('[data-progress-reset]')!.addEventListener('click', () => {
    const count = loadRecord().all().length;
    if (count === 0) {
      tell('There is no progress to reset.');
      return;
    }
    if (!confirm(`Forget your progress on ${count} ${count === 1 ? 'exercise' : 'exercises'} in this browser? Export it first to keep a copy.`)) {
      tell('Nothing was reset.');
      return;
    }
    clearRecord();
    tell('Your progress was reset.');
  });
}

function init(): void {
  const chapters = catalogue();
  if (chapters.length === 0) return;
  const here = currentChapter(chapters);
  onRecordChange(() => {
    const record = loadRecord();
    showCounts(record, chapters);
    if (here) showExercises(record, here);
  });
  const panel = document.querySelector<HTMLElement>('[data-progress-panel]');
  if (panel) wirePanel(panel);
}

init();
