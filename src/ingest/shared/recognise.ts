/**
 * Which component a name belongs to: an executable, a wrapper's sub-command, a process name as
 * `netstat` prints it, an environment variable, an env file's path, a port. Every answer comes from
 * the facts in content/components.yaml (IngestFacts); nothing here lists a component itself.
 */
import type { ComponentId } from '../../model/types';
import type { ComponentInfo, ComponentTable, IngestFacts } from '../../model/components';

/** Basename of an executable path: `/usr/local/bin/kube-apiserver` -> `kube-apiserver`. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The component an executable starts, by its basename (exact match). */
export function componentOfBinary(binary: string, components: ComponentTable): ComponentId | null {
  const base = basename(binary);
  for (const info of components.values()) if (info.binaries.includes(base)) return info.id;
  return null;
}

/** `hyperkube apiserver ...`, `/hyperkube kube-apiserver ...`: a wrapper whose first argument names the component. */
export function isWrapper(binary: string, wrappers: readonly string[]): boolean {
  return wrappers.includes(basename(binary));
}

/** The component a process is, by the name it runs under (`ps -e`, the basename in `ps -ef`). */
export function componentOfProcess(name: string, components: ComponentTable): ComponentId | null {
  const base = basename(name);
  for (const info of components.values()) if (info.processNames.includes(base)) return info.id;
  return null;
}

/** The shortest a cut process name may be and still name a component (`kube-apiserve`, `kube-controll`). */
const MIN_CUT_NAME = 12;

/** The component of a process name as netstat / ss print it, perhaps cut short. */
export function componentOfProcessName(name: string, components: ComponentTable): ComponentId | null {
  const n = name.trim();
  if (n.length < 4) return null;
  for (const info of components.values())
    if (info.processNames.some((full) => full === n || (n.length >= MIN_CUT_NAME && full.startsWith(n))))
      return info.id;
  return null;
}

/** The component that listens on a port by default (only ports that identify it). */
export function componentOfPort(port: number, components: ComponentTable): ComponentId | null {
  for (const info of components.values()) if (info.ports.some((p) => p.port === port && p.identifies)) return info.id;
  return null;
}

const compiled = new Map<string, RegExp | null>();

/** A pattern from content, compiled once; null when it does not compile (the loader reported it). */
export function contentRegExp(source: string): RegExp | null {
  let re = compiled.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source);
    } catch {
      re = null;
    }
    compiled.set(source, re);
  }
  return re;
}

/** The component a variable's flags are for, from its name alone (null when it cannot be told). */
export function componentOfVariable(name: string, components: ComponentTable): ComponentId | null {
  for (const info of components.values()) if (info.envVariables.includes(name)) return info.id;
  for (const info of components.values())
    if (info.envVariablePatterns.some((p) => contentRegExp(p)?.test(name))) return info.id;
  return null;
}

/** The component an env file is for, from its path: `/etc/kubernetes/apiserver`, `kubeadm-flags.env`... */
export function componentOfEnvPath(path: string, components: ComponentTable): ComponentId | null {
  const b = basename(path.trim()).replace(/\.(env|conf|cfg)$/, '');
  for (const info of components.values()) if (info.envFileNames.includes(b)) return info.id;
  return null;
}

/** `ETCD_INITIAL_CLUSTER_STATE` -> etcd's `initial-cluster-state`: a component that reads each flag from such a variable. */
export function flagOfVariable(
  name: string,
  components: ComponentTable,
): { component: ComponentId; flag: string } | null {
  for (const info of components.values()) {
    const prefix = info.flagEnvPrefix;
    if (!prefix || !name.startsWith(prefix) || info.envVariables.includes(name)) continue;
    const rest = name.slice(prefix.length);
    if (/^[A-Z0-9_]+$/.test(rest)) return { component: info.id, flag: rest.toLowerCase().replace(/_/g, '-') };
  }
  return null;
}

/** Whether an unresolved `$NAME` is one that is normally unset. */
export function isUsuallyUnset(name: string, components: ComponentTable): boolean {
  for (const info of components.values()) if (info.usuallyUnsetVariables.includes(name)) return true;
  return false;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A RegExp alternation (`a|b|c`, longest first) of names, matched literally; one that never matches for none. */
export function alternation(names: Iterable<string>): string {
  const list = [...new Set(names)].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return list.length === 0 ? '(?!)' : list.map(escapeRegExp).join('|');
}

/** Names a command of a component starts with: its process names and the wrappers. */
export function commandNames(facts: Pick<IngestFacts, 'components' | 'wrappers'>): string[] {
  return [...[...facts.components.values()].flatMap((info: ComponentInfo) => info.processNames), ...facts.wrappers];
}

const built = new WeakMap<ComponentTable, Map<string, RegExp>>();

/**
 * A RegExp made from the facts, built once per component table and key (detection runs for every
 * file and every part of a mixed paste). The key must name everything else the RegExp depends on.
 */
export function factsRegExp(components: ComponentTable, key: string, build: () => RegExp): RegExp {
  let perTable = built.get(components);
  if (!perTable) built.set(components, (perTable = new Map<string, RegExp>()));
  let re = perTable.get(key);
  if (!re) perTable.set(key, (re = build()));
  return re;
}

/** A RegExp matching any of the names a component's command starts with (process names, wrappers). */
export function commandNamesRegExp(
  facts: Pick<IngestFacts, 'components' | 'wrappers'>,
  template: (names: string) => string,
  flags = '',
): RegExp {
  const key = `${template('\0')}/${flags}/${facts.wrappers.join(',')}`;
  return factsRegExp(facts.components, key, () => new RegExp(template(alternation(commandNames(facts))), flags));
}
