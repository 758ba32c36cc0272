/**
 * The UI message catalogue. Every string the app shows comes from content/<lang>/ui.json;
 * translating the UI is adding a file, not editing components.
 */
import en from '../../content/en/ui.json';

export type MessageKey = keyof typeof en;
type Catalogue = Record<string, string>;

let current: Catalogue = en;
let currentLanguage = 'en';

export function setCatalogue(messages: Catalogue, lang: string): void {
  current = { ...en, ...messages };
  currentLanguage = lang;
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
