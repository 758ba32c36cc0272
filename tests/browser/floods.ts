/**
 * Large hostile inputs for the browser bench and tests: text that yields tens of thousands of flags, most of
 * them unknown. Deterministic (no randomness), so runs compare.
 */

/**
 * One `kube-apiserver` command line of about `chars` characters made of unknown flags
 * (`--not-a-flag-0=val --not-a-flag-1=val …`): about 44,000 flags for 1,000,000 characters.
 */
export function unknownFlagsLine(chars = 1_000_000): { text: string; flags: number } {
  const parts = ['kube-apiserver'];
  let length = parts[0]!.length;
  let flags = 0;
  while (length < chars) {
    const next = `--not-a-flag-${flags}=val`;
    parts.push(next);
    length += next.length + 1;
    flags++;
  }
  return { text: `${parts.join(' ')}\n`, flags };
}

/**
 * An env file read by a kube-apiserver unit: `KUBE_API_ARGS="--v=2 \` then `count` continued lines of unknown
 * flags (`--flag-N=N \`) and a last known one; `count + 2` flags.
 */
export function continuedEnvFile(count = 50_000): { text: string; flags: number } {
  const lines = ['# kube-apiserver', 'KUBE_API_ARGS="--v=2 \\'];
  for (let i = 0; i < count; i++) lines.push(`--flag-${i}=${i} \\`);
  lines.push('--secure-port=6443"');
  return { text: `${lines.join('\n')}\n`, flags: count + 2 };
}
