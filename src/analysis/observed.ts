/**
 * A running process against what declares it: where a `ps` line, `kubectl describe` or `crictl inspect` of a
 * component shows another command than its static Pod, unit or distribution configuration (the effective
 * configuration's `observed`, src/effective/configuration.ts), one finding per flag. A difference means the process
 * was started before the declaration last changed (the kubelet has not restarted the static Pod yet, or keeps the old
 * one because the new manifest does not parse; a unit edited without `systemctl daemon-reload` and a restart), or the
 * two documents are of different hosts. Secrets are never quoted.
 */
import type { AnnotatedDocument } from '../annotate/annotate';
import { cachedEffectiveConfiguration, type ComponentInstance, type ObservedDifference } from '../effective';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { message, type Message } from '../model/message';
import type { DocumentId, FileId } from '../model/span';
import { unknownFlood } from './flagChecks';
import { makeFinding, type RuleSeverities } from './rules';
import type { Finding } from './types';

/**
 * More differences than this in one process: one finding for the process (it is most likely another node's, or not
 * the same process), the flags listed in the effective panel and the CLI JSON.
 */
const MAX_FINDINGS_PER_PROCESS = 8;

const shown = (d: ObservedDifference): string | Message =>
  d.secret
    ? message('observed.secret', { flag: d.name })
    : d.observed === null
      ? `--${d.name}`
      : `--${d.name}=${d.observed}`;

function declared(d: ObservedDifference, fileName: (id: FileId) => string): Message {
  const value = d.secret ? message('observed.secret-value') : (d.effective ?? '');
  if (d.effectiveSpan && (d.source === 'set' || d.source === 'config'))
    return message('observed.declared', { flag: d.name, value, file: fileName(d.effectiveSpan.fileId) });
  if (d.source === 'kubeadm') return message('observed.declared-kubeadm', { flag: d.name, value });
  return d.effective === null
    ? message('observed.declared-unset', { flag: d.name })
    : message('observed.declared-default', { flag: d.name, value });
}

/** The findings of every instance's observations (instances without one cost nothing). */
export function observedFindings(
  instances: readonly ComponentInstance[],
  documents: ReadonlyMap<DocumentId, AnnotatedDocument>,
  kb: KnowledgeBase,
  fileName: (id: FileId) => string,
  rules: RuleSeverities,
): Finding[] {
  const out: Finding[] = [];
  for (const instance of instances) {
    if (!instance.documents.some((d) => d.role === 'observed')) continue;
    const e = cachedEffectiveConfiguration(instance, documents, kb);
    const command = instance.documents.find((d) => d.role === 'command');
    for (const o of e.observed) {
      const process = documents.get(o.documentId);
      // mostly unknown flags: probably not a command line at all (unknown-flag-flood says so), nothing to compare
      if (!process || unknownFlood(process) > 0) continue;
      const processFile = fileName(process.document.fileId);
      if (o.differences.length > MAX_FINDINGS_PER_PROCESS) {
        const names = o.differences.map((d) => `--${d.name}`);
        out.push(
          makeFinding(
            rules,
            'process-differs',
            {
              component: instance.component,
              count: String(o.differences.length),
              flags: { list: names.slice(0, 5), join: 'comma' },
              more: String(Math.max(0, names.length - 5)),
            },
            {
              fileId: process.document.fileId,
              range: process.document.binaryRange ?? process.document.range,
              documentId: o.documentId,
            },
          ),
        );
        continue;
      }
      for (const d of o.differences) {
        const base = { flag: d.name, component: instance.component };
        if (d.kind === 'running' && d.observedSpan)
          out.push(
            makeFinding(
              rules,
              'process-flag-differs',
              { ...base, shown: shown(d), declaredText: declared(d, fileName) },
              { ...d.observedSpan, documentId: o.documentId },
            ),
          );
        else if (d.kind === 'not-running' && d.effectiveSpan)
          out.push(
            makeFinding(
              rules,
              'process-flag-not-running',
              {
                ...base,
                value: d.secret ? message('observed.secret-value') : (d.effective ?? ''),
                process: processFile,
              },
              { ...d.effectiveSpan, documentId: command?.documentId ?? null },
            ),
          );
      }
    }
  }
  return out;
}
