/**
 * Every export from one place, for the page and the CLI alike: the files' secrets replaced as in a share link (and
 * IPs, host and cluster names when asked), the redacted files analysed again, then the onboarding document (HTML,
 * Markdown), the JSON report or the effective flags CSV made from that analysis. Pure (async: content loads).
 */
import type { WorkspaceFile } from '../model/types';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { analyseWorkspace } from '../pipeline';
import { exportBundle, type ExportBundle } from '../export/bundle';
import { effectiveFlagsCsv } from '../export/csv';
import { documentGraphs } from '../export/graphs';
import { onboardingHtml } from '../export/html';
import { onboardingMarkdown } from '../export/markdown';
import { onboardingDocument } from '../export/onboarding';
import { NO_EXTRA_REDACTION, redactWorkspace, type RedactOptions } from './redact';

export type ExportFormat = 'html' | 'markdown' | 'json' | 'csv';

export const EXPORT_FILE: Record<ExportFormat, { ext: string; mime: string }> = {
  html: { ext: 'html', mime: 'text/html' },
  markdown: { ext: 'md', mime: 'text/markdown' },
  json: { ext: 'json', mime: 'application/json' },
  csv: { ext: 'csv', mime: 'text/csv' },
};

/** The bundle of the workspace with its secrets replaced. */
export async function redactedBundle(
  files: readonly WorkspaceFile[],
  kb: KnowledgeBase,
  options: { redact?: RedactOptions; now?: number } = {},
): Promise<ExportBundle> {
  const analysis = await analyseWorkspace(files, kb, { now: options.now });
  const { files: redacted } = redactWorkspace(files, analysis, options.redact ?? NO_EXTRA_REDACTION);
  return exportBundle(redacted, kb, { now: options.now });
}

export function renderExport(
  bundle: ExportBundle,
  format: ExportFormat,
  options: { generated?: Date | null } = {},
): string {
  switch (format) {
    case 'json':
      return JSON.stringify(bundle.report, null, 2) + '\n';
    case 'csv':
      return effectiveFlagsCsv(bundle.report);
    case 'markdown':
      return onboardingMarkdown(
        onboardingDocument(bundle, { generated: options.generated, graphs: documentGraphs(bundle) }),
      );
    case 'html':
      return onboardingHtml(
        onboardingDocument(bundle, { generated: options.generated, graphs: documentGraphs(bundle) }),
      );
  }
}
