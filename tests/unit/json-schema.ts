/**
 * A small JSON Schema (draft-07) validator for the keywords the SARIF 2.1.0 schema uses: type, $ref to
 * #/definitions, properties, additionalProperties, required, items, minItems, uniqueItems, minimum, maximum,
 * pattern, format (uri, uri-reference, date-time), enum, anyOf, oneOf. A keyword it does not know throws, so a schema
 * that needs more is noticed instead of passing silently. tests/unit/sarif.test.ts shows it rejects broken logs.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema',
  '$id',
  'id',
  'title',
  'description',
  'default',
  'definitions',
  'type',
  '$ref',
  'properties',
  'additionalProperties',
  'required',
  'items',
  'minItems',
  'uniqueItems',
  'minimum',
  'maximum',
  'pattern',
  'format',
  'enum',
  'anyOf',
  'oneOf',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const typeMatches = (want: string, v: unknown) => want === typeOf(v) || (want === 'number' && typeOf(v) === 'integer');

const FORMATS: Record<string, (s: string) => boolean> = {
  uri: (s) => /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(s),
  'uri-reference': (s) => !/\s/.test(s),
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s),
};

export function validate(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Schema => {
    const m = /^#\/definitions\/(.+)$/.exec(ref);
    const defs = root.definitions as Record<string, Schema> | undefined;
    const s = m ? defs?.[m[1]!] : undefined;
    if (!s) throw new Error(`unresolved $ref ${ref}`);
    return s;
  };
  const check = (s: Schema, v: unknown, at: string, out: string[]): void => {
    for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Error(`schema keyword ${k} at ${at} is not supported`);
    if (typeof s.$ref === 'string') check(resolve(s.$ref), v, at, out);
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => typeMatches(t, v))) {
        out.push(`${at}: expected ${types.join('|')}, got ${typeOf(v)}`);
        return;
      }
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v)))
      out.push(`${at}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
    if (typeof v === 'string') {
      if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v))
        out.push(`${at}: does not match ${s.pattern}`);
      if (typeof s.format === 'string' && FORMATS[s.format] && !FORMATS[s.format]!(v))
        out.push(`${at}: not a ${s.format}: ${v}`);
    }
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) out.push(`${at}: ${v} < ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) out.push(`${at}: ${v} > ${s.maximum}`);
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems) out.push(`${at}: fewer than ${s.minItems} items`);
      if (s.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length)
        out.push(`${at}: items are not unique`);
      if (s.items && typeof s.items === 'object') v.forEach((x, i) => check(s.items as Schema, x, `${at}[${i}]`, out));
    }
    if (typeOf(v) === 'object') {
      const o = v as Record<string, unknown>;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const r of (s.required as string[] | undefined) ?? []) if (!(r in o)) out.push(`${at}: missing ${r}`);
      for (const [k, x] of Object.entries(o)) {
        if (props[k]) check(props[k], x, `${at}.${k}`, out);
        else if (s.additionalProperties === false) out.push(`${at}: unexpected property ${k}`);
        else if (typeof s.additionalProperties === 'object' && s.additionalProperties !== null)
          check(s.additionalProperties as Schema, x, `${at}.${k}`, out);
      }
    }
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = s[key] as Schema[] | undefined;
      if (!list) continue;
      const passing = list.filter((alt) => {
        const e: string[] = [];
        check(alt, v, at, e);
        return e.length === 0;
      }).length;
      if (key === 'anyOf' ? passing === 0 : passing !== 1) out.push(`${at}: ${key} matched ${passing} alternatives`);
    }
  };
  check(root, value, '$', errors);
  return errors;
}
