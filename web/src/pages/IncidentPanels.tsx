// Sections of the incident page that read what others keep: the audit log and the evidence vault.
import type { AuditEntry, EvidenceItem } from '../api.ts';
import { formatDay, t, term } from '../i18n.ts';

/** What was done to the incident, newest first, from the audit log: when, what, who and why. */
export function IncidentHistory(props: { entries: AuditEntry[] }) {
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('history')}</h2>
      <ol class="history">
        {[...props.entries].reverse().map((entry) => (
          <li key={entry.id}>
            <time dateTime={entry.at}>{entry.at.slice(0, 16).replace('T', ' ')} UTC</time>{' '}
            <strong>{term(entry.action)}</strong> <small>{entry.actor}</small>
            {entry.reason && <q>{entry.reason}</q>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Photos, videos and documents linked to the incident, with where their verification stands. */
export function LinkedEvidence(props: { items: EvidenceItem[] }) {
  return (
    <section aria-labelledby="evidence-title">
      <h2 id="evidence-title">{t('evidence')}</h2>
      {props.items.length === 0 ? (
        <p class="note">{t('noEvidence')}</p>
      ) : (
        <ul class="evidence">
          {props.items.map((item) => (
            <li key={item.id}>
              <a href={`/api/v1/evidence/${item.id}`}>{item.original_filename ?? item.media_type}</a>{' '}
              <span class="grade">{term(item.verification_status)}</span>{' '}
              <small>
                {formatDay(item.received_at.slice(0, 10))} · sha256 {item.sha256.slice(0, 12)}…
              </small>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
