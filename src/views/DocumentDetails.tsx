/**
 * What a document holds beyond flags: decoded certificates, recognised secrets (never their value),
 * kubeconfig clusters/users/contexts, listening sockets, PKI files, systemd environment sources.
 */
import type { CertificateInfo, SourceDocument, SourceRange } from '../model/types';
import { t, tDynamic } from '../i18n';
import type { MessageCatalogue } from '../present/messages';
import { maskText } from '../present/redact';
import { certificatesOf } from '../model/document';
import type { Span } from '../model/span';

interface Props {
  document: SourceDocument;
  onReveal: (at: Span) => void;
  /** For the words of a secret's mask (its length); without it the mask has no words. */
  catalogue?: MessageCatalogue | null;
}

function Certificate({ cert, onClick }: { cert: CertificateInfo; onClick: () => void }) {
  const san = [
    ...cert.subjectAltNames.dns,
    ...cert.subjectAltNames.ip,
    ...cert.subjectAltNames.email,
    ...cert.subjectAltNames.uri,
  ];
  const validity =
    cert.status === 'expired'
      ? t('details.expired', { days: Math.abs(cert.daysLeft ?? 0) })
      : cert.status === 'not-yet-valid'
        ? t('details.notYetValid')
        : cert.daysLeft !== null
          ? t('details.daysLeft', { days: cert.daysLeft })
          : '';
  return (
    <li className={`kx-cert ${cert.status ?? ''}`} data-testid="certificate" onClick={onClick}>
      <div>
        <strong>{cert.subject.commonName ?? cert.subject.text}</strong>{' '}
        {cert.isCA && <span className="kx-status ca">CA</span>}{' '}
        {validity && <span className={`kx-validity ${cert.status ?? ''}`}>{validity}</span>}
      </div>
      <dl>
        <dt>{t('details.subject')}</dt>
        <dd>{cert.subject.text}</dd>
        {cert.subject.organizations.length > 0 && (
          <>
            <dt>{t('details.identity')}</dt>
            <dd>
              {t('details.identityValue', {
                user: cert.subject.commonName ?? '?',
                groups: cert.subject.organizations.join(t('doc.listSeparator')),
              })}
            </dd>
          </>
        )}
        <dt>{t('details.issuer')}</dt>
        <dd>{cert.selfSigned ? t('details.selfSigned') : cert.issuer.text}</dd>
        <dt>{t('details.validity')}</dt>
        <dd>
          {cert.notBefore.slice(0, 10)} → {cert.notAfter.slice(0, 10)}
        </dd>
        {san.length > 0 && (
          <>
            <dt>SAN</dt>
            <dd>{san.join(t('doc.listSeparator'))}</dd>
          </>
        )}
        {(cert.keyUsage.length > 0 || cert.extendedKeyUsage.length > 0) && (
          <>
            <dt>{t('details.usage')}</dt>
            <dd>{[...cert.keyUsage, ...cert.extendedKeyUsage].join(t('doc.listSeparator'))}</dd>
          </>
        )}
        <dt>{t('details.key')}</dt>
        <dd>
          {cert.publicKey.algorithm}
          {cert.publicKey.size ? ` ${cert.publicKey.size}` : ''}
          {cert.publicKey.curve ? ` ${cert.publicKey.curve}` : ''} · {cert.signatureAlgorithm}
        </dd>
        <dt>{t('details.serial')}</dt>
        <dd className="kx-mono">{cert.serialNumber}</dd>
        <dt>SHA-256</dt>
        <dd className="kx-mono kx-wrap">{cert.fingerprintSha256}</dd>
        <dt>{t('details.source')}</dt>
        <dd>{cert.source}</dd>
      </dl>
    </li>
  );
}

