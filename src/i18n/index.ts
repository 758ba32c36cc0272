/**
 * The UI message catalogue. Every string the app shows comes from content/<lang>/ui.json;
 * translating the UI is adding a file, not editing components.
 */
import en from '../../content/en/ui.json';

export type MessageKey = keyof typeof en;
type Catalogue = Record<string, string>;

let current: Catalogue = en;
let currentLanguage = 'en';
const listeners = new Set<() => void>();

/** The UI languages (a content/<lang>/ui.json each), each named in its own language for the switcher. */
export const UI_LANGUAGES: readonly { id: string; name: string }[] = [
  { id: 'en', name: 'English' },
  { id: 'zh-CN', name: '简体中文' },
];

/** Use `messages` (English fills what they lack) as the UI catalogue of `lang`; tells every listener. */
export function setCatalogue(messages: Catalogue, lang: string): void {
  current = { ...en, ...messages };
  currentLanguage = lang;
  for (const l of [...listeners]) l();
}

/**
 * Whether content prose in `proseLanguage` (a FlagDoc's or FieldDoc's; absent: English) is an English fallback in
 * the UI language, to be marked as such.
 */
export function isFallback(proseLanguage: string | undefined): boolean {
  return currentLanguage !== 'en' && (proseLanguage ?? 'en') !== currentLanguage;
}

/** Called after each change of the UI language; returns the unsubscribe function. */
export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The UI language a first visit gets: the first of the browser's languages we have (`zh`, `zh-TW`, `zh-Hans-CN` ->
 * zh-CN, `en-GB` -> en), else English.
 */
export function pickLanguage(
  preferred: readonly string[],
  available: readonly string[] = UI_LANGUAGES.map((l) => l.id),
): string {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    const exact = available.find((l) => l.toLowerCase() === lower);
    if (exact) return exact;
    const base = lower.split(/[-_]/)[0];
    const same = available.find((l) => l.toLowerCase().split('-')[0] === base);
    if (same) return same;
  }
  return 'en';
}

/** A number written the way the UI language writes it (`12,345`; grouping and digits per locale). */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  // one formatter per language and options: making one costs ~100 times a format (a report of 40,000 rows)
  const key = `${currentLanguage}\0${options ? JSON.stringify(options) : ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(currentLanguage, options);
    numberFormats.set(key, format);
  }
  return format.format(n);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A date in the UI language, in the browser's time zone. */
export function formatDate(d: Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return new Intl.DateTimeFormat(currentLanguage, options).format(d);
}

/** The UI language (a content/<lang>/ folder name); the worker and content loading use it too. */
export function language(): string {
  return currentLanguage;
}

/** Message for `key` with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = current[key] ?? en[key] ?? key;
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, k: string) => (k in params ? String(params[k]) : whole));
}

/** For dynamic keys (e.g. `tabs.kind.${kind}`): falls back to the key's last part. */
export function tDynamic(key: string, params: Record<string, string | number> = {}): string {
  if (key in current) return t(key as MessageKey, params);
  return key.split('.').pop() ?? key;
}
