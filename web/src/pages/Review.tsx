import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, type Claim, get, type Page, post, type ReportWithClaims } from '../api.ts';
import { uuid } from '../field/outbox.ts';
import { groups, outcomes } from '../filters.ts';
import { formatDay, formatNumber, lang, t, term } from '../i18n.ts';
import { useSignal } from '../signal.ts';

const reports = new Map<string, Promise<ReportWithClaims>>();
const reportOf = (id: string) => {
  let found = reports.get(id);
  if (!found) {
    found = get<ReportWithClaims>(`/reports/${id}`);
    reports.set(id, found);
  }
  return found;
};

/** After a review, group the accepted claims into incidents so the dashboard shows them. */
export async function consolidate(): Promise<void> {
  await post('/incidents/consolidate').catch((error) => {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  });
}

export function Review() {
  useSignal(lang);
  const [queue, setQueue] = useState<Claim[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    get<Page<Claim>>('/claims?status=proposed&limit=50')
      .then((page) => setQueue(page.items))
      .catch((caught) => setError(String(caught instanceof Error ? caught.message : caught)));
  }, [version]);
  const reload = () => setVersion((v) => v + 1);

  // Wire extraction runs in the background: look again while the queue is empty.
  useEffect(() => {
    if (queue && queue.length > 0) return;
    const timer = window.setInterval(reload, 3000);
    return () => window.clearInterval(timer);
  }, [queue?.length]);

  return (
    <div class="review">
      <h1>{t('review')}</h1>
      <WireIngest onSubmitted={reload} />
      <section aria-labelledby="queue-title">
        <h2 id="queue-title">
          {t('queue')} {queue && `(${formatNumber(queue.length)})`}
        </h2>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        {!queue ? (
          <p role="status">{t('loading')}</p>
        ) : queue.length === 0 ? (
          <p>{t('queueEmpty')}</p>
        ) : (
          <ol class="queue">
            {queue.map((claim) => (
              <ClaimCard key={claim.id} claim={claim} onDone={reload} />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function WireIngest(props: { onSubmitted: () => void }) {
  const [sources, setSources] = useState<Array<{ id: string; pseudonym: string }>>([]);
  const [source, setSource] = useState('');
  const [text, setText] = useState('');
  const [published, setPublished] = useState(new Date().toISOString().slice(0, 10));
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    get<Page<{ id: string; pseudonym: string }>>('/sources?limit=200')
      .then((page) => {
        setSources(page.items);
        if (page.items[0]) setSource(page.items[0].id);
      })
      .catch(() => undefined);
  }, []);
  return (
    <details class="card">
      <summary>{t('ingestWire')}</summary>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          setMessage(null);
          post('/reports', {
            id: uuid(),
            source_id: source,
            channel: 'wire',
            language: 'en',
            reported_at: `${published}T12:00:00Z`,
            text,
          })
            .then(() => {
              setText('');
              setMessage(t('submitted'));
              props.onSubmitted();
            })
            .catch((caught) => setMessage(caught instanceof Error ? caught.message : String(caught)));
        }}
      >
        <label>
          {t('wireSource')}
          <select
            name="wire-source"
            required
            value={source}
            onChange={(e) => setSource(e.currentTarget.value)}
          >
            {sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.pseudonym}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('date')}
          <input
            type="date"
            name="wire-date"
            value={published}
            onInput={(e) => setPublished(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('wireText')}
          <textarea
            name="wire-text"
            rows={6}
            required
            dir="auto"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <button type="submit">{t('submit')}</button>
        {message && <p role="status">{message}</p>}
      </form>
    </details>
  );
}

/** The report's text with the claim's words marked. */
function SourceText(props: { claim: Claim }) {
  const [report, setReport] = useState<ReportWithClaims | null>(null);
  useEffect(() => {
    void reportOf(props.claim.report_id)
      .then(setReport)
      .catch(() => undefined);
  }, [props.claim.report_id]);
  if (!report) return <p role="status">{t('loading')}</p>;
  const text = report.text ?? JSON.stringify(report.payload);
  const span = props.claim.span;
  if (!span || span[1] > text.length) return <blockquote dir="auto">{text}</blockquote>;
  // Show the sentence neighbourhood: 300 characters either side of the span.
  const start = Math.max(0, span[0] - 300);
  const end = Math.min(text.length, span[1] + 300);
  return (
    <blockquote dir="auto" class="source-text">
      {start > 0 && '… '}
      {text.slice(start, span[0])}
      <mark>{text.slice(span[0], span[1])}</mark>
      {text.slice(span[1], end)}
      {end < text.length && ' …'}
    </blockquote>
  );
}

function ClaimCard(props: { claim: Claim; onDone: () => void }) {
  const { claim } = props;
  const [mode, setMode] = useState<'view' | 'reject' | 'correct'>('view');
  const [reason, setReason] = useState('');
  const [best, setBest] = useState(String(claim.count.best ?? ''));
  const [group, setGroup] = useState(claim.victims.group);
  const [outcome, setOutcome] = useState<string>(claim.outcome);
  const [error, setError] = useState<string | null>(null);
  const act = (action: Promise<unknown>) =>
    action
      .then(() => consolidate())
      .then(props.onDone)
      .catch((caught) => setError(caught instanceof Error ? caught.message : String(caught)));
  const headingId = `claim-${claim.id}`;
  return (
    <li class="card claim" aria-labelledby={headingId} data-claim-id={claim.id}>
      <h3 id={headingId}>
        {term(claim.outcome)}: {claim.count.best === null ? claim.count.text : formatNumber(claim.count.best)}{' '}
        {term(claim.victims.group)}
        {claim.place?.text && ` · ${claim.place.text}`}
        {claim.date?.start && ` · ${formatDay(claim.date.start)}`}
      </h3>
      <SourceText claim={claim} />
      <p>
        <a href={`/reports/${claim.report_id}`}>{t('wholeReport')}</a>
      </p>
      <dl class="facts">
        <dt>{t('count')}</dt>
        <dd>
          {claim.count.text} ({claim.count.qualifier}: {claim.count.min ?? '–'} / {claim.count.best ?? '–'} /{' '}
          {claim.count.max ?? '–'})
        </dd>
        <dt>{t('place')}</dt>
        <dd>
          {claim.place ? `${claim.place.text ?? ''} ${claim.place.id ? `(${claim.place.id})` : ''}` : '–'}
        </dd>
        <dt>{t('cause')}</dt>
        <dd>{claim.cause?.type ? term(claim.cause.type) : '–'}</dd>
      </dl>
      {mode === 'view' && (
        <div class="actions">
          <button type="button" onClick={() => void act(post(`/claims/${claim.id}/accept`, {}))}>
            {t('accept')}
          </button>
          <button type="button" class="secondary" onClick={() => setMode('correct')}>
            {t('correct')}
          </button>
          <button type="button" class="danger" onClick={() => setMode('reject')}>
            {t('reject')}
          </button>
        </div>
      )}
      {mode !== 'view' && (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) return setError(t('reasonRequired'));
            if (mode === 'reject') return void act(post(`/claims/${claim.id}/reject`, { reason }));
            const n = Number.parseInt(best, 10);
            const patch: Record<string, unknown> = { reason, outcome, victims: { ...claim.victims, group } };
            if (Number.isFinite(n))
              patch.count = { text: claim.count.text, qualifier: 'exact', min: n, best: n, max: n };
            return void act(
              api('PATCH', `/claims/${claim.id}`, patch).then(() =>
                post(`/claims/${claim.id}/accept`, { reason }),
              ),
            );
          }}
        >
          {mode === 'correct' && (
            <div class="row">
              <label>
                {t('outcome')}
                <select value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)}>
                  {outcomes.map((o) => (
                    <option key={o} value={o}>
                      {term(o)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('best')}
                <input type="number" min={0} value={best} onInput={(e) => setBest(e.currentTarget.value)} />
              </label>
              <label>
                {t('group')}
                <select value={group} onChange={(e) => setGroup(e.currentTarget.value)}>
                  {groups
                    .filter((g) => g !== 'all')
                    .map((g) => (
                      <option key={g} value={g}>
                        {term(g)}
                      </option>
                    ))}
                </select>
              </label>
            </div>
          )}
          <label>
            {t('reason')}
            <input name="reason" required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <div class="actions">
            <button type="submit" class={mode === 'reject' ? 'danger' : ''}>
              {mode === 'reject' ? t('reject') : t('save')}
            </button>
            <button type="button" class="secondary" onClick={() => setMode('view')}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </li>
  );
}