export function DocumentDetails({ document: d, onReveal, catalogue = null }: Props) {
  const go = (range: SourceRange, fileId = d.fileId) => onReveal({ fileId, range });
  const certs = certificatesOf(d);
  const secrets = d.secrets ?? [];
  const kc = d.kind === 'kubeconfig' ? d.kubeconfig : null;
  const listeners = d.kind === 'listeners' ? d.listeners : [];
  const pki = d.kind === 'pki-listing' ? d.pkiFiles : [];
  const unit = d.kind === 'systemd-unit' ? d.systemd : null;
  const unresolved = d.kind === 'systemd-unit' ? d.expansions.filter((e) => !e.definition) : [];
  if (certs.length + secrets.length + listeners.length + pki.length + unresolved.length === 0 && !kc && !unit)
    return null;
  return (
    <div className="kx-details" data-testid="document-details">
      {kc && (
        <section>
          <h4>{t('details.kubeconfig')}</h4>
          <p className="kx-muted">{t('details.currentContext', { name: kc.currentContext ?? '—' })}</p>
          <ul>
            {kc.clusters.map((c) => (
              <li key={`c-${c.name}`} onClick={() => go(c.range)}>
                {t('details.cluster')} <strong>{c.name}</strong> → <code>{c.server ?? '?'}</code>
                {c.insecureSkipTlsVerify && <span className="kx-status removed">insecure-skip-tls-verify</span>}
              </li>
            ))}
            {kc.users.map((u) => (
              <li key={`u-${u.name}`} onClick={() => go(u.range)} data-testid="kubeconfig-user">
                {t('details.user')} <strong>{u.name}</strong> ({u.auth.join(t('doc.listSeparator')) || '—'})
                {u.identity && (
                  <div className="kx-muted">
                    {t('details.identityValue', {
                      user: u.identity.user,
                      groups: u.identity.groups.join(t('doc.listSeparator')) || '—',
                    })}
                  </div>
                )}
              </li>
            ))}
            {kc.contexts.map((c) => (
              <li key={`x-${c.name}`} onClick={() => go(c.range)}>
                {t('details.context')} <strong>{c.name}</strong>: {c.user ?? '?'} @ {c.cluster ?? '?'}
                {c.namespace ? ` (${c.namespace})` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
      {certs.length > 0 && (
        <section>
          <h4>{t('details.certificates', { count: certs.length })}</h4>
          <ul className="kx-certs">
            {certs.map((c, i) => (
              <Certificate key={i} cert={c} onClick={() => go(c.range)} />
            ))}
          </ul>
        </section>
      )}
      {secrets.length > 0 && (
        <section>
          <h4>{t('details.secrets', { count: secrets.length })}</h4>
          <p className="kx-muted">{t('details.secretsNote')}</p>
          <ul>
            {secrets.map((s, i) => (
              <li key={i} onClick={() => go(s.range, s.fileId)} data-testid="secret" data-kind={s.kind}>
                <span className="kx-status security">{tDynamic(`secret.kind.${s.kind}`)}</span> {s.label}
                {s.algorithm ? ` · ${s.algorithm}${s.size ? ` ${s.size}` : ''}${s.curve ? ` ${s.curve}` : ''}` : ''}
                {s.redacted ? ` · ${t('details.redacted')}` : ` · ${maskText(s, catalogue)}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      {listeners.length > 0 && (
        <section>
          <h4>{t('details.listeners', { count: listeners.length })}</h4>
          <table className="kx-table">
            <thead>
              <tr>
                <th>{t('details.address')}</th>
                <th>{t('details.port')}</th>
                <th>{t('details.process')}</th>
                <th>{t('details.component')}</th>
              </tr>
            </thead>
            <tbody>
              {listeners.map((l, i) => (
                <tr key={i} onClick={() => go(l.addressRange)} data-testid="listener">
                  <td className="kx-mono">{l.address}</td>
                  <td className="kx-mono">{l.port}</td>
                  <td>
                    {l.process ?? ''}
                    {l.pid !== null ? ` (${l.pid})` : ''}
                  </td>
                  <td>{l.component ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {pki.length > 0 && (
        <section>
          <h4>{t('details.files', { count: pki.length })}</h4>
          <ul>
            {pki.map((f, i) => (
              <li key={i} onClick={() => go(f.range)}>
                <code>{f.path}</code> <span className="kx-muted">{f.type}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {unit && unit.environmentFiles.length > 0 && (
        <section>
          <h4>{t('details.environmentFiles')}</h4>
          <ul>
            {unit.environmentFiles.map((e, i) => (
              <li key={i} onClick={() => go(e.range)}>
                <code>{e.path}</code> {e.optional ? <span className="kx-muted">{t('details.optional')}</span> : null}{' '}
                {e.resolvedFileId ? (
                  <span className="kx-muted">{t('details.inWorkspace')}</span>
                ) : (
                  <span className="kx-status deprecated">{t('details.notInWorkspace')}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {unresolved.length > 0 && (
        <section>
          <h4>{t('details.unresolved')}</h4>
          <ul>
            {unresolved.map((e, i) => (
              <li key={i} onClick={() => go(e.range)}>
                <code>${e.name}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
