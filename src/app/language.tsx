/**
 * The UI language in the app: the switcher in the header (English / 简体中文, each named in its own language) and
 * the hook the app renders by. The first visit's language is chosen once the module loads (startLanguage: the
 * stored choice, else navigator.languages); until its catalogue is in, the app renders nothing rather than flash
 * English.
 */
import { useEffect, useState } from 'react';
import { t, UI_LANGUAGES } from '../i18n';
import { initialLanguage, setLanguage, startLanguage } from '../i18n/load';
import { useLanguage } from '../state/useLanguage';

let started = false;
const starting = startLanguage().then(() => {
  started = true;
});

/** The UI language, and whether the first one's catalogue is loaded. */
export function useUiLanguage(): { lang: string; ready: boolean } {
  const lang = useLanguage();
  const [ready, setReady] = useState(() => started || initialLanguage() === 'en');
  useEffect(() => {
    if (ready) return;
    let live = true;
    void starting.then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [ready]);
  return { lang, ready };
}

export function LanguageSwitcher() {
  const lang = useLanguage();
  return (
    <label className="kx-language">
      <span className="kx-sr-only">{t('i18n.language')}</span>
      <select
        value={lang}
        aria-label={t('i18n.language')}
        title={t('i18n.language')}
        onChange={(e) => void setLanguage(e.target.value, true)}
      >
        {UI_LANGUAGES.map((l) => (
          <option key={l.id} value={l.id} lang={l.id}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
