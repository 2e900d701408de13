import { For, Match, Show, Switch } from "solid-js";
import { RATINGS, type Tally } from "../../../shared/rules/polls";
import { t, type Key } from "../../i18n";
import { optionLabel, pct, RATING_BADGE } from "./common";

type ResultPoll = {
  kind: string;
  ballotType: string;
  passRule: string;
  turnoutPct: number | null;
  status: string;
};

/** 过半 / 三分之二: the pass rule in plain words. */
export const passRuleWords = (rule: string) => t(`poll.passRule.${rule}` as Key);

/**
 * The counts of a poll: a bar per option (count and share of the ballots cast, ✓ where it
 * passed) or, for a review, each member's three ratings; turnout against the threshold and why
 * the question passed or not ("赞成 N 票，需 M 票"). `live` while the poll is still open.
 */
export function ResultView(props: { poll: ResultPoll; tally: Tally; live?: boolean }) {
  const tl = () => props.tally;
  const decides = () => props.poll.kind === "vote" && props.poll.ballotType !== "review";
  const leader = () => {
    const sorted = [...tl().options].sort((a, b) => b.count - a.count);
    return sorted[0] && (sorted.length < 2 || sorted[1].count < sorted[0].count) ? sorted[0] : null;
  };
  const half = () => Math.floor(tl().cast / 2) + 1;
  return (
    <div class="poll-result-view" data-testid={props.live ? "poll-live" : undefined}>
      <dl class="mtgpub-figures poll-figures">
        <div>
          <dt>{t("poll.fig.eligible")}</dt>
          <dd data-testid="result-eligible">{tl().eligible}</dd>
        </div>
        <div>
          <dt>{t("poll.fig.cast")}</dt>
          <dd data-testid="result-cast">{tl().cast}</dd>
        </div>
        <div>
          <dt>{t("poll.fig.turnout")}</dt>
          <dd data-testid="result-turnout">{pct(tl().cast, tl().eligible)}</dd>
        </div>
      </dl>
      <Show when={props.poll.turnoutPct} fallback={<p class="meta">{t("poll.turnout.none")}</p>}>
        {(p) => (
          <p data-testid="result-turnout-rule">
            {t("poll.turnout.rule", { p: p(), n: tl().turnoutNeeded })}{" "}
            <Show when={!props.live}>
              <span
                class={`badge ${tl().turnoutMet ? "badge-ok" : "badge-bad"}`}
                data-turnout-met={String(tl().turnoutMet)}
              >
                {t(tl().turnoutMet ? "poll.turnout.met" : "poll.turnout.notMet")}
              </span>
            </Show>
          </p>
        )}
      </Show>

      <Switch>
        <Match when={props.poll.ballotType === "review"}>
          <ul class="list poll-members">
            <For each={tl().members}>
              {(m) => (
                <li
                  data-testid="result-member"
                  data-option-id={m.id}
                  data-incompetent-majority={String(m.incompetentMajority)}
                >
                  <div class="mtgpub-row-head">
                    <strong>{m.label}</strong>
                    <Show when={m.post}>
                      <span class="meta">{m.post}</span>
                    </Show>
                    <Show when={m.incompetentMajority}>
                      <span class="badge badge-bad">{t("poll.review.majority")}</span>
                    </Show>
                  </div>
                  <div class="poll-stack" aria-hidden="true">
                    <For each={RATINGS}>
                      {(r) => (
                        <span
                          class={`poll-stack-${r}`}
                          style={{ width: tl().cast ? `${(m[r] / tl().cast) * 100}%` : "0" }}
                        />
                      )}
                    </For>
                  </div>
                  <p class="poll-rating-counts">
                    <For each={RATINGS}>
                      {(r) => (
                        <span class={`badge ${RATING_BADGE[r]}`} data-rating={r} data-count={m[r]}>
                          {t(`poll.rating.${r}` as Key)} {m[r]}（{pct(m[r], tl().cast)}）
                        </span>
                      )}
                    </For>
                  </p>
                </li>
              )}
            </For>
          </ul>
          <p class="meta">{t("poll.explain.review", { n: half() })}</p>
        </Match>
        <Match when={true}>
          <ul class="list poll-bars">
            <For each={tl().options}>
              {(o) => (
                <li
                  data-testid="result-option"
                  data-option-id={o.id}
                  data-count={o.count}
                  data-passed={o.passed === null ? "" : String(o.passed)}
                  classList={{ "is-passed": o.passed === true || tl().winner === o.id }}
                >
                  <div class="poll-bar-head">
                    <span class="poll-bar-label">
                      {optionLabel(o)}
                      <Show when={o.passed === true || tl().winner === o.id}>
                        {" "}
                        <span class="badge badge-ok">✓ {t("poll.result.passed")}</span>
                      </Show>
                    </span>
                    <span class="poll-bar-count">
                      {t("poll.votes", { n: o.count })} · {pct(o.count, tl().cast)}
                    </span>
                  </div>
                  <div
                    class="poll-bar"
                    role="meter"
                    aria-valuemin={0}
                    aria-valuemax={Math.max(tl().cast, 1)}
                    aria-valuenow={o.count}
                    aria-label={`${o.label} ${o.count}`}
                  >
                    <span style={{ width: tl().cast ? `${(o.count / tl().cast) * 100}%` : "0" }} />
                  </div>
                </li>
              )}
            </For>
          </ul>
          <Show when={props.poll.ballotType === "multiple" || props.poll.ballotType === "approval"}>
            <p class="meta">{t("poll.explain.shareOfBallots")}</p>
          </Show>
        </Match>
      </Switch>

      <Show when={!props.live}>
        <div class="poll-explain" data-testid="poll-explain">
          <Switch>
            <Match when={props.poll.ballotType === "review"}>{null}</Match>
            <Match when={props.poll.kind === "consultation"}>
              <p>{t("poll.explain.advisory")}</p>
            </Match>
            <Match when={!decides()}>{null}</Match>
            <Match when={!tl().turnoutMet}>
              <p>{t("poll.explain.lowTurnout", { cast: tl().cast, n: tl().turnoutNeeded })}</p>
            </Match>
            <Match when={props.poll.ballotType === "yes_no"}>
              <p>
                {t("poll.explain.yes", {
                  yes: tl().options.find((o) => o.id === "yes")?.count ?? 0,
                  needed: tl().votesNeeded,
                  rule: passRuleWords(props.poll.passRule),
                })}
                {t(tl().passed ? "poll.explain.soPassed" : "poll.explain.soFailed")}
              </p>
            </Match>
            <Match when={props.poll.ballotType === "single"}>
              <Show when={leader()} fallback={<p>{t("poll.explain.tie")}</p>}>
                {(l) => (
                  <p>
                    {t("poll.explain.single", {
                      label: l().label,
                      n: l().count,
                      needed: tl().votesNeeded,
                      rule: passRuleWords(props.poll.passRule),
                    })}
                    {t(tl().passed ? "poll.explain.soPassed" : "poll.explain.soFailed")}
                  </p>
                )}
              </Show>
            </Match>
            <Match when={true}>
              <p>{t("poll.explain.each", { needed: tl().votesNeeded, rule: passRuleWords(props.poll.passRule) })}</p>
            </Match>
          </Switch>
        </div>
      </Show>
    </div>
  );
}
