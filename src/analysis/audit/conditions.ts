/**
 * The small typed vocabulary the check table's conditions are written in: each helper reads effective values from
 * the CheckContext and returns a Verdict with what it expected and the change that would make it pass. Absent flags
 * are judged by their effective default (the FlagView's value), never by their absence alone.
 */
import { parse as parseYaml } from 'yaml';
import type { CheckContext, Expectation, FixChange, FlagView, Verdict } from './model';

const verdict = (ok: boolean, flag: string, expected: Expectation, change: FixChange | null): Verdict => ({
  status: ok ? 'pass' : 'fail',
  flag,
  expected,
  change: ok ? null : change,
});

/** pflag's boolean spellings; a bare `--flag` is true. */
export function boolOf(f: FlagView): boolean | null {
  if (f.written && f.value === null) return true;
  if (f.value === null || f.value === '') return f.source === 'default' ? false : null;
  if (/^(1|t|true)$/i.test(f.value.trim())) return true;
  if (/^(0|f|false)$/i.test(f.value.trim())) return false;
  return null;
}

/** The items of a list value (`Node,RBAC`), trimmed, empty ones dropped. */
export function itemsOf(f: FlagView): string[] {
  return (f.value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The map of a `key=value,...` value (feature gates): the last of a key wins, as pflag merges. */
export function mapOf(f: FlagView): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of itemsOf(f)) {
    const eq = item.indexOf('=');
    if (eq > 0) out.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }
  return out;
}

/** The value equals `value` (booleans by meaning, `true` = `1` = `t`; numbers by value). */
export function equals(c: CheckContext, flag: string, value: string): Verdict {
  const f = c.flag(flag);
  let ok: boolean;
  if (value === 'true' || value === 'false') ok = boolOf(f) === (value === 'true');
  else if (/^-?\d+$/.test(value) && f.value !== null && /^\s*-?\d+\s*$/.test(f.value))
    ok = Number(f.value) === Number(value);
  else ok = (f.value ?? '').trim() === value;
  return verdict(ok, flag, { kind: 'equals', flag, value }, { kind: 'set', flag, value });
}

/** The value is not `value` (a duration `0` also as `0s`, `0m0s`). */
export function notEquals(c: CheckContext, flag: string, value: string, fixValue: string): Verdict {
  const f = c.flag(flag);
  const v = (f.value ?? '').trim();
  const zero = value === '0' && /^0+([hms]|ms|us|ns)?(0+([hms]|ms|us|ns))*$/.test(v);
  const ok = !(v === value || zero || (value === 'false' && boolOf(f) === false));
  return verdict(ok, flag, { kind: 'not-equals', flag, value }, { kind: 'set', flag, value: fixValue });
}

/** Written with a non-empty value (a path, a file): the default is no value. `suggest`: a conventional value. */
export function isSet(c: CheckContext, flag: string, suggest: string | null = null): Verdict {
  const f = c.flag(flag);
  const ok = f.written && f.value !== null && f.value.trim() !== '';
  return verdict(ok, flag, { kind: 'set', flag }, suggest === null ? null : { kind: 'set', flag, value: suggest });
}

/** Not written anywhere (the default of these flags is off). */
export function notSet(c: CheckContext, flag: string): Verdict {
  const f = c.flag(flag);
  return verdict(
    !f.written || (f.value !== null && f.value.trim() === ''),
    flag,
    { kind: 'not-set', flag },
    {
      kind: 'remove',
      flag,
    },
  );
}

/** The list in effect has `item` (exact element, as the component compares). */
export function includes(c: CheckContext, flag: string, item: string): Verdict {
  const f = c.flag(flag);
  return verdict(itemsOf(f).includes(item), flag, { kind: 'includes', flag, item }, { kind: 'add-item', flag, item });
}

/** The list in effect does not have `item`. */
export function excludes(c: CheckContext, flag: string, item: string): Verdict {
  const f = c.flag(flag);
  return verdict(
    !itemsOf(f).includes(item),
    flag,
    { kind: 'excludes', flag, item },
    {
      kind: 'remove-item',
      flag,
      item,
    },
  );
}

