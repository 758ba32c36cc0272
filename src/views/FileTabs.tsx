import type { WorkspaceFile, DocumentKind } from '../model/types';
import type { WorkspaceAnalysis } from '../pipeline';
import { t, tDynamic } from '../i18n';

interface Props {
  files: WorkspaceFile[];
  activeFileId: string | null;
  analysis: WorkspaceAnalysis | null;
  onSelect: (id: string) => void;
  onClose: (id: string) => void;
  onRename: (id: string) => void;
}

function shortName(name: string): string {
  return name.split('/').pop() || name;
}

export function FileTabs({ files, activeFileId, analysis, onSelect, onClose, onRename }: Props) {
  const kindOf = (id: string): DocumentKind | null =>
    analysis?.files.find((f) => f.file.fileId === id)?.file.kind ?? null;
  const errorsOf = (id: string) =>
    analysis?.findings.filter((f) => f.fileId === id && f.severity === 'error').length ?? 0;
  return (
    <div className="kx-tabs" role="tablist">
      {files.map((f) => {
        const kind = kindOf(f.id);
        const errors = errorsOf(f.id);
        return (
          <div
            key={f.id}
            role="tab"
            aria-selected={f.id === activeFileId}
            className={`kx-tab${f.id === activeFileId ? ' active' : ''}`}
            title={`${f.name} — ${t('tabs.rename')}`}
            onClick={() => onSelect(f.id)}
            onDoubleClick={() => onRename(f.id)}
            data-testid="file-tab"
          >
            <span className="kx-tab-name">{shortName(f.name)}</span>
            {kind && <span className={`kx-kind kx-kind-${kind}`}>{tDynamic(`tabs.kind.${kind}`)}</span>}
            {errors > 0 && <span className="kx-badge error">{errors}</span>}
            <button
              className="kx-tab-close"
              aria-label={t('tabs.close', { name: f.name })}
              onClick={(e) => {
                e.stopPropagation();
                onClose(f.id);
              }}
            >
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
