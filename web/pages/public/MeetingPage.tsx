import { A, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For, Match, Show, Switch } from "solid-js";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { localName, noticePath, useTitle } from "../../components/public/util";
import { lang, registerStrings, t, type Key } from "../../i18n";
import { meetingsPublicStrings } from "../../i18n/meetings-public";
import { formatDateTime } from "../../lib/format";
import { useMe } from "../../lib/session";
import { ruleFor, type Basis, type Fraction, type MeetingKind, type RuleSetId } from "../../../shared/rules/meetings";
import { FileList } from "../../components/console/FileList";
import {
  DecisionStatusBadge,
  ProgressBar,
  StatusBadge,
  decisionsPath,
  kindLabel,
  meetingPath,
  meetingQuery,
  meetingsPath,
  type PublicMeeting,
} from "./Meetings";

registerStrings(meetingsPublicStrings);

const CN = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** "过半数", "三分之二以上" / "more than half", "at least 2/3". */
function fractionWords(f: Fraction): string {
  if (f.strict && f.num * 2 === f.den) return t("mtgpub.frac.half");
  const frac = lang() === "zh" && f.den <= 10 && f.num <= 10 ? `${CN[f.den]}分之${CN[f.num]}` : `${f.num}/${f.den}`;
  return t(f.strict ? "mtgpub.frac.more" : "mtgpub.frac.atLeast", { frac });
}

function basisWords(basis: Basis, community: "urban" | "village"): string {
  if (basis === "adults" || basis === "representatives") return t(`mtgpub.basis.${basis}.${community}` as Key);
  return t(`mtgpub.basis.${basis}` as Key);
}

/** The meeting's quorum and voting rules in words, from the rule set it was held under. */
export function ruleWords(m: Pick<PublicMeeting, "ruleSet" | "kind" | "basis" | "eligibleCount" | "quorumNeeded">) {
  const rule = ruleFor(m.ruleSet as RuleSetId, m.kind as MeetingKind);
  const f = rule?.quorum[m.basis as Basis];
  const quorum =
    !rule || !f || m.basis === "none"
      ? t("mtgpub.rule.noQuorum")
      : t("mtgpub.rule.quorum", { basis: basisWords(m.basis as Basis, rule.community), fraction: fractionWords(f) }) +
        (m.eligibleCount !== null && m.quorumNeeded !== null
          ? t("mtgpub.rule.quorumOf", { eligible: m.eligibleCount, needed: m.quorumNeeded })
          : "");
  const decision = rule?.decision
    ? t("mtgpub.rule.decision", { fraction: fractionWords(rule.decision) })
    : t("mtgpub.rule.advisory");
  return { quorum, decision };
}

/** The minutes sit under the page's own h2: their headings move down two levels (h1 → h3). */
const demoteHeadings = (html: string) =>
  html.replace(/<(\/?)h([1-6])\b/gi, (_, slash: string, n: string) => `<${slash}h${Math.min(Number(n) + 2, 6)}`);

const RESULT_BADGE = { passed: "badge-ok", failed: "badge-bad", advisory: "badge-info" } as const;

