/**
 * Text in which flag names (`--enable-admission-plugins`) do not break at their hyphens: each name in a
 * `kx-nobreak` span (white-space: nowrap), the words around it wrapping as the language does. Chinese prose breaks
 * between any two characters, so a name next to it otherwise splits as `--enable-` / `admission-plugins` in a
 * narrow cell. Values after `=` may still break (a long list of plugins).
 */
import { Fragment } from 'react';

/** A flag name: two dashes, then letters, digits and single hyphens. */
const FLAG = /--[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*/g;

/** The parts of `text`: the flag names (odd indexes) and the text between them (even). */
export function splitFlagNames(text: string): string[] {
  const out: string[] = [];
  let last = 0;
  for (const m of text.matchAll(FLAG)) {
    out.push(text.slice(last, m.index), m[0]);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

export function NoBreakFlags({ text }: { text: string }) {
  const parts = splitFlagNames(text);
  if (parts.length === 1) return <>{text}</>;
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <span key={i} className="kx-nobreak">
            {p}
          </span>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}
