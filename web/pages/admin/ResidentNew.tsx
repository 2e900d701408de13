import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { useQueryClient } from "@tanstack/solid-query";
import { Show } from "solid-js";
import { useConsoleUser } from "../../components/console/user";
import { emptyResident, ResidentForm } from "../../components/registry/ResidentForm";
import { isKeeper } from "../../components/registry/shared";
import { t } from "../../i18n";
import { api } from "../../lib/trpc";

/** 登记居民: one person into the registry (a household may be preset by ?household=&address=). */
export default function ResidentNew() {
  const user = useConsoleUser();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams<{ household?: string; address?: string }>();
  const initial = {
    ...emptyResident(),
    householdId: params.household ?? "",
    householdLabel: params.address ?? "",
  };

  return (
    <div class="console-page">
      <p class="back-link">
        <A href="/admin/residents">← {t("reg.residents.back")}</A>
      </p>
      <h1>{t("reg.new.title")}</h1>
      <Show when={isKeeper(user().role)} fallback={<div class="banner banner-warn">{t("reg.noRightWrite")}</div>}>
        <section class="card">
          <p class="hint">{t("reg.new.intro")}</p>
          <ResidentForm
            user={user()}
            mode="create"
            initial={initial}
            submitLabel={t("reg.new.submit")}
            onSubmit={(v, replaceRep) =>
              api.residents.create.mutate({
                communityId: user().community!.id,
                name: v.name.trim(),
                birthDate: v.birthDate,
                phone: v.phone.trim(),
                householdId: v.householdId || undefined,
                groupId: v.groupId || undefined,
                isHouseholdRep: v.householdId ? v.isHouseholdRep : false,
                isRepresentative: v.isRepresentative,
                replaceRep: replaceRep || undefined,
              })
            }
            onDone={async (r) => {
              await Promise.all([
                qc.invalidateQueries({ queryKey: ["residents.list"] }),
                qc.invalidateQueries({ queryKey: ["residents.households.list"] }),
                qc.invalidateQueries({ queryKey: ["residents.groups.list"] }),
              ]);
              navigate(`/admin/residents/${(r as { id: string }).id}`, { state: { created: true } });
            }}
            onCancel={() => navigate("/admin/residents")}
          />
        </section>
      </Show>
    </div>
  );
}
