import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { lang, t } from "../../i18n";
import { periodLabel } from "../../lib/period";

import type { CaseSubject } from "../../../worker/services/case-subject";

export type { CaseSubject };

export const subjectText = (s: CaseSubject) =>
  s.kind === "notice"
    ? t("subject.notice", { title: s.title })
    : t("subject.period", { period: periodLabel(s.period, lang()) });

/** "The disclosure complained about: <link>", or nothing when the case names none. */
export function CaseSubjectLine(props: { subject: CaseSubject | null | undefined }) {
  return (
    <Show when={props.subject}>
      {(s) => (
        <p class="case-subject" data-testid="case-subject">
          <strong>{t("subject.label")}：</strong>
          <A href={s().path}>{subjectText(s())}</A>
        </p>
      )}
    </Show>
  );
}
