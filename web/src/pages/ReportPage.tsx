// One report as its source gave it: the original words with every claim's words marked, and the claims.
import { useEffect, useState } from 'preact/hooks';
import { type Claim, get, type ReportWithClaims, type Source } from '../api.ts';
import { t, term } from '../i18n.ts';

/**
 * The text cut where any claim's words start or end, so overlapping claims ("12 civilians,
 * including 5 children") each stay marked; every piece knows the claims (numbered from 1) it is in,
 * and which of them end with it, to number the words once.
 */
export function markClaims(
  text: string,
  claims: Claim[],
): Array<{ text: string; claims: number[]; ending: number[] }> {
  const spans = claims
    .map((claim, index) => ({ span: claim.span, number: index + 1 }))
    .filter((c): c is { span: [number, number]; number: number } => {
      const span = c.span;
      return !!span && span[0] >= 0 && span[1] <= text.length && span[0] < span[1];
    });
  const cuts = [...new Set([0, text.length, ...spans.flatMap((c) => c.span)])].sort((a, b) => a - b);
  const pieces: Array<{ text: string; claims: number[]; ending: number[] }> = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [start, end] = [cuts[i] as number, cuts[i + 1] as number];
    const covering = spans.filter((c) => c.span[0] <= start && end <= c.span[1]).map((c) => c.number);
    const ending = spans.filter((c) => c.span[1] === end).map((c) => c.number);
    pieces.push({ text: text.slice(start, end), claims: covering, ending });
  }
  return pieces;
}

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');

export function ReportPage(props: { id: string }) {
  const [report, setReport] = useState<ReportWithClaims | null>(null);
  const [source, setSource] = useState<Source | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    get<ReportWithClaims>(`/reports/${props.id}`)
      .then((found) => {
        setReport(found);
        // Reporters may read their reports but not the register of sources.
        get<Source>(`/sources/${found.source_id}`)
          .then(setSource)
          .catch(() => setSource(null));
      })
      .catch((caught) => setError(String(caught?.message ?? caught)));
  }, [props.id]);
  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!report) return <p role="status">{t('loading')}</p>;
  return (
    <article class="report">
      <h1>{t('report')}</h1>
      <dl class="facts">
        <dt>{t('source')}</dt>
        <dd>{source ? `${source.pseudonym} (${term(source.kind)})` : report.source_id}</dd>
        <dt>{t('channel')}</dt>
        <dd>{report.channel}</dd>
        <dt>{t('receivedAt')}</dt>
        <dd>{when(report.received_at)}</dd>
        <dt>{t('reportedAt')}</dt>
        <dd>{when(report.reported_at)}</dd>
        {report.revises && (
          <>
            <dt>{t('revises')}</dt>
            <dd>
              <a href={`/reports/${report.revises}`}>{report.revises}</a>
            </dd>
          </>
        )}
        <dt>sha256</dt>
        <dd>
          <code>{report.content_hash}</code>
        </dd>
      </dl>
      {report.text && (
        <blockquote dir="auto" lang={report.language ?? undefined} class="source-text report-text">
          {markClaims(report.text, report.claims).map((piece, index) =>
            piece.claims.length === 0 ? (
              piece.text
            ) : (
              <mark key={index} title={`${t('claims')} ${piece.claims.join(', ')}`}>
                {piece.text}
                {piece.ending.length > 0 && <sup>{piece.ending.join(',')}</sup>}
              </mark>
            ),
          )}
        </blockquote>
      )}
      {report.payload && <pre class="payload">{JSON.stringify(report.payload, null, 2)}</pre>}
      <section aria-labelledby="report-claims-title">
        <h2 id="report-claims-title">{t('claims')}</h2>
        <ol class="report-claims">
          {report.claims.map((claim) => (
            <li key={claim.id}>
              {term(claim.outcome)} {claim.count.text ?? claim.count.best} {term(claim.victims.group)}
              {claim.place?.text && ` · ${claim.place.text}`}
              {claim.date?.text && ` · ${claim.date.text}`} <small>({term(claim.status)})</small>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
