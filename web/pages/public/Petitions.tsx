import { A, useParams } from "@solidjs/router";
import { createQuery, useQueryClient } from "@tanstack/solid-query";
import type { inferRouterOutputs } from "@trpc/server";
import { createMemo, createSignal, For, Show } from "solid-js";
import type { AppRouter } from "../../../worker/router";
import { defaultRuleSet, kindsFor, ruleFor, type MeetingKind, type RuleSetId } from "../../../shared/rules/meetings";
import { Empty } from "../../components/States";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { localName, retryUnlessNotFound, useTitle } from "../../components/public/util";
import { registerStrings, t, type Key } from "../../i18n";
import { petitionStrings } from "../../i18n/petitions";
import { formatDate } from "../../lib/format";
import { useMe } from "../../lib/session";
import { api, errorMessage, fieldErrors } from "../../lib/trpc";

registerStrings(petitionStrings);

type PetitionRow = inferRouterOutputs<AppRouter>["petitions"]["list"][number];
type PetitionBasis = "adults" | "household_reps" | "representatives";
type CommunityKind = "urban" | "village";

const BASES: PetitionBasis[] = ["adults", "household_reps", "representatives"];

const basisLabel = (basis: string, community: CommunityKind | undefined) =>
  community === "village" && (basis === "adults" || basis === "representatives")
    ? t(`pet.basis.${basis}Village` as Key)
    : t(`pet.basis.${basis}` as Key);

const STATUS_BADGE: Record<string, string> = {
  open: "badge-warn",
  reached: "badge-info",
  convened: "badge-ok",
  closed: "badge-muted",
};

/** The bases on which residents may demand a meeting of this kind (none for consultations). */
const petitionBases = (ruleSet: RuleSetId, kind: MeetingKind): PetitionBasis[] =>
  BASES.filter((b) => ruleFor(ruleSet, kind)?.petition[b]);

/** "/:street/:community/petitions": residents' petitions to convene a meeting, with their counts. */
export default function Petitions() {
  const params = useParams<{ street: string; community: string }>();
  const qc = useQueryClient();
  const community = createQuery(() => communityQuery(params.street, params.community));
  const me = useMe();
  const list = createQuery(() => ({
    queryKey: ["petitions.list", params.street, params.community],
    queryFn: () => api.petitions.list.query({ street: params.street, community: params.community }),
    retry: retryUnlessNotFound,
  }));
  /** A resident of this very community (not of another one, not staff). */
  const isResident = () => {
    const u = me.data;
    return !!u && u.role === "resident" && u.community?.slug === params.community && u.street?.slug === params.street;
  };
  const mine = createQuery(() => ({
    queryKey: ["petitions.mine"],
    queryFn: () => api.petitions.mine.query(),
    enabled: isResident(),
  }));
  const signed = createMemo(() => new Set(mine.data ?? []));
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ["petitions.list", params.street, params.community] }),
      qc.invalidateQueries({ queryKey: ["petitions.mine"] }),
    ]);

  const kind = () => community.data?.kind as CommunityKind | undefined;
  const name = () => (community.data ? localName(community.data) : "");
  const title = () => (name() ? t("pet.titleOf", { community: name() }) : t("pet.title"));
  useTitle(title);
  const meetingsBase = () => `/${params.street}/${params.community}/meetings`;

  return (
    <div class="mtgpub petitions">
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={meetingsBase()}>{t("pet.back")}</A>
      </nav>
      <PageQuery query={list}>
        {(rows) => (
          <>
            <h1>{title()}</h1>
            <p class="muted">{t("pet.intro")}</p>
            <Show
              when={rows.length > 0}
              fallback={
                <div data-testid="petitions-empty">
                  <Empty>{t("pet.empty")}</Empty>
                </div>
              }
            >
              <ul class="list card mtgpub-list" data-testid="petitions">
                <For each={rows}>
                  {(p) => (
                    <PetitionItem
                      p={p}
                      community={kind()}
                      meetingHref={p.meetingId ? `${meetingsBase()}/${encodeURIComponent(p.meetingId)}` : null}
                      canSign={isResident() && mine.isSuccess}
                      signed={signed().has(p.id)}
                      onSigned={refresh}
                    />
                  )}
                </For>
              </ul>
            </Show>
            <Show
              when={isResident()}
              fallback={
                <Show when={!me.isPending && !me.data}>
                  <p class="card meta" data-testid="petition-login-hint">
                    {t("pet.loginHint")}{" "}
                    <A href={`/login?next=${encodeURIComponent(`/${params.street}/${params.community}/petitions`)}`}>
                      {t("pet.login")}
                    </A>
                  </p>
                </Show>
              }
            >
              <Show when={kind()}>{(k) => <NewPetition community={k()} onCreated={refresh} />}</Show>
            </Show>
          </>
        )}
      </PageQuery>
    </div>
  );
}