/** A number at least `min` (a value that is not a number fails). */
export function atLeast(c: CheckContext, flag: string, min: number, fixValue: string = String(min)): Verdict {
  const f = c.flag(flag);
  const n = f.value !== null && /^\s*-?\d+(\.\d+)?\s*$/.test(f.value) ? Number(f.value) : NaN;
  return verdict(n >= min, flag, { kind: 'at-least', flag, value: min }, { kind: 'set', flag, value: fixValue });
}

/** Every item of the list is one of `allowed`; an absent list (the Go default suites) fails. */
export function onlyItems(
  c: CheckContext,
  flag: string,
  allowed: readonly string[],
  /** The fix's list when none of the written items is allowed: the strictest, whatever the benchmark accepts. */
  suggest: readonly string[] = allowed,
): Verdict {
  const f = c.flag(flag);
  const items = itemsOf(f);
  const ok = items.length > 0 && items.every((i) => allowed.includes(i));
  const keep = items.filter((i) => allowed.includes(i));
  return verdict(
    ok,
    flag,
    { kind: 'only', flag, items: allowed },
    {
      kind: 'set',
      flag,
      value: (keep.length > 0 ? keep : suggest).join(','),
    },
  );
}

/** A feature gate in effect: written in `--feature-gates`, else its default (`byDefault`). */
export function gate(c: CheckContext, flag: string, name: string, want: boolean, byDefault: boolean): Verdict {
  const f = c.flag(flag);
  const written = mapOf(f).get(name);
  const value = written === undefined ? byDefault : /^(1|t|true)$/i.test(written);
  const others = [...mapOf(f)].filter(([k]) => k !== name).map(([k, v]) => `${k}=${v}`);
  return verdict(
    value === want,
    flag,
    { kind: 'gate', flag, gate: name, value: want },
    {
      kind: 'set',
      flag,
      value: [...others, `${name}=${String(want)}`].join(','),
    },
  );
}

/** Every verdict passes; the first failing one decides (its flag and change). */
export function all(...vs: Verdict[]): Verdict {
  const na = vs.find((v) => v.status === 'not-applicable');
  if (na) return na;
  const failed = vs.find((v) => v.status === 'fail');
  return {
    status: failed ? 'fail' : 'pass',
    flag: failed?.flag ?? vs[0]?.flag ?? null,
    expected: { kind: 'all', of: vs.map((v) => v.expected) },
    change: failed?.change ?? null,
  };
}

/** One verdict passes; else the first decides. */
export function any(...vs: Verdict[]): Verdict {
  const na = vs.find((v) => v.status === 'not-applicable');
  if (na) return na;
  const passed = vs.find((v) => v.status === 'pass');
  return {
    status: passed ? 'pass' : 'fail',
    flag: passed?.flag ?? vs[0]?.flag ?? null,
    expected: { kind: 'any', of: vs.map((v) => v.expected) },
    change: passed ? null : (vs[0]?.change ?? null),
  };
}

/**
 * `--admission-control` is the whole list of plugins (the only flag before 1.10, deprecated but still read after):
 * what it does not name is off. Before 1.10, with nothing written, only AlwaysAdmit ran.
 */
function legacyAdmission(c: CheckContext): { items: string[] | null; modern: boolean } {
  const legacy = c.flag('admission-control');
  return { items: legacy.written ? itemsOf(legacy) : null, modern: c.flag('enable-admission-plugins').exists };
}

const OLD_DEFAULT_SET = ['AlwaysAdmit'];

/**
 * Before 1.10 with only `--enable-admission-plugins` written: that binary does not know the flag (the not-yet-flag
 * finding says so) and would not start; the check does not apply to what cannot run.
 */
function newerThanBinary(c: CheckContext, flag: string): Verdict | null {
  const enable = c.flag(flag);
  const { items, modern } = legacyAdmission(c);
  if (modern || items !== null || !enable.written) return null;
  return {
    status: 'not-applicable',
    flag,
    expected: { kind: 'set', flag },
    change: null,
    notApplicable: { kind: 'flag-not-yet', flag, version: enable.statusVersion },
  };
}

