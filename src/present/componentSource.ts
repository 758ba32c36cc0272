/**
 * How a document's component was recognised (`DocumentBase.componentSource`, written by the ingest formats in a
 * fixed English form: `command kube-apiserver`, `process etcd`, `hyperkube sub-command apiserver`, `image
 * registry.k8s.io/kube-apiserver:v1.31.2`, `variable KUBE_APISERVER_ARGS`, `file name apiserver.env`, `kind
 * ClusterConfiguration`, `label component=kube-apiserver`, `k3s journal`) in the UI language: the leading words are
 * ours (ui.json `panel.source.*`), the names after them (binaries, images, kinds, variables, file names) stay as
 * they are. A form not listed (`k3s kube-apiserver-arg`, `ExecStart kube-apiserver`: a key and a name) is shown
 * as it is.
 */
import { t, type MessageKey } from '../i18n';

const FORMS: readonly [RegExp, MessageKey, readonly string[]][] = [
  [/^(\S+) sub-command (\S+)$/, 'panel.source.subcommand', ['binary', 'name']],
  [/^command (.+)$/, 'panel.source.command', ['name']],
  [/^process (.+)$/, 'panel.source.process', ['name']],
  [/^image (.+)$/, 'panel.source.image', ['name']],
  [/^variable (.+)$/, 'panel.source.variable', ['name']],
  [/^file name (.+)$/, 'panel.source.fileName', ['name']],
  [/^label (.+)$/, 'panel.source.label', ['name']],
  [/^kind (.+)$/, 'panel.source.kind', ['name']],
  [/^(\S+) journal$/, 'panel.source.journal', ['name']],
];

/** Chinese puts no space between its characters (`来自 {source}` with `命令 …`: `来自命令 …`). */
const CJK_GAP = /([\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])/g;

/** The source in words of the UI language (`命令 kube-apiserver`). */
export function componentSourceText(source: string): string {
  for (const [re, key, names] of FORMS) {
    const m = re.exec(source);
    if (m) return t(key, Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ''])));
  }
  return source;
}

/** `from command kube-apiserver` / `来自命令 kube-apiserver`: the panel's note of how the component was recognised. */
export function fromComponentSource(source: string): string {
  return t('panel.from', { source: componentSourceText(source) }).replace(CJK_GAP, '$1');
}