/** "/:street/:community/meetings/:id": one meeting — rules, attendance, results, minutes. */
export default function MeetingPage() {
  const params = useParams<{ street: string; community: string; id: string }>();
  const community = createQuery(() => communityQuery(params.street, params.community));
  const me = useMe();
  const query = createQuery(() => ({
    ...meetingQuery(params.street, params.community, params.id),
    // While residents are checking in, the figures follow.
    refetchInterval: (q: { state: { data?: PublicMeeting } }) => (q.state.data?.status === "open" ? 15_000 : false),
  }));
  useTitle(() => query.data?.title);
  const name = () => (community.data ? localName(community.data) : "");
  const checkInPath = () => `${meetingPath(params.street, params.community, params.id)}/check-in`;
  const isOwnResident = () =>
    me.data?.role === "resident" &&
    me.data.community?.slug === params.community &&
    me.data.street?.slug === params.street;

  return (
    <div class="mtgpub">
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={meetingsPath(params.street, params.community)}>
          {name() ? `← ${t("mtgpub.titleOf", { community: name() })}` : t("mtgpub.back")}
        </A>
      </nav>
      <PageQuery query={query}>
        {(m) => {
          const words = () => ruleWords(m);
          const held = () => m.eligibleCount !== null;
          const advisory = () => !ruleFor(m.ruleSet as RuleSetId, m.kind as MeetingKind)?.decision;
          const quorumMet = () => m.quorumNeeded !== null && m.present >= m.quorumNeeded;
          return (
            <article data-testid="meeting" data-status={m.status}>
              <h1>{m.title}</h1>
              <p class="head-badges">
                <span class="badge badge-info">{kindLabel(m)}</span>
                <StatusBadge status={m.status} />
              </p>

              <Show when={m.status === "cancelled"}>
                <p class="banner banner-bad" data-testid="cancel-reason">
                  {t("mtgpub.cancelled", { reason: m.cancelReason ?? "" })}
                </p>
              </Show>
              <Show when={m.urgentReason}>
                {(reason) => (
                  <p class="banner banner-warn" data-testid="urgent-reason">
                    {t("mtgpub.urgent", { reason: reason() })}
                  </p>
                )}
              </Show>

              <Show when={m.status === "open"}>
                <Show
                  when={isOwnResident()}
                  fallback={
                    <Show when={!me.data}>
                      <p class="banner banner-info">
                        <A href={`/login?next=${encodeURIComponent(checkInPath())}`}>{t("mtgpub.checkInHint")}</A>
                      </p>
                    </Show>
                  }
                >
                  <A href={checkInPath()} class="btn btn-primary btn-block mtgpub-big" data-testid="check-in-link">
                    {t("mtgpub.checkInLink")}
                  </A>
                </Show>
              </Show>

              <section class="card" aria-labelledby="info-h">
                <h2 id="info-h">{t("mtgpub.info")}</h2>
                <dl class="kv">
                  <dt>{t("mtgpub.time")}</dt>
                  <dd>
                    <time datetime={new Date(m.startsAt).toISOString()}>{formatDateTime(m.startsAt)}</time>
                  </dd>
                  <dt>{t("mtgpub.where")}</dt>
                  <dd>{m.place}</dd>
                  <dt>{t("mtgpub.kindLabel")}</dt>
                  <dd>{kindLabel(m)}</dd>
                  <dt>{t("mtgpub.ruleSet")}</dt>
                  <dd>
                    <span class="mono">{m.ruleSet}</span> {t(`mtgpub.ruleSet.${m.ruleSet}` as Key)}
                  </dd>
                  <dt>{t("mtgpub.quorumRule")}</dt>
                  <dd data-testid="quorum-rule">{words().quorum}</dd>
                  <dt>{t("mtgpub.decisionRule")}</dt>
                  <dd>{words().decision}</dd>
                  <Show when={m.announcementNoticeId}>
                    {(id) => (
                      <>
                        <dt>{t("mtgpub.announcement")}</dt>
                        <dd>
                          <A href={noticePath(params.street, params.community, id())} data-testid="announcement-link">
                            {t("mtgpub.announcementLink")}
                          </A>
                        </dd>
                      </>
                    )}
                  </Show>
                </dl>
              </section>

              <Show when={m.status !== "cancelled"}>
                <section class="card" aria-labelledby="figures-h" data-testid="figures">
                  <h2 id="figures-h">{t("mtgpub.figures")}</h2>
                  <Show when={held()} fallback={<p class="muted">{t("mtgpub.figuresPending")}</p>}>
                    <dl class="mtgpub-figures">
                      <div>
                        <dt>{t("mtgpub.eligible")}</dt>
                        <dd data-testid="eligible">{m.eligibleCount}</dd>
                      </div>
                      <div>
                        <dt>{t("mtgpub.present")}</dt>
                        <dd data-testid="present">{m.present}</dd>
                      </div>
                      <div>
                        <dt>{t("mtgpub.quorum")}</dt>
                        <dd data-testid="quorum">{m.basis === "none" ? "—" : m.quorumNeeded}</dd>
                      </div>
                    </dl>
                    {/* Consultations count who came (any adult may), but have no quorum. */}
                    <Show when={m.basis !== "none"}>
                      <p>
                        <span class={`badge ${quorumMet() ? "badge-ok" : "badge-bad"}`} data-testid="quorum-met">
                          {t(quorumMet() ? "mtgpub.quorumMet" : "mtgpub.quorumNotMet")}
                        </span>
                      </p>
                    </Show>
                    <p class="meta">{t(m.status === "open" ? "mtgpub.figuresLive" : "mtgpub.figuresNone")}</p>
                  </Show>
                </section>
              </Show>

              <section aria-labelledby="agenda-h">
                <h2 id="agenda-h">{t("mtgpub.agenda")}</h2>
                <Show when={m.items.length > 0} fallback={<p class="muted">{t("mtgpub.noAgenda")}</p>}>
                  <ol class="list card mtgpub-items" data-testid="agenda">
                    <For each={m.items}>
                      {(it) => (
                        <li data-item-id={it.id} data-result={it.result ?? ""}>
                          <div class="mtgpub-row-head">
                            <strong class="mtgpub-item-title">
                              {it.seq}. {it.title}
                            </strong>
                            <Switch>
                              <Match when={it.result}>
                                {(r) => (
                                  <span class={`badge ${RESULT_BADGE[r()]}`} data-testid="item-result">
                                    {t(`mtgpub.result.${r()}`)}
                                  </span>
                                )}
                              </Match>
                              <Match when={m.status === "closed"}>
                                <span class="badge badge-muted">{t("mtgpub.result.none")}</span>
                              </Match>
                              <Match when={(m.status === "announced" || m.status === "open") && !advisory()}>
                                <span class="badge badge-muted">{t("mtgpub.result.pending")}</span>
                              </Match>
                            </Switch>
                          </div>
                          <Show when={it.description}>
                            <p class="mtgpub-pre">{it.description}</p>
                          </Show>
                          <Show when={it.proposedResolution}>
                            <p class="meta">{t("mtgpub.proposed", { text: it.proposedResolution })}</p>
                          </Show>
                          <Show when={it.votesFor !== null}>
                            <p class="mtgpub-votes" data-testid="item-votes">
                              {t("mtgpub.votes", {
                                for: it.votesFor ?? 0,
                                against: it.votesAgainst ?? 0,
                                abstain: it.votesAbstain ?? 0,
                              })}
                              <Show when={it.presentAtVote !== null}>
                                <span class="meta"> · {t("mtgpub.votesPresent", { n: it.presentAtVote ?? 0 })}</span>
                              </Show>
                            </p>
                          </Show>
                          <Show when={it.outcomeNote}>
                            <p>{t("mtgpub.outcome", { text: it.outcomeNote ?? "" })}</p>
                          </Show>
                          <Show when={it.attachments.length > 0}>
                            <FileList files={it.attachments} testid="item-file" label={t("mtgpub.itemFiles")} />
                          </Show>
                          <For each={it.polls}>
                            {(poll) => (
                              <p class="card-more" data-testid="item-poll" data-status={poll.status}>
                                <A href={`/${params.street}/${params.community}/polls/${encodeURIComponent(poll.id)}`}>
                                  {t("pub.home.polls")}
                                  {lang() === "zh" ? "：" : ": "}
                                  {poll.title} →
                                </A>
                              </p>
                            )}
                          </For>
                          <Show when={it.decision}>
                            {(d) => (
                              <div class="mtgpub-decision" data-testid="item-decision">
                                <span>{t("mtgpub.decisionProgress")}</span>
                                <DecisionStatusBadge status={d().status} />
                                <ProgressBar value={d().progress} />
                                <A
                                  href={`${decisionsPath(params.street, params.community)}#decision-${d().id}`}
                                  class="mtgpub-more"
                                >
                                  {t("mtgpub.toRegistry")}
                                </A>
                              </div>
                            )}
                          </Show>
                        </li>
                      )}
                    </For>
                  </ol>
                </Show>
              </section>

              <Show when={m.status === "closed"}>
                <section aria-labelledby="minutes-h" data-testid="minutes">
                  <h2 id="minutes-h">{t("mtgpub.minutes")}</h2>
                  {/* Shown once published as a notice: until then the minutes are a draft. */}
                  <Show
                    when={m.minutesNoticeId && m.minutesHtml}
                    fallback={<p class="muted">{t("mtgpub.minutesPending")}</p>}
                  >
                    <div class="markdown card notice-body" innerHTML={demoteHeadings(m.minutesHtml ?? "")} />
                    <p class="card-more">
                      <A
                        href={noticePath(params.street, params.community, m.minutesNoticeId!)}
                        data-testid="minutes-link"
                      >
                        {t("mtgpub.minutesNotice")}
                      </A>
                    </p>
                  </Show>
                </section>
              </Show>
            </article>
          );
        }}
      </PageQuery>
    </div>
  );
}