/** The admission plugins in effect: `--enable-admission-plugins`, or the old `--admission-control` list. */
export function admissionEnabled(c: CheckContext, plugin: string): Verdict {
  const newer = newerThanBinary(c, 'enable-admission-plugins');
  if (newer) return newer;
  const enable = c.flag('enable-admission-plugins');
  const { items, modern } = legacyAdmission(c);
  const on = itemsOf(enable).includes(plugin) || (items?.includes(plugin) ?? false);
  const flag = !modern || (items !== null && !enable.written) ? 'admission-control' : 'enable-admission-plugins';
  return verdict(on, flag, { kind: 'includes', flag, item: plugin }, { kind: 'add-item', flag, item: plugin });
}

/** An admission plugin that is on by default stays on: `--disable-admission-plugins` does not name it. */
export function admissionNotDisabled(c: CheckContext, plugin: string): Verdict {
  const newer = newerThanBinary(c, 'disable-admission-plugins') ?? newerThanBinary(c, 'enable-admission-plugins');
  if (newer) return newer;
  const { items, modern } = legacyAdmission(c);
  if (items !== null || !modern)
    return verdict(
      (items ?? OLD_DEFAULT_SET).includes(plugin),
      'admission-control',
      { kind: 'includes', flag: 'admission-control', item: plugin },
      { kind: 'add-item', flag: 'admission-control', item: plugin },
    );
  return excludes(c, 'disable-admission-plugins', plugin);
}

/** An admission plugin is not switched on. */
export function admissionNotEnabled(c: CheckContext, plugin: string): Verdict {
  const newer = newerThanBinary(c, 'enable-admission-plugins');
  if (newer) return newer;
  const enable = c.flag('enable-admission-plugins');
  const { items, modern } = legacyAdmission(c);
  if (items !== null || !modern) {
    const list = items ?? OLD_DEFAULT_SET;
    const rest = list.filter((i) => i !== plugin);
    return verdict(
      !list.includes(plugin),
      'admission-control',
      { kind: 'excludes', flag: 'admission-control', item: plugin },
      rest.length > 0
        ? { kind: 'remove-item', flag: 'admission-control', item: plugin }
        : {
            kind: 'set',
            flag: 'admission-control',
            value: 'NamespaceLifecycle,LimitRanger,ServiceAccount,ResourceQuota',
          },
    );
  }
  return verdict(
    !itemsOf(enable).includes(plugin),
    'enable-admission-plugins',
    { kind: 'excludes', flag: 'enable-admission-plugins', item: plugin },
    { kind: 'remove-item', flag: 'enable-admission-plugins', item: plugin },
  );
}

/** A manual verdict: a person checks `what`. */
export function manual(what: string | null): Verdict {
  return { status: 'manual', flag: null, expected: { kind: 'manual', what }, change: null };
}

/**
 * CIS 1.2.28 on the EncryptionConfiguration the API server's --encryption-provider-config names, when its text is in
 * the workspace: the first `resources` entry that covers Secrets (`secrets`, or since 1.27 the wildcards `*.` and
 * `*.*`) decides, as the API server takes the first match; its first provider encrypts new writes. `identity` first
 * (or no entry for Secrets) stores them in plain text in etcd: fail. Null when the text is not an
 * EncryptionConfiguration (then a person checks it).
 */
export function encryptionVerdict(file: { name: string; text: string }): Verdict | null {
  let data: unknown;
  try {
    data = parseYaml(file.text, { maxAliasCount: 100 });
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (d.kind !== 'EncryptionConfiguration' || !Array.isArray(d.resources)) return null;
  let found: string | null = null;
  for (const entry of d.resources as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    const names = Array.isArray(e.resources) ? e.resources.map(String) : [];
    if (!names.some((n) => n === 'secrets' || n === '*.' || n === '*.*')) continue;
    const first = Array.isArray(e.providers) ? (e.providers[0] as unknown) : undefined;
    found = typeof first === 'object' && first !== null ? (Object.keys(first)[0] ?? 'identity') : 'identity';
    break;
  }
  const flag = 'encryption-provider-config';
  return verdict(
    found !== null && found !== 'identity',
    flag,
    { kind: 'encrypts', flag, file: file.name, resource: 'secrets', found },
    null,
  );
}
