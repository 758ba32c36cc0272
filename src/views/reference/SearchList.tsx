/**
 * A search box over a list of links, driven by the keyboard: `/` anywhere focuses the box, ↑ ↓ move the active row,
 * Enter opens it (clicking works too). Shared by the flag list and the feature-gate list.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { t } from '../../i18n';

export interface SearchRow {
  key: string;
  to: string;
  className?: string;
  content: ReactNode;
}

/** `/` focuses `input` unless the user is typing somewhere. */
function useSlashFocus(input: React.RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [input]);
}

export function SearchList({
  query,
  onQuery,
  rows,
  label,
  empty,
  toolbar,
  testId,
}: {
  query: string;
  onQuery: (q: string) => void;
  rows: readonly SearchRow[];
  label: string;
  empty: string;
  toolbar?: ReactNode;
  testId: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const navigate = useNavigate();
  const [active, setActive] = useState(0);
  useSlashFocus(input);
  // a new search or filter starts at the best match
  const first = rows[0]?.key ?? '';
  useEffect(() => setActive(0), [query, first, rows.length]);
  const current = Math.min(active, Math.max(0, rows.length - 1));
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${current}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive(Math.min(rows.length - 1, current + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(Math.max(0, current - 1));
    } else if (e.key === 'Home' && e.ctrlKey) {
      setActive(0);
    } else if (e.key === 'Enter') {
      const row = rows[current];
      if (row) {
        e.preventDefault();
        void navigate(row.to);
      }
    } else if (e.key === 'Escape' && query !== '') {
      onQuery('');
    }
  };

  return (
    <div className="kx-ref-search" data-testid={testId}>
      <div className="kx-ref-searchbar">
        <label>
          <span className="kx-ref-label">{label}</span>
          <input
            ref={input}
            type="search"
            value={query}
            placeholder={t('reference.searchPlaceholder')}
            onChange={(e) => onQuery(e.target.value)}
            onKeyDown={onKeyDown}
            role="combobox"
            aria-expanded="true"
            aria-controls={`${testId}-list`}
            aria-activedescendant={rows[current] ? `${testId}-row-${current}` : undefined}
            data-testid="reference-search"
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <span className="kx-muted kx-ref-hint">{t('reference.searchHint')}</span>
        {toolbar}
      </div>
      {rows.length === 0 ? (
        <p className="kx-muted" data-testid="reference-empty">
          {empty}
        </p>
      ) : (
        <ul className="kx-ref-list" role="listbox" id={`${testId}-list`} ref={list} data-testid="reference-list">
          {rows.map((r, i) => (
            <li
              key={r.key}
              id={`${testId}-row-${i}`}
              data-index={i}
              role="option"
              aria-selected={i === current}
              className={`${r.className ?? ''}${i === current ? ' active' : ''}`}
              onMouseMove={() => i !== current && setActive(i)}
            >
              <Link to={r.to} tabIndex={-1}>
                {r.content}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The search text: kept in the component as typed and written to the address (`q`) after it, so a search has a
 * stable URL and no keystroke is lost to a pending navigation.
 */
export function useQueryParam(): [string, (q: string) => void] {
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(() => params.get('q') ?? '');
  const inUrl = params.get('q') ?? '';
  useEffect(() => {
    if (query === inUrl) return;
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (query === '') n.delete('q');
        else n.set('q', query);
        return n;
      },
      { replace: true },
    );
  }, [query, inUrl, setParams]);
  return [query, setQuery];
}