function PetitionItem(props: {
  p: PetitionRow;
  community: CommunityKind | undefined;
  meetingHref: string | null;
  canSign: boolean;
  signed: boolean;
  onSigned: () => Promise<unknown>;
}) {
  const p = () => props.p;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  const signable = () => p().status === "open" || p().status === "reached";
  const sign = async () => {
    if (busy()) return;
    setBusy(true);
    setError("");
    try {
      await api.petitions.sign.mutate({ id: p().id });
      await props.onSigned();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li data-petition-id={p().id} data-status={p().status}>
      <div class="mtgpub-row-head">
        <span class="meta">
          {t(`pet.kind.${p().kind}` as Key)} · {basisLabel(p().basis, props.community)}
        </span>
        <span class={`badge ${STATUS_BADGE[p().status] ?? "badge-muted"}`} data-status={p().status}>
          {t(`pet.status.${p().status}` as Key)}
        </span>
      </div>
      <h2 class="notice-title">{p().title}</h2>
      <p class="pre-line">{p().reason}</p>
      <div class="mtgpub-progress">
        <progress
          max={p().threshold}
          value={Math.min(p().signatures, p().threshold)}
          aria-label={t("pet.progressLabel", { n: p().signatures, k: p().threshold })}
        />
      </div>
      <p class="meta" data-testid="petition-progress">
        {t("pet.progress", { n: p().signatures, k: p().threshold, m: p().eligibleCount })}
      </p>
      <p class="meta">{t("pet.createdAt", { at: formatDate(p().createdAt) })}</p>
      <Show when={props.meetingHref}>
        {(href) => (
          <A href={href()} data-testid="petition-meeting">
            {t("pet.meetingLink")}
          </A>
        )}
      </Show>
      <Show when={props.canSign && signable()}>
        <div class="btn-row">
          <Show
            when={props.signed}
            fallback={
              <button
                type="button"
                class="btn btn-primary"
                disabled={busy()}
                onClick={sign}
                data-action="petition-sign"
              >
                {t("pet.sign")}
              </button>
            }
          >
            <span class="badge badge-ok" data-testid="petition-signed">
              ✓ {t("pet.signed")}
            </span>
          </Show>
        </div>
        <p role="alert" class="error">
          {error()}
        </p>
      </Show>
    </li>
  );
}

function NewPetition(props: { community: CommunityKind; onCreated: () => Promise<unknown> }) {
  const ruleSet = () => defaultRuleSet(props.community);
  const kinds = () => kindsFor(ruleSet()).filter((k) => petitionBases(ruleSet(), k).length > 0);
  const [kind, setKind] = createSignal<MeetingKind | "">("");
  const currentKind = () => kind() || kinds()[0];
  const bases = () => (currentKind() ? petitionBases(ruleSet(), currentKind()!) : []);
  const [basis, setBasis] = createSignal<PetitionBasis | "">("");
  const currentBasis = () => (bases().includes(basis() as PetitionBasis) ? (basis() as PetitionBasis) : bases()[0]);
  const [title, setTitle] = createSignal("");
  const [purpose, setPurpose] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  const [done, setDone] = createSignal("");

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy() || !currentKind() || !currentBasis()) return;
    setBusy(true);
    setError("");
    setDone("");
    try {
      const r = await api.petitions.create.mutate({
        kind: currentKind()!,
        basis: currentBasis()!,
        title: title().trim(),
        purpose: purpose().trim(),
      });
      setDone(t("pet.new.done", { k: r.threshold, m: r.eligible }));
      setTitle("");
      setPurpose("");
      await props.onCreated();
    } catch (err) {
      const f = fieldErrors(err);
      setError(f.title ?? f.purpose ?? f.basis ?? f.kind ?? errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="pet-new-h" data-testid="petition-new">
      <h2 id="pet-new-h">{t("pet.new.title")}</h2>
      <p class="meta">{t("pet.new.hint")}</p>
      <form class="form" onSubmit={submit} novalidate>
        <div class="field">
          <label for="pet-kind">{t("pet.new.kind")}</label>
          <select
            id="pet-kind"
            name="kind"
            value={currentKind()}
            onChange={(e) => setKind(e.currentTarget.value as MeetingKind)}
          >
            <For each={kinds()}>{(k) => <option value={k}>{t(`pet.kind.${k}` as Key)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="pet-basis">{t("pet.new.basis")}</label>
          <select
            id="pet-basis"
            name="basis"
            value={currentBasis()}
            onChange={(e) => setBasis(e.currentTarget.value as PetitionBasis)}
          >
            <For each={bases()}>{(b) => <option value={b}>{basisLabel(b, props.community)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="pet-title">{t("pet.new.titleLabel")}</label>
          <input
            id="pet-title"
            name="title"
            type="text"
            required
            minLength={2}
            maxLength={200}
            value={title()}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="pet-purpose">{t("pet.new.purpose")}</label>
          <textarea
            id="pet-purpose"
            name="purpose"
            class="short"
            required
            minLength={10}
            maxLength={2000}
            aria-describedby="pet-purpose-hint"
            value={purpose()}
            onInput={(e) => setPurpose(e.currentTarget.value)}
          />
          <div id="pet-purpose-hint" class="hint">
            {t("pet.new.purposeHint")}
          </div>
        </div>
        <p role="alert" class="error">
          {error()}
        </p>
        <Show when={done()}>
          <p role="status" class="badge badge-ok">
            {done()}
          </p>
        </Show>
        <div class="btn-row">
          <button type="submit" class="btn btn-primary" disabled={busy()}>
            {t("pet.new.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
