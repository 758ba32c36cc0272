/** Language tags of content folders (content/en, content/zh-CN): BCP 47, compared and written in canonical case. */
import type { ContentReader } from './reader';

/**
 * A BCP 47 tag in its canonical case: language lower case, script title case, region upper case
 * (`ZH-cn` -> `zh-CN`, `zh-hans-cn` -> `zh-Hans-CN`, `EN` -> `en`); `_` is read as `-`. Null when it is no tag.
 */
export function normaliseLanguageTag(tag: string): string | null {
  const parts = tag.trim().replace(/_/g, '-').split('-');
  if (!parts[0] || !/^[A-Za-z]{2,3}$/.test(parts[0])) return null;
  const out = [parts[0].toLowerCase()];
  for (const [i, p] of parts.slice(1).entries()) {
    if (!/^[A-Za-z0-9]{1,8}$/.test(p)) return null;
    if (i === 0 && /^[A-Za-z]{4}$/.test(p)) out.push(p[0]!.toUpperCase() + p.slice(1).toLowerCase());
    else if (/^[A-Za-z]{2}$/.test(p) || /^\d{3}$/.test(p)) out.push(p.toUpperCase());
    else out.push(p.toLowerCase());
  }
  return out.join('-');
}

/** The languages content/ holds (a folder with a ui.json or flags), English first. */
export function contentLanguages(reader: ContentReader): string[] {
  const found = new Set<string>();
  for (const p of reader.list('')) {
    const m = /^([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\/(?:ui\.json|flags\/)/.exec(p);
    if (m?.[1]) found.add(m[1]);
  }
  return [...found].sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
}

/** The content language a requested tag means: exact (any case), else the same base language (`zh` -> `zh-CN`). */
export function matchLanguage(tag: string, available: readonly string[]): string | null {
  const norm = normaliseLanguageTag(tag);
  if (!norm) return null;
  const exact = available.find((l) => l.toLowerCase() === norm.toLowerCase());
  if (exact) return exact;
  const base = norm.split('-')[0];
  return available.find((l) => l.split('-')[0] === base) ?? null;
}
