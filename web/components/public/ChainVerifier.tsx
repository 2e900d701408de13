import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { t } from "../../i18n";
import type { VerifyMismatch, VerifyProgress, VerifyResult } from "../../../shared/verify";

type LoggedRecord = Pick<VerifyMismatch, "kind" | "recordId" | "version">;

const KIND_KEYS = {
  notice: "pub.log.verify.kind.notice",
  "notice.withdrawal": "pub.log.kind.withdraw",
  "finance.period": "pub.log.kind.finance",
  "poll.result": "pub.log.kind.poll",
  "assessment.result": "pub.log.kind.assessment",
} as const;

const kindName = (kind: string) => (kind in KIND_KEYS ? t(KIND_KEYS[kind as keyof typeof KIND_KEYS]) : kind);

const CHAIN_PROBLEMS = { "chain-prev": "prev", "chain-hash": "hash", seq: "seq" } as const;

/**
 * Verifies the community's whole transparency log in the reader's browser: every link of the
 * chain and every published record's content hash, recomputed from the same open data anyone can
 * download (shared/verify.ts, loaded only when asked for). Names the first mismatch.
 */
export function ChainVerifier(props: { street: string; community: string; recordPath: (r: LoggedRecord) => string }) {
  const [progress, setProgress] = createSignal<VerifyProgress | null>(null);
  const [result, setResult] = createSignal<VerifyResult | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const base = () => `/${props.street}/${props.community}`;

  const run = async () => {
    setResult(null);
    setError(null);
    setProgress({ phase: "log", done: 0 });
    try {
      const { openDataGetter, verifyCommunity } = await import("../../../shared/verify");
      // Revalidate every response: a cached copy could hide an edit made since it was fetched.
      const getJson = openDataGetter((url) =>
        fetch(url, { cache: "no-cache", headers: { accept: "application/json" } }),
      );
      setResult(await verifyCommunity(getJson, props.street, props.community, setProgress));
    } catch (err) {
      setError(t("pub.log.verify.error", { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setProgress(null);
    }
  };

  const progressText = (p: VerifyProgress) =>
    p.phase === "log"
      ? t("pub.log.verify.running", { n: p.done })
      : t("pub.log.verify.checking", { done: p.done, total: p.total });

  const counts = (records: Extract<VerifyResult, { ok: true }>["records"]) =>
    (Object.keys(KIND_KEYS) as (keyof typeof KIND_KEYS)[])
      .filter((kind) => records[kind])
      .map((kind) => `${kindName(kind)} ${records[kind]}`)
      .join(" · ");

  const headline = (m: VerifyMismatch) =>
    m.problem in CHAIN_PROBLEMS
      ? t("pub.log.verify.broken", {
          seq: m.seq,
          problem: t(`pub.log.problem.${CHAIN_PROBLEMS[m.problem as keyof typeof CHAIN_PROBLEMS]}`),
        })
      : t("pub.log.verify.failed", {
          seq: m.seq,
          kind:
            m.kind === "notice" || m.kind === "notice.withdrawal"
              ? `${kindName(m.kind)} · ${t("pub.log.verify.version", { n: m.version })}`
              : kindName(m.kind),
        });

  // A finance period's page is named by its key, which the verifier read from the open data.
  const recordLink = (m: VerifyMismatch) => {
    const period = m.kind === "finance.period" ? m.source?.match(/\/finance\/([^/?]+)$/)?.[1] : undefined;
    return period ? `${base()}/finance/${period}` : props.recordPath(m);
  };

  const explanation = (m: VerifyMismatch) =>
    m.problem === "content"
      ? t("pub.log.verify.problem.content")
      : m.problem === "missing-record"
        ? t("pub.log.verify.problem.missing")
        : m.problem === "unknown-kind"
          ? t("pub.log.verify.problem.unknown")
          : null;

  return (
    <section class="card" aria-labelledby="verify-h">
      <h2 id="verify-h">{t("pub.log.verify.title")}</h2>
      <p class="meta">{t("pub.log.verify.hint")}</p>
      <div class="btn-row">
        <button type="button" class="btn btn-primary" disabled={progress() !== null} onClick={run}>
          <Show when={progress()} fallback={t("pub.log.verify.button")}>
            {(p) => progressText(p())}
          </Show>
        </button>
      </div>
      <div role="status" aria-live="polite" data-testid="chain-result">
        <Show when={result()}>
          {(r) => {
            const res = r();
            if (res.ok)
              return (
                <div class="banner banner-info chain-ok">
                  <p>✓ {t("pub.log.verify.ok", { n: res.entries })}</p>
                  <p>
                    {t("pub.log.verify.records", {
                      n: Object.values(res.records).reduce((n, x) => n + (x ?? 0), 0),
                    })}
                  </p>
                  <Show when={counts(res.records)}>
                    <p class="meta">{counts(res.records)}</p>
                  </Show>
                </div>
              );
            return (
              <div class="banner banner-bad chain-bad" data-testid="chain-mismatch">
                <p>
                  <strong>✗ {headline(res)}</strong>
                </p>
                <Show when={explanation(res)}>
                  <p>{explanation(res)}</p>
                </Show>
                <dl class="kv">
                  <For
                    each={[
                      [
                        t(res.problem in CHAIN_PROBLEMS ? "pub.log.verify.expected" : "pub.log.verify.logged"),
                        res.expected,
                      ],
                      [
                        t(res.problem in CHAIN_PROBLEMS ? "pub.log.verify.actual" : "pub.log.verify.recomputed"),
                        res.actual ?? t("pub.log.verify.none"),
                      ],
                    ]}
                  >
                    {([label, value]) => (
                      <>
                        <dt>{label}</dt>
                        <dd class="mono">{value}</dd>
                      </>
                    )}
                  </For>
                </dl>
                <p class="link-row">
                  <A href={recordLink(res)} data-testid="mismatch-record">
                    {t("pub.log.verify.viewRecord")}
                  </A>
                  <Show when={res.source}>
                    {(source) => (
                      <a href={source()} rel="external" target="_blank">
                        {t("pub.log.verify.openData")}
                      </a>
                    )}
                  </Show>
                  <A href={`${base()}/transparency?seq=${res.seq}`}>{t("pub.log.verify.viewEntry")}</A>
                </p>
              </div>
            );
          }}
        </Show>
        <Show when={error()}>
          <p class="banner banner-bad">{error()}</p>
        </Show>
      </div>
    </section>
  );
}
