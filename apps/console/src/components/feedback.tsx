import { describeError, type ShownError } from '../errors';
import { currentLang, t } from '../i18n';
import type { Notice } from '../use-load';

/** A refusal or failure: one sentence, then each field it concerns by its label. */
export function ShownErrorView({ shown, id }: { shown: ShownError; id?: string }) {
  return (
    <div role="alert" className="error" id={id}>
      <p>{shown.summary}</p>
      {shown.detail ? <p className="error-detail">{shown.detail}</p> : null}
      {shown.fields.length ? (
        <ul>
          {shown.fields.map((f, i) => (
            <li key={i} data-field-error={f.field}>
              <strong>{f.label}</strong>: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The error of a load (`problem` from useLoad) or of anything else thrown. */
export function ErrorView({ problem }: { problem: unknown }) {
  return <ShownErrorView shown={describeError(problem, currentLang())} />;
}

export function NoticeView({ notice }: { notice: Notice }) {
  if (!notice) return null;
  if (notice.kind === 'saved') return <p role="status">{t('saved')}</p>;
  return <ShownErrorView shown={notice.shown} id={notice.id} />;
}

export const Loading = () => <p aria-busy="true">{t('loading')}</p>;
