import { memo } from 'react';
import type { PresentedFinding } from '../present/messages';
import { t } from '../i18n';
import type { Span } from '../model/span';

interface Props {
  findings: PresentedFinding[];
  onReveal: (at: Span) => void;
}

export const FindingsPanel = memo(function FindingsPanel({ findings, onReveal }: Props) {
  if (findings.length === 0) return <p className="kx-muted">{t('panel.noFindings')}</p>;
  return (
    <ul className="kx-findings" data-testid="findings">
      {findings.map((f, i) => (
        <li
          key={i}
          className={`kx-finding ${f.severity}`}
          data-rule={f.rule}
          onClick={() => onReveal({ fileId: f.fileId, range: f.range })}
        >
          <span className={`kx-sev ${f.severity}`}>{f.severity}</span> {f.message}
          {f.fix && <div className="kx-muted kx-fix">{f.fix}</div>}
        </li>
      ))}
    </ul>
  );
});
