/**
 * The page's UI language: loads content/<lang>/ui.json on demand (each language its own chunk, so an English page
 * downloads no other catalogue), remembers the user's choice in localStorage, and keeps <html lang> in step.
 * A first visit takes the browser's languages (navigator.languages) into account. Browser only (import.meta.glob).
 */
import { language, pickLanguage, setCatalogue, UI_LANGUAGES } from './index';

export const LANGUAGE_STORAGE_KEY = 'kube-explainer.language';

const catalogues = import.meta.glob<Record<string, string>>(['/content/*/ui.json', '!/content/en/ui.json'], {
  import: 'default',
});

function stored(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The language this page starts in: the user's choice, else the browser's languages, else English. */
export function initialLanguage(): string {
  const ids = UI_LANGUAGES.map((l) => l.id);
  const choice = stored();
  if (choice && ids.includes(choice)) return choice;
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return pickLanguage(preferred.filter(Boolean), ids);
}

let loading: Promise<void> | null = null;
let wanted = language();

/**
 * Switch the UI to `lang` (a UI_LANGUAGES id): its catalogue is fetched the first time, then every subscriber
 * re-renders (onLanguageChange). `remember`: store it as the user's choice (the switcher does; a first visit and a
 * share link's language do not).
 */
export function setLanguage(lang: string, remember = false): Promise<void> {
  const id = UI_LANGUAGES.find((l) => l.id.toLowerCase() === lang.toLowerCase())?.id ?? 'en';
  if (remember) {
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, id);
    } catch {
      // storage refused: the choice lasts for this page only
    }
  }
  wanted = id;
  const load = id === 'en' ? Promise.resolve({}) : (catalogues[`/content/${id}/ui.json`]?.() ?? Promise.resolve({}));
  loading = load.then(
    (messages) => {
      if (wanted !== id) return; // a later switch won
      setCatalogue(messages, id);
      if (typeof document !== 'undefined') document.documentElement.lang = id;
    },
    () => {
      if (wanted === id) setCatalogue({}, 'en');
    },
  );
  return loading;
}

/** Start in the initial language; resolves when its catalogue is in use. */
export function startLanguage(): Promise<void> {
  return setLanguage(initialLanguage());
}

/**
 * The language a share link was made in: the page switches to it unless the user has chosen a language here (their
 * choice wins); not stored.
 */
export function followLinkLanguage(lang: string): void {
  if (stored()) return;
  const id = UI_LANGUAGES.find((l) => l.id.toLowerCase() === lang.toLowerCase())?.id;
  if (id && id !== language()) void setLanguage(id);
}
