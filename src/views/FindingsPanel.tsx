import { memo } from 'react';
import type { PresentedFinding } from '../present/messages';
import { t, tDynamic } from '../i18n';
import type { Span } from '../model/span';
import { VirtualList } from './VirtualList';
import { NoBreakFlags } from './NoBreakFlags';

interface Props {
  findings: PresentedFinding[];
  onReveal: (at: Span) => void;
}

/** Height of a finding before it is measured (a two-line message and its fix), in pixels. */
const ROW_HEIGHT = 64;

export const FindingsPanel = memo(function FindingsPanel({ findings, onReveal }: Props) {
  if (findings.length === 0) return <p className="kx-muted">{t('panel.noFindings')}</p>;
  return (
    <VirtualList
      className="kx-findings"
      testId="findings"
      items={findings}
      itemKey={(_f, i) => String(i)}
      estimatedHeight={ROW_HEIGHT}
      renderItem={(f) => (
        <li
          className={`kx-finding ${f.severity}`}
          data-rule={f.rule}
          onClick={() => onReveal({ fileId: f.fileId, range: f.range })}
        >
          <span className={`kx-sev ${f.severity}`}>{tDynamic(`report.text.severity.${f.severity}`)}</span>{' '}
          <NoBreakFlags text={f.message} />
          {f.fix && (
            <div className="kx-muted kx-fix">
              <NoBreakFlags text={f.fix} />
            </div>
          )}
        </li>
      )}
    />
  );
});
