/** React side of the UI language: the current language, re-rendering its caller on every switch. */
import { useSyncExternalStore } from 'react';
import { language, onLanguageChange } from '../i18n';

export function useLanguage(): string {
  return useSyncExternalStore(onLanguageChange, language, language);
}
