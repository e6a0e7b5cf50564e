import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../api.ts';
import { formatNumber, lang, t } from '../i18n.ts';
import { useSignal } from '../signal.ts';

interface Pair {
  id: string;
  record_a: string;
  record_b: string;
  match_probability: number;
  status: string;
}
interface VictimRecord {
  id: string;
  [key: string]: unknown;
}

function Record(props: { id: string }) {
  const [record, setRecord] = useState<VictimRecord | null>(null);
  useEffect(() => {
    get<VictimRecord>(`/victims/${props.id}`)
      .then(setRecord)
      .catch(() => undefined);
  }, [props.id]);
  if (!record) return <span>{props.id}</span>;
  const shown = ['name_original', 'name_latin', 'sex', 'age', 'date_of_death', 'place_text'].filter(
    (k) => record[k] != null,
  );
  return (
    <dl class="facts">
      {shown.map((k) => [
        <dt key={`${k}t`}>{k.replaceAll('_', ' ')}</dt>,
        <dd key={`${k}d`} dir="auto">
          {String(record[k])}
        </dd>,
      ])}
    </dl>
  );
}

/** Uncertain victim pairs from record linkage: same person or not, with a reason. */
export function Pairs() {
  useSignal(lang);
  const [pairs, setPairs] = useState<Pair[] | null>(null);
  const [reason, setReason] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    get<{ items: Pair[] }>('/links/review?limit=50')
      .then((answer) => setPairs(answer.items))
      .catch((caught) => setError(String(caught?.message ?? caught)));
  }, [version]);
  const decide = (pair: Pair, decision: 'accept' | 'reject') =>
    post(`/links/review/${pair.id}`, {
      decision,
      reason: reason[pair.id] || (decision === 'accept' ? t('same') : t('different')),
    })
      .then(() => setVersion((v) => v + 1))
      .catch((caught) => setError(String(caught?.message ?? caught)));
  return (
    <div>
      <h1>{t('uncertainPairs')}</h1>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {!pairs ? (
        <p role="status">{t('loading')}</p>
      ) : pairs.length === 0 ? (
        <p>{t('noPairs')}</p>
      ) : (
        <ol class="queue">
          {pairs.map((pair) => (
            <li key={pair.id} class="card">
              <p>
                {t('score')}: {formatNumber(Math.round(pair.match_probability * 100))}%
              </p>
              <div class="pair">
                <Record id={pair.record_a} />
                <Record id={pair.record_b} />
              </div>
              <label>
                {t('reason')}
                <input
                  value={reason[pair.id] ?? ''}
                  onInput={(e) => setReason({ ...reason, [pair.id]: e.currentTarget.value })}
                />
              </label>
              <div class="actions">
                <button type="button" onClick={() => void decide(pair, 'accept')}>
                  {t('same')}
                </button>
                <button type="button" class="secondary" onClick={() => void decide(pair, 'reject')}>
                  {t('different')}
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
